/** fangkong test overdue — scheduled tests with no result by the end of their day. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { FollowUp } from '../../services/testing.js';
import { addListOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { followUpView } from './render.js';

export interface Options {
  /** Up to, not including, this date; default today. */
  date?: string;
  /** From this date; default 30 days before --date. */
  since?: string;
  /** Only people of this township. */
  township?: string;
}

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined), since: dateOption('--since', flags.since as string | undefined), township: (flags.township as string | undefined)?.trim() || undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('overdue')
    .description(t('逾期未检：应检日期在 --date（默认今天）之前、至今没有结果的检测（默认往前看30天）；已采样待结果的另计', 'overdue: tests due before --date (default today) with no result (looking back 30 days unless --since); those sampled and awaiting the result counted apart'))
    .option('--date <date>', t('截至日期（不含）', 'up to (not including) this date'))
    .option('--since <date>', t('从这一天起', 'from this date'))
    .option('--township <name>', t('只列这个乡镇的人员', 'only people of this township'))
    .addHelpText('after', examples(cli, 'fangkong test overdue --date 2022-11-23'));
  return addListOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<FollowUp[]> {
  const { testsOverdue } = await import('../../services/testing.js');
  const rows = testsOverdue(await ctx.openStore(), opts.date ?? ctx.today, opts.since);
  return opts.township ? rows.filter((r) => r.township === opts.township) : rows;
}

/** Not sampled by the end of their day, and (counted apart) sampled but still awaiting the result. */
export function view(rows: FollowUp[], ctx: Ctx): View {
  const pending = rows.filter((r) => r.pending).length;
  const missing = rows.length - pending;
  const tally = pending
    ? ctx.t(`逾期未检 ${missing} 次；已采样仍待结果 ${pending} 次`, `${missing} overdue test(s); ${pending} sampled, still awaiting the result`)
    : ctx.t(`逾期未检 ${missing} 次`, `${missing} overdue test(s)`);
  return followUpView(rows, ctx, { withDate: true, tally });
}
