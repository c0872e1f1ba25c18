/** fangkong report diff — what changed in a day's report since it was issued, and which records caused it. */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { Block, Column, View } from '../../io/output.js';
import type { Cause, ReportDiff } from '../../services/reporting.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { fullLabel } from './render.js';

export interface Options {
  date: string;
  unit?: string;
  /** The number of an issued report (report history); default the latest of the date. */
  issue?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('diff')
    .description(
      t(
        '某日日报上报后的变化：逐项列出上报时与现在的数字，以及造成变化的记录（补报、更正、解除、撤销、调整、核酸结果、查验）',
        "what changed in a day's report since it was issued: each figure as issued and now, and the records that caused it (late registrations, corrections, releases, cancellations, reassessments, test results, inspections)",
      ),
    )
    .requiredOption('--date <date>', t('报告日期', 'the date of the report'))
    .option('--unit <name>', t('单位名称（默认为 “fangkong config set unit” 所设）', "the unit's name (default: the one set with config set unit)"))
    .option('--issue <n>', t('上报记录编号（见 report history；默认为该日最后一次上报）', 'the issued report to compare with (see report history; default: the last of the date)'))
    .addHelpText('after', examples(cli, 'fangkong report diff --date 2022-11-20'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ReportDiff> {
  const date = dateOption('--date', opts.date)!;
  let issue: number | undefined;
  if (opts.issue !== undefined) {
    issue = Number(opts.issue);
    if (!Number.isInteger(issue) || issue < 1) throw new UsageError(ctx.t(`--issue 应为上报记录编号，不是 "${opts.issue}"`, `--issue must be the number of an issued report, not "${opts.issue}"`));
  }
  const { reportDiff } = await import('../../services/reporting.js');
  return reportDiff(await ctx.openStore(), { date, unit: opts.unit ?? ctx.deps?.env.FANGKONG_UNIT, defaultUnit: ctx.deps?.config?.unit, issue }, ctx);
}

const KINDS: Record<Cause['kind'], [zh: string, en: string]> = {
  registration: ['登记', 'registration'],
  assignment: ['分配措施', 'assignment'],
  release: ['解除', 'release'],
  cancellation: ['撤销', 'cancellation'],
  reassessment: ['批量调整', 'reassessment'],
  transfer: ['转移', 'transfer'],
  test_result: ['核酸结果', 'test result'],
  inspection: ['卡点查验', 'inspection'],
  risk_area: ['风险区变更', 'risk area'],
  deletion: ['删除报备', 'deletion'],
  restoration: ['恢复报备', 'restoration'],
  correction: ['更正', 'correction'],
  void: ['作废查验', 'void'],
  amendment: ['更正核酸', 'amendment'],
};

function value(v: number | boolean | null, ctx: Ctx): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? ctx.t('是', 'yes') : ctx.t('否', 'no');
  return String(v);
}

function delta(a: number | boolean | null, b: number | boolean | null): string {
  if (typeof a === 'number' && typeof b === 'number') return b > a ? `+${b - a}` : `−${a - b}`;
  if (typeof a !== 'number' && typeof b === 'number') return `+${b}`;
  if (typeof a === 'number' && b === null) return `−${a}`;
  return '';
}

function minute(at: string): string {
  return at.replace('T', ' ').slice(0, 16);
}

function who(c: Cause, { t }: Ctx): string {
  const a = c.arrival;
  if (!a) return '';
  const late = a.late ? t('，补报', ', late') : '';
  return t(
    `${a.name}（报备 ${a.arrival_id}，抵达 ${a.arrival_date}，${minute(a.registered_at)} 登记${late}）`,
    `${a.name} (arrival ${a.arrival_id}, arrived ${a.arrival_date}, registered ${minute(a.registered_at)}${late})`,
  );
}

function what(c: Cause, { t }: Ctx): string {
  const d = c.detail ?? '';
  switch (c.kind) {
    case 'registration':
      return t(`抵达 ${c.from}`, `arrived ${c.from}`);
    case 'assignment':
      return t(`${d}，自 ${c.from} 起`, `${d}, from ${c.from}`);
    case 'release':
      return t(`${c.from} 解除：${d}`, `released ${c.from}: ${d}`);
    case 'cancellation':
      return t(`${c.from} 起撤销：${d}`, `cancelled from ${c.from}: ${d}`);
    case 'reassessment':
      return t(`${d}，自 ${c.from} 起`, `${d}, from ${c.from}`);
    case 'transfer':
      return t(`${c.from} 起在${d || '家'}`, `from ${c.from} at ${d || 'home'}`);
    case 'test_result':
      return t({ negative: '阴性', positive: '阳性', pending: '待出结果' }[d] ?? d, d);
    case 'inspection':
      return `${d} ${minute(c.from ?? '')}`;
    case 'risk_area':
      return d;
    case 'deletion':
      return t(`已删除：${d}`, `deleted: ${d}`);
    case 'restoration':
      return t('已恢复', 'restored');
    case 'correction':
    case 'void':
    case 'amendment':
      return d;
  }
}

export function view(r: ReportDiff, ctx: Ctx): View {
  const { t } = ctx;
  const i = r.issue;
  const changes = r.changes.map((c) => ({ ...c, label: fullLabel(c.key, t), was: value(c.issued, ctx), is: value(c.now, ctx), change: delta(c.issued, c.now) }));
  const causes = r.causes.map((c) => ({ ...c, what: t(...KINDS[c.kind]), person: who(c, ctx), detail_text: what(c, ctx), written: `${minute(c.at)} ${c.actor}` }));
  const blocks: Block[] = [
    { title: t(`${r.unit} ${r.date} 日报：上报后的变化`, `${r.unit} report of ${r.date}: changes since it was issued`) },
    {
      text: t(
        `上报：第 ${i.id} 号，${i.issued_at}，${i.actor}，${i.format}${i.file ? ` → ${i.file}` : ''}（sha256 ${i.sha256.slice(0, 12)}…）`,
        `issued: #${i.id}, ${i.issued_at}, by ${i.actor}, ${i.format}${i.file ? ` → ${i.file}` : ''} (sha256 ${i.sha256.slice(0, 12)}…)`,
      ),
    },
  ];
  if (changes.length === 0) blocks.push({ text: t('上报以来数字没有变化。', 'No figure has changed since it was issued.'), tone: 'good' });
  else {
    blocks.push({
      list: changes,
      columns: [{ key: 'label', heading: t('项目', 'item') }, { key: 'was', heading: t('上报时', 'as issued'), align: 'right' }, { key: 'is', heading: t('现在', 'now'), align: 'right' }, { key: 'change', heading: t('变化', 'change'), align: 'right' }],
    });
  }
  blocks.push({ title: t('上报后写入、涉及当日的记录', 'Records written since that bear on the day'), level: 2 });
  blocks.push({
    list: causes,
    columns: [{ key: 'record', heading: t('记录', 'record') }, { key: 'what', heading: t('类型', 'kind') }, { key: 'person', heading: t('人员', 'person') }, { key: 'detail_text', heading: t('内容', 'what') }, { key: 'written', heading: t('写入', 'written') }],
    empty: t('没有。', 'None.'),
  });
  const csvColumns: Column[] = [{ key: 'key' }, { key: 'label' }, { key: 'issued' }, { key: 'now' }];
  return { kind: 'document', data: r, blocks, csv: { rows: changes, columns: csvColumns } };
}
