import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as add from './add.js';
import * as list from './list.js';

export function command(cli: Cli): Command {
  return new Command('site')
    .description(cli.t('隔离点：添加、查看在住情况', 'quarantine sites: add, occupancy'))
    .addCommand(add.command(cli))
    .addCommand(list.command(cli));
}
