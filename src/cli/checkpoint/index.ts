import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as add from './add.js';
import * as list from './list.js';

export function command(deps: Deps): Command {
  return new Command('checkpoint')
    .description(L('卡点：添加、查看当天查验数', "checkpoints: add, the day's counts"))
    .addCommand(add.command(deps))
    .addCommand(list.command(deps));
}
