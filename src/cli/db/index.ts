import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as dbPath from './path.js';

export function command(deps: Deps): Command {
  return new Command('db').description(L('数据库文件', 'the database file')).addCommand(dbPath.command(deps));
}
