/** fangkong test due — the day's follow-up list. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { FollowUp } from '../../services/testing.js';
import { addListOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { followUpView } from './render.js';

export interface Options {
  /** YYYY-MM-DD; default today. */
  date?: string;
  /** Only people of this township. */
  township?: string;
}

export interface DueList {
  date: string;
  rows: FollowUp[];
}

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined), township: (flags.township as string | undefined)?.trim() || undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('due')
    .description(t('当天（默认今天）应做核酸的人员：在哪里（隔离点或住址）、哪个阶段第几天、已检、已采样待结果或未检', "the day's follow-up list: who is due a test, where (site or address), which day of which phase, done, sampled awaiting the result, or not yet"))
    .option('--date <date>', t('日期', 'date'))
    .option('--township <name>', t('只列这个乡镇的人员', 'only people of this township'))
    .addHelpText('after', examples(cli, 'fangkong test due --date 2022-11-22'));
  return addListOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<DueList> {
  const { testsDue } = await import('../../services/testing.js');
  const date = opts.date ?? ctx.today;
  const rows = testsDue(await ctx.openStore(), date);
  return { date, rows: opts.township ? rows.filter((r) => r.township === opts.township) : rows };
}

/** The counts under the table: due, done (a final result), sampled and awaiting the result, not yet sampled. */
export async function view({ date, rows }: DueList, ctx: Ctx): Promise<View> {
  const { tally: count } = await import('../../services/testing.js');
  const n = count(rows);
  const tally = ctx.t(`${date}：应检 ${n.due} 人，已检 ${n.done}，已采样待结果 ${n.pending}，未检 ${n.missing}`, `${date}: ${n.due} due, ${n.done} done, ${n.pending} sampled awaiting result, ${n.missing} not yet`);
  return followUpView(rows, ctx, { withDate: false, tally });
}
