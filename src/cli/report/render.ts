/** The daily report on paper: markdown to paste into a message, a table on screen, CSV rows. */
import { fieldLabel, valueLabel, type Lang } from '../../domain/i18n.js';
import { PHASE_KINDS } from '../../domain/policy.js';
import { NO_TOWNSHIP, type DailyReport } from '../../domain/report.js';
import type { Format } from '../../io/formats.js';

type Metric = [key: string, zh: string, en: string, value: number | string | boolean];

/** The report as (key, label, value) rows; the keys are the JSON paths. */
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

function zeroLine(r: DailyReport, lang: Lang): string {
  return lang === 'zh'
    ? '零报告：本日无新增来返人员，无新增或解除管控，无核酸阳性，卡点无异常。'
    : 'Zero report: no new arrivals, no measure started or ended, no positive test, no anomaly at a checkpoint.';
}

function title(r: DailyReport, lang: Lang): string {
  return lang === 'zh' ? `${r.unit} 疫情防控日报（${r.date}）` : `${r.unit} daily epidemic-prevention report (${r.date})`;
}

function cell(v: number | string | boolean, lang: Lang): string {
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  return String(v);
}

export async function renderDaily(r: DailyReport, format: Format, lang: Lang, color: boolean): Promise<string> {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const rows = metrics(r);
  const { stringify } = await import('csv-stringify/sync');
  if (format === 'csv') return stringify([['metric', 'value'], ...rows.map(([k, , , v]) => [k, String(v)])]);
  const label = (m: Metric) => (lang === 'zh' ? m[1] : m[2]);
  const body = rows.filter(([k]) => k !== 'date' && k !== 'unit' && k !== 'zero_report');
  const cps = r.inspections.by_checkpoint;
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  if (format === 'markdown') {
    const out: string[] = [`# ${title(r, lang)}`, ''];
    if (r.zero_report) out.push(`**${zeroLine(r, lang)}**`, '');
    out.push(`| ${L('项目', 'item')} | ${L('数量', 'count')} |`, '|---|---:|');
    for (const m of body) out.push(`| ${label(m).replace(/^ {2}/, '　')} | ${cell(m[3], lang)} |`);
    if (cps.length) {
      out.push('', `## ${L('卡点', 'Checkpoints')}`, '', `| ${fieldLabel('checkpoint', lang)} | ${fieldLabel('people', lang)} | ${fieldLabel('vehicles', lang)} | ${fieldLabel('anomalies', lang)} |`, '|---|---:|---:|---:|');
      for (const c of cps) out.push(`| ${c.name} | ${c.people} | ${c.vehicles} | ${c.anomalies} |`);
    }
    if (r.sites.length) {
      out.push('', `## ${L('隔离点', 'Quarantine sites')}`, '', `| ${fieldLabel('site', lang)} | ${fieldLabel('capacity', lang)} | ${fieldLabel('occupied', lang)} |`, '|---|---:|---:|');
      for (const s of r.sites) out.push(`| ${s.name} | ${s.capacity} | ${s.occupied} |`);
    }
    return out.join('\n') + '\n';
  }
  const { default: Table } = await import('cli-table3');
  const { painter } = await import('../../io/render.js');
  const paint = await painter(color);
  const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  const t = new Table({ head: [paint.head(L('项目', 'item')), paint.head(L('数量', 'count'))], style: { head: [], border: [] }, chars, colAligns: ['left', 'right'] });
  for (const m of body) t.push([label(m), cell(m[3], lang)]);
  const parts = [paint.label(title(r, lang)), ...(r.zero_report ? [paint.good(zeroLine(r, lang))] : []), t.toString()];
  if (cps.length) {
    const c = new Table({ head: ['checkpoint', 'people', 'vehicles', 'anomalies'].map((k) => paint.head(fieldLabel(k, lang))), style: { head: [], border: [] }, chars });
    for (const x of cps) c.push([x.name, x.people, x.vehicles, x.anomalies]);
    parts.push(c.toString());
  }
  if (r.sites.length) {
    const s = new Table({ head: ['site', 'capacity', 'occupied'].map((k) => paint.head(fieldLabel(k, lang))), style: { head: [], border: [] }, chars });
    for (const x of r.sites) s.push([x.name, x.capacity, x.occupied]);
    parts.push(s.toString());
  }
  return parts.join('\n') + '\n';
}
