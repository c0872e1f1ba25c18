import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as backup from './backup.js';
import * as check from './check.js';
import * as copy from './copy.js';
import * as dbPath from './path.js';
import * as restore from './restore.js';
import * as roles from './roles.js';

export function command(cli: Cli): Command {
  return new Command('db')
    .description(cli.t('数据库：路径、备份、恢复、检查、复制到 PostgreSQL、角色', 'the database: path, backup, restore, check, copy to PostgreSQL, roles'))
    .addCommand(dbPath.command(cli))
    .addCommand(backup.command(cli))
    .addCommand(restore.command(cli))
    .addCommand(check.command(cli))
    .addCommand(copy.command(cli))
    .addCommand(roles.command(cli));
}
