/** fangkong report range — one row per day, and on a terminal a chart of what officials watch. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { RangeRow } from '../../services/reporting.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { rangeDocument } from './render.js';

export interface Options {
  from: string;
  to: string;
  /** --out FILE: written by the output pipeline; here only so that no chart goes into a file. */
  out?: string;
}

export interface RangeResult {
  rows: RangeRow[];
  /** Draw the charts: the output is a terminal, not a file. */
  chart: boolean;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('range')
    .description(t('按日汇总：每天一行；在终端上另画出新增来返、集中隔离在管、卡点异常的走势', 'one row per day; on a terminal, a chart of arrivals, people in centralised quarantine and anomalies'))
    .requiredOption('--from <date>', t('起始日期', 'first day'))
    .requiredOption('--to <date>', t('截止日期', 'last day'))
    .addHelpText('after', examples(cli, 'fangkong report range --from 2022-11-14 --to 2022-11-22'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<RangeResult> {
  const from = dateOption('--from', opts.from)!;
  const to = dateOption('--to', opts.to)!;
  const { reportRange } = await import('../../services/reporting.js');
  return { rows: reportRange(await ctx.openStore(), from, to), chart: ctx.io.stdoutIsTTY && !opts.out };
}

/** The rows are the JSON and the CSV; on screen and in Markdown a table, and the charts when asked. */
export async function view(r: RangeResult, ctx: Ctx): Promise<View> {
  return { kind: 'document', data: r.rows, ...(await rangeDocument(r.rows, ctx.t, r.chart)) };
}
