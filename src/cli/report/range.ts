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
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('range')
    .description(
      t(
        '按日汇总：每天一行（与日报同样的数字：各类管控的在管/新增/转入/转出/解除/撤销、核酸、卡点异常）；在终端上和 HTML 中另画出新增来返、集中隔离在管、卡点异常的走势',
        'one row per day (the figures of the daily report: each measure kind with all its flows, tests, anomalies); on a terminal and in HTML, a chart of arrivals, people in centralised quarantine and anomalies',
      ),
    )
    .requiredOption('--from <date>', t('起始日期', 'first day'))
    .requiredOption('--to <date>', t('截止日期', 'last day'))
    .addHelpText('after', examples(cli, 'fangkong report range --from 2022-11-14 --to 2022-11-22'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<RangeRow[]> {
  const from = dateOption('--from', opts.from)!;
  const to = dateOption('--to', opts.to)!;
  const { reportRange } = await import('../../services/reporting.js');
  return reportRange(await ctx.openStore(), from, to);
}

/**
 * The rows are the JSON and the CSV; on screen, in Markdown and on a printed page the day's
 * counts and each kind's flows as tables, and on a terminal and a printed page the charts.
 */
export function view(rows: RangeRow[], ctx: Ctx): View {
  return { kind: 'document', data: rows, ...rangeDocument(rows, ctx.t) };
}
