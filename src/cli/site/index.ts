import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as add from './add.js';
import * as list from './list.js';

export function command(deps: Deps): Command {
  return new Command('site')
    .description(L('隔离点：添加、查看在住情况', 'quarantine sites: add, occupancy'))
    .addCommand(add.command(deps))
    .addCommand(list.command(deps));
}
