/**
 * The reports as documents for the one renderer (io/render.ts): blocks for a screen or for
 * Markdown to paste into a message, and the rows of their CSV. Pure view builders: the JSON of
 * a report is the report itself (a contract, domain/report.ts), so nothing here touches it.
 */
import { valueLabel, type T } from '../../domain/i18n.js';
import { PHASE_KINDS } from '../../domain/policy.js';
import { NO_TOWNSHIP, type DailyReport, type MergedReport } from '../../domain/report.js';
import type { Block, Column } from '../../io/output.js';
import type { RangeRow } from '../../services/reporting.js';

type Metric = [key: string, zh: string, en: string, value: number | string | boolean];

/** A document's parts: what people see, and what a spreadsheet gets. */
export interface ReportDocument {
  blocks: Block[];
  csv: { rows: object[]; columns: Column[] };
}

/**
 * The report as (key, label, value) rows; the keys are the JSON paths. A label that starts with
 * two spaces is a sub-item (Markdown shows the indent as a full-width space).
 */
export function metrics(r: DailyReport): Metric[] {
  const m: Metric[] = [
    ['date', '日期', 'date', r.date],
    ['unit', '单位', 'unit', r.unit],
    ['zero_report', '零报告', 'zero report', r.zero_report],
    ['arrivals.new', '新增来返人员', 'new arrivals', r.arrivals.new],
  ];
  for (const l of ['high', 'medium', 'low'] as const) m.push([`arrivals.by_risk.${l}`, `  来自${valueLabel('level', l, 'zh')}地区`, `  from ${l}-risk areas`, r.arrivals.by_risk[l]]);
  for (const [t, n] of Object.entries(r.arrivals.by_transport)) if (n) m.push([`arrivals.by_transport.${t}`, `  ${valueLabel('transport', t, 'zh')}`, `  by ${t}`, n]);
  for (const [t, n] of Object.entries(r.arrivals.by_township)) m.push([`arrivals.by_township.${t}`, `  ${t === NO_TOWNSHIP ? '乡镇未填' : t}`, `  ${t}`, n]);
  for (const k of PHASE_KINDS) {
    const zh = valueLabel('phase', k, 'zh');
    const en = valueLabel('phase', k, 'en');
    m.push([`measures.${k}.active`, `${zh}在管`, `${en}: under the measure`, r.measures[k].active]);
    m.push([`measures.${k}.started`, `  今日新增`, `  started today`, r.measures[k].started]);
    m.push([`measures.${k}.released`, `  今日解除`, `  released today`, r.measures[k].released]);
  }
  m.push(['tests.due', '今日应检', 'tests due', r.tests.due]);
  m.push(['tests.done', '  已检', '  done', r.tests.done]);
  m.push(['tests.missing', '  未检', '  missing', r.tests.missing]);
  m.push(['tests.positive', '核酸阳性', 'positive tests', r.tests.positive]);
  m.push(['inspections.total', '卡点查验（次）', 'inspections', r.inspections.total]);
  m.push(['inspections.people', '  查验人数', '  people', r.inspections.people]);
  m.push(['inspections.vehicles', '  查验车辆', '  vehicles', r.inspections.vehicles]);
  m.push(['inspections.anomalies', '  异常', '  anomalies', r.inspections.anomalies]);
  return m;
}

const HEAD_KEYS = new Set(['date', 'unit', 'zero_report']);

const CHECKPOINT_COLUMNS: Column[] = [
  { key: 'name', label: 'checkpoint' },
  { key: 'people', align: 'right' },
  { key: 'vehicles', align: 'right' },
  { key: 'anomalies', align: 'right' },
];

const SITE_COLUMNS: Column[] = [
  { key: 'name', label: 'site' },
  { key: 'capacity', align: 'right' },
  { key: 'occupied', align: 'right' },
];

