import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as add from './add.js';
import * as list from './list.js';

export function command(cli: Cli): Command {
  return new Command('checkpoint')
    .description(cli.t('卡点：添加、查看当天查验数', "checkpoints: add, the day's counts"))
    .addCommand(add.command(cli))
    .addCommand(list.command(cli));
}
