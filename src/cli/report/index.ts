import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as daily from './daily.js';
import * as merge from './merge.js';
import * as range from './range.js';

export function command(deps: Deps): Command {
  return new Command('report')
    .description(L('报告：日报（零报告）、按日汇总、多单位汇总', 'reports: daily (zero report), a range of days, several units merged'))
    .addCommand(daily.command(deps))
    .addCommand(range.command(deps))
    .addCommand(merge.command(deps));
}
