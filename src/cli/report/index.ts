import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as daily from './daily.js';
import * as merge from './merge.js';
import * as range from './range.js';

export function command(cli: Cli): Command {
  return new Command('report')
    .description(cli.t('报告：日报（零报告）、按日汇总、多单位汇总', 'reports: daily (zero report), a range of days, several units merged'))
    .addCommand(daily.command(cli))
    .addCommand(range.command(cli))
    .addCommand(merge.command(cli));
}
