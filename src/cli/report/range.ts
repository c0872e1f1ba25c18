/** fangkong report range — one row per day, and on a terminal a chart of what officials watch. */
import { Command } from 'commander';
import type { RangeRow } from '../../services/reporting.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  const cmd = new Command('range')
    .description(L('按日汇总：每天一行；在终端上另画出新增来返、集中隔离在管、卡点异常的走势', 'one row per day; on a terminal, a chart of arrivals, people in centralised quarantine and anomalies'))
    .requiredOption('--from <date>', L('起始日期', 'first day'))
    .requiredOption('--to <date>', L('截止日期', 'last day'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong report range --from 2022-11-14 --to 2022-11-22\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ from: string; to: string; out?: string }>(deps, async (opts, ctx) => {
      const { reportRange } = await import('../../services/reporting.js');
      const rows = reportRange(await ctx.openStore(), dateOption('--from', opts.from)!, dateOption('--to', opts.to)!);
      await emit(ctx, await render(rows, ctx), opts.out);
    }),
  );
}

const COLUMNS: Array<[keyof RangeRow, string, string]> = [
  ['date', '日期', 'date'],
  ['arrivals', '新增来返', 'arrivals'],
  ['centralized', '集中隔离', 'centralised'],
  ['home_quarantine', '居家隔离', 'home q.'],
  ['health_monitoring', '健康监测', 'monitoring'],
  ['started', '新增管控', 'started'],
  ['released', '解除', 'released'],
  ['tests_missing', '未检', 'tests missing'],
  ['positive', '阳性', 'positive'],
  ['anomalies', '卡点异常', 'anomalies'],
  ['zero_report', '零报告', 'zero'],
];

export async function render(rows: RangeRow[], ctx: Ctx): Promise<string> {
  const format = ctx.listFormat();
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const { stringify } = await import('csv-stringify/sync');
  if (format === 'csv') return stringify([COLUMNS.map((c) => c[0]), ...rows.map((r) => COLUMNS.map((c) => String(r[c[0]])))]);
  const head = COLUMNS.map((c) => ctx.t(c[1], c[2]));
  const cells = rows.map((r) => COLUMNS.map((c) => (c[0] === 'zero_report' ? (r.zero_report ? ctx.t('是', 'yes') : '') : String(r[c[0]]))));
  if (format === 'markdown') return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.join(' | ')} |`)].join('\n') + '\n';
  const { default: Table } = await import('cli-table3');
  const { painter } = await import('../../io/render.js');
  const paint = await painter(ctx.color);
  const t = new Table({ head: head.map(paint.head), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const c of cells) t.push(c);
  let text = t.toString() + '\n';
  if (ctx.io.stdoutIsTTY && rows.length > 1) {
    const { default: asciichart } = await import('asciichart');
    for (const [key, zh, en] of [['arrivals', '新增来返人员', 'new arrivals'], ['centralized', '集中隔离在管', 'in centralised quarantine'], ['anomalies', '卡点异常', 'checkpoint anomalies']] as const) {
      const series = rows.map((r) => r[key] as number);
      text += `\n${paint.label(ctx.t(zh, en))}  ${rows[0].date} → ${rows[rows.length - 1].date}\n`;
      text += asciichart.plot(series, { height: 5, format: (x: number) => String(Math.round(x)).padStart(5) }) + '\n';
    }
  }
  return text;
}
