/** fangkong test due — the day's follow-up list. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { FollowUp } from '../../services/testing.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { followUpView } from './render.js';

export interface Options {
  /** YYYY-MM-DD; default today. */
  date?: string;
}

export interface DueList {
  date: string;
  rows: FollowUp[];
}

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined) };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('due')
    .description(t('当天（默认今天）应做核酸的人员：在哪里（隔离点或住址）、哪个阶段第几天、是否已检', "the day's follow-up list: who is due a test, where (site or address), which day of which phase, done or not"))
    .option('--date <date>', t('日期', 'date'))
    .addHelpText('after', examples(cli, 'fangkong test due --date 2022-11-22'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<DueList> {
  const { testsDue } = await import('../../services/testing.js');
  const date = opts.date ?? ctx.today;
  return { date, rows: testsDue(await ctx.openStore(), date) };
}

export function view({ date, rows }: DueList, ctx: Ctx): View {
  const done = rows.filter((r) => r.done).length;
  const tally = ctx.t(`${date}：应检 ${rows.length} 人，已检 ${done}，未检 ${rows.length - done}`, `${date}: ${rows.length} due, ${done} done, ${rows.length - done} not yet`);
  return followUpView(rows, ctx, { withDate: false, tally });
}
