/** fangkong config — the unit's settings (its name, for reports). */
import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as list from './list.js';
import * as set from './set.js';

export function command(cli: Cli): Command {
  return new Command('config')
    .description(cli.t('本单位设置（如报告中的单位名称）', "this unit's settings (such as its name on reports)"))
    .addCommand(set.command(cli))
    .addCommand(list.command(cli));
}
