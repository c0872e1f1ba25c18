import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as daily from './daily.js';
import * as diff from './diff.js';
import * as history from './history.js';
import * as merge from './merge.js';
import * as range from './range.js';

export function command(cli: Cli): Command {
  return new Command('report')
    .description(cli.t('报告：日报（零报告）、按日汇总、多单位汇总、上报记录、上报后的变化', 'reports: daily (zero report), a range of days, several units merged, the reports as issued, what changed since'))
    .addCommand(daily.command(cli))
    .addCommand(range.command(cli))
    .addCommand(merge.command(cli))
    .addCommand(history.command(cli))
    .addCommand(diff.command(cli));
}