/** The daily report: title, the zero-report line, the items and their counts, checkpoints, sites. */
export function dailyDocument(r: DailyReport, t: T): ReportDocument {
  const rows = metrics(r);
  const blocks: Block[] = [{ title: t(`${r.unit} 疫情防控日报（${r.date}）`, `${r.unit} daily epidemic-prevention report (${r.date})`) }];
  if (r.zero_report) {
    blocks.push({
      text: t('零报告：本日无新增来返人员，无新增或解除管控，无核酸阳性，卡点无异常。', 'Zero report: no new arrivals, no measure started or ended, no positive test, no anomaly at a checkpoint.'),
      tone: 'good',
    });
  }
  blocks.push({
    list: rows.filter(([k]) => !HEAD_KEYS.has(k)).map(([, zh, en, value]) => ({ item: t(zh, en), count: value })),
    columns: [{ key: 'item', heading: t('项目', 'item') }, { key: 'count', heading: t('数量', 'count'), align: 'right' }],
  });
  if (r.inspections.by_checkpoint.length) blocks.push({ title: t('卡点', 'Checkpoints'), level: 2 }, { list: r.inspections.by_checkpoint, columns: CHECKPOINT_COLUMNS });
  if (r.sites.length) blocks.push({ title: t('隔离点', 'Quarantine sites'), level: 2 }, { list: r.sites, columns: SITE_COLUMNS });
  return { blocks, csv: { rows: rows.map(([metric, , , value]) => ({ metric, value })), columns: [{ key: 'metric' }, { key: 'value' }] } };
}

/** Names made distinct for CSV headers: a repeated one gets " (2)". */
function distinct(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let i = 2; seen.has(name); i++) name = `${n} (${i})`;
    seen.add(name);
    return name;
  });
}

/** Several units' reports added up: an item column, one column per unit, then the total. */
export function mergedDocument(m: MergedReport, t: T): ReportDocument {
  const total = metrics(m).filter(([k]) => !k.startsWith('arrivals.by_township') && k !== 'date' && k !== 'unit');
  const per = m.units.map((u) => new Map(metrics(m.by_unit[u]).map(([k, , , v]) => [k, v])));
  const values = (k: string, v: Metric[3]) => [...per.map((p) => p.get(k) ?? 0), v];
  // on screen: keys u0…un and total, headed by the units' names
  const keys = [...m.units.map((_, i) => `u${i}`), 'total'];
  const headings = [...m.units, m.unit];
  const screenRows = total.map(([k, zh, en, v]) => Object.fromEntries([['item', t(zh, en)], ...values(k, v).map((x, i) => [keys[i], x])]));
  const screenColumns: Column[] = [{ key: 'item', heading: t('项目', 'item') }, ...keys.map((key, i) => ({ key, heading: headings[i], align: 'right' as const }))];
  // in CSV: the header is the metric key and the units' names, and yes/no is written out as before
  const [metric, ...names] = distinct(['metric', ...headings]);
  const yesNo = (x: Metric[3]) => (typeof x === 'boolean' ? (x ? t('是', 'yes') : t('否', 'no')) : x);
  const csvRows = total.map(([k, , , v]) => Object.fromEntries([[metric, k], ...values(k, v).map((x, i) => [names[i], yesNo(x)])]));
  return {
    blocks: [
      { title: t(`${m.unit} 疫情防控日报汇总（${m.date}）`, `${m.unit} daily report, merged (${m.date})`) },
      { list: screenRows, columns: screenColumns },
    ],
    csv: { rows: csvRows, columns: [metric, ...names].map((key) => ({ key })) },
  };
}

const RANGE_COLUMNS: Array<[keyof RangeRow, string, string]> = [
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

const CHARTED: Array<[key: keyof RangeRow, zh: string, en: string]> = [
  ['arrivals', '新增来返人员', 'new arrivals'],
  ['centralized', '集中隔离在管', 'in centralised quarantine'],
  ['anomalies', '卡点异常', 'checkpoint anomalies'],
];

/** One row a day; under it, on a terminal only, a line chart of each count officials watch. */
export async function rangeDocument(rows: RangeRow[], t: T): Promise<ReportDocument> {
  const blocks: Block[] = [
    {
      // on screen a zero-report day is marked, the others left blank
      list: rows.map((r) => ({ ...r, zero_report: r.zero_report ? t('是', 'yes') : '' })),
      columns: RANGE_COLUMNS.map(([key, zh, en]) => ({ key, heading: t(zh, en) })),
    },
  ];
  if (rows.length > 1) {
    const { default: asciichart } = await import('asciichart');
    for (const [key, zh, en] of CHARTED) {
      // the leading newline leaves a blank line above each chart
      blocks.push({ text: `\n${t(zh, en)}  ${rows[0].date} → ${rows[rows.length - 1].date}`, tone: 'strong', screen: true });
      blocks.push({ screen: true, text: asciichart.plot(rows.map((r) => r[key] as number), { height: 5, format: (x: number) => String(Math.round(x)).padStart(5) }) });
    }
  }
  return { blocks, csv: { rows, columns: RANGE_COLUMNS.map(([key]) => ({ key })) } };
}
