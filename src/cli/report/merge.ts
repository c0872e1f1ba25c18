/** fangkong report merge — several counties' JSON daily reports added into one (the city's). */
import { Command } from 'commander';
import { StoreError, UsageError } from '../../domain/errors.js';
import type { MergedReport } from '../../domain/report.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { metrics } from './render.js';

export function command(deps: Deps): Command {
  const cmd = new Command('merge')
    .description(L('汇总多个县区同一天的 JSON 日报，保留每个单位一列；日期或格式版本不一致则拒绝', "add several units' JSON daily reports of one date into one, with a column per unit; mismatched dates or schema versions are refused"))
    .argument('<files...>', L('各单位的 JSON 日报', "the units' JSON reports"))
    .option('--unit <name>', L('汇总后的单位名称（默认：合计）', 'name of the merged unit (default: total)'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong report merge 城关县.json 河口县.json --unit 某某市 --format markdown\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ unit?: string; out?: string }>(deps, async (opts, ctx, [files]) => {
      const fs = await import('node:fs');
      const list = files as unknown as string[];
      if (list.length < 2) throw new UsageError(ctx.t('至少给出两个日报文件', 'give at least two report files'));
      const reports = list.map((file) => {
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch (err) {
          throw new StoreError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        }
        try {
          return { file, report: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
        } catch {
          return { file, report: null };
        }
      });
      const { merge } = await import('../../services/reporting.js');
      const merged = merge(reports, opts.unit ?? ctx.t('合计', 'total'));
      await emit(ctx, await render(merged, ctx), opts.out);
    }),
  );
}

export async function render(m: MergedReport, ctx: Ctx): Promise<string> {
  const format = ctx.listFormat();
  if (format === 'json') return JSON.stringify(m, null, 2) + '\n';
  const units = m.units;
  const total = metrics(m).filter(([k]) => !k.startsWith('arrivals.by_township') && k !== 'date' && k !== 'unit');
  const per = units.map((u) => new Map(metrics(m.by_unit[u]).map(([k, , , v]) => [k, v])));
  const label = (zh: string, en: string) => (ctx.lang === 'zh' ? zh : en);
  const val = (v: unknown) => (typeof v === 'boolean' ? (v ? label('是', 'yes') : label('否', 'no')) : String(v ?? 0));
  const head = [label('项目', 'item'), ...units, m.unit];
  const rows = total.map(([k, zh, en, v]) => [format === 'csv' ? k : label(zh, en), ...per.map((p) => val(p.get(k))), val(v)]);
  const { stringify } = await import('csv-stringify/sync');
  if (format === 'csv') return stringify([['metric', ...units, m.unit], ...rows]);
  const titleText = label(`${m.unit} 疫情防控日报汇总（${m.date}）`, `${m.unit} daily report, merged (${m.date})`);
  if (format === 'markdown') {
    return [`# ${titleText}`, '', `| ${head.join(' | ')} |`, `|---|${units.map(() => '---:').join('|')}|---:|`, ...rows.map((r) => `| ${r.join(' | ').replace(/^ {2}/, '　')} |`)].join('\n') + '\n';
  }
  const { default: Table } = await import('cli-table3');
  const { painter } = await import('../../io/render.js');
  const paint = await painter(ctx.color);
  const t = new Table({ head: head.map(paint.head), style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const r of rows) t.push(r);
  return `${paint.label(titleText)}\n${t.toString()}\n`;
}
