/** fangkong test overdue — scheduled tests with no result by the end of their day. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { FollowUp } from '../../services/testing.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { followUpView } from './render.js';

export interface Options {
  /** Up to, not including, this date; default today. */
  date?: string;
  /** From this date; default 30 days before --date. */
  since?: string;
}

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined), since: dateOption('--since', flags.since as string | undefined) };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('overdue')
    .description(t('逾期未检：应检日期在 --date（默认今天）之前、至今没有结果的检测（默认往前看30天）', 'overdue: tests due before --date (default today) with no result (looking back 30 days unless --since)'))
    .option('--date <date>', t('截至日期（不含）', 'up to (not including) this date'))
    .option('--since <date>', t('从这一天起', 'from this date'))
    .addHelpText('after', examples(cli, 'fangkong test overdue --date 2022-11-23'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<FollowUp[]> {
  const { testsOverdue } = await import('../../services/testing.js');
  return testsOverdue(await ctx.openStore(), opts.date ?? ctx.today, opts.since);
}

export function view(rows: FollowUp[], ctx: Ctx): View {
  return followUpView(rows, ctx, { withDate: true, tally: ctx.t(`逾期未检 ${rows.length} 次`, `${rows.length} overdue test(s)`) });
}
