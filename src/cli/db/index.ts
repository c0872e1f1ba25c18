import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as backup from './backup.js';
import * as check from './check.js';
import * as dbPath from './path.js';
import * as restore from './restore.js';

export function command(deps: Deps): Command {
  return new Command('db')
    .description(L('数据库文件：路径、备份、恢复、检查', 'the database file: path, backup, restore, check'))
    .addCommand(dbPath.command(deps))
    .addCommand(backup.command(deps))
    .addCommand(restore.command(deps))
    .addCommand(check.command(deps));
}
