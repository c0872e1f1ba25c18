/**
 * The reports as documents for the one renderer (io/render.ts): blocks for a screen, for
 * Markdown to paste into a message and for a printed page (HTML), and the rows of their CSV.
 * Pure view builders: the JSON of a report is the report itself (a contract, domain/report.ts),
 * so nothing here touches it. Every section of the JSON is in every format.
 */
import { valueLabel, type Lang, type T } from '../../domain/i18n.js';
import { PHASE_KINDS } from '../../domain/policy.js';
import { activeBefore, figures, FLOWS, NO_TOWNSHIP, type AuditHead, type LooseReport, type MergedReport } from '../../domain/report.js';
import type { Block, Column } from '../../io/output.js';
import type { RangeRow } from '../../services/reporting.js';

/** A document's parts: what people see, and what a spreadsheet gets. */
export interface ReportDocument {
  blocks: Block[];
  csv: { rows: object[]; columns: Column[] };
}

function langOf(t: T): Lang {
  return t('zh', 'en') as Lang;
}

const FLOW_WORDS: Record<(typeof FLOWS)[number] | 'active' | 'before', [zh: string, en: string]> = {
  before: ['前日在管', 'the evening before'],
  started: ['新增', 'started'],
  moved_in: ['转入', 'moved in'],
  moved_out: ['转出', 'moved out'],
  released: ['解除', 'released'],
  transferred: ['转运', 'transferred'],
  ended_by_rule: ['按规定终止', 'ended by rule'],
  cancelled: ['撤销', 'cancelled'],
  active: ['在管', 'under it'],
};

/** 补录: not a flow (already in the evening before as it stands now), shown beside 新增. */
const RECORDED_LATE: [zh: string, en: string] = ['补录', 'recorded late'];

const TEST_WORDS: Record<string, [zh: string, en: string]> = {
  due: ['今日应检', 'tests due'],
  done: ['已出结果', 'result back'],
  pending: ['待出结果（已采样）', 'awaiting result (sampled)'],
  missing: ['未采样', 'not sampled'],
  positive: ['核酸阳性', 'positive'],
};

const INSPECTION_WORDS: Record<string, [zh: string, en: string]> = {
  inspections: ['查验（次）', 'inspections'],
  total: ['查验（次）', 'inspections'],
  people: ['人数', 'people'],
  vehicles: ['车辆', 'vehicles'],
  anomalies: ['异常', 'anomalies'],
};

/**
 * The label of a figure (figures() of domain/report.ts) in the user's language. A label that
 * starts with two spaces is a sub-item (Markdown shows the indent as a full-width space).
 */
export function figureLabel(key: string, t: T): string {
  return shortLabel(key, t);
}

/** The label of a figure that stands alone (a CSV row, a changed figure): a sub-item says what it is under. */
export function fullLabel(key: string, t: T): string {
  const label = shortLabel(key, t);
  if (!label.startsWith('  ')) return label;
  const [section, a] = key.split('.');
  const parent = section === 'measures' ? shortLabel(`measures.${a}.active`, t).replace(/在管$|: under it$/, '') : section === 'tests' ? t('核酸', 'tests') : section === 'inspections' ? t('卡点查验', 'inspections') : t('新增来返', 'new arrivals');
  return t(`${parent}：${label.trim()}`, `${parent}: ${label.trim()}`);
}

function shortLabel(key: string, t: T): string {
  const lang = langOf(t);
  const [section, a, b] = key.split('.');
  const rest = key.split('.').slice(2);
  if (key === 'zero_report') return t('零报告', 'zero report');
  if (key === 'arrivals.new') return t('新增来返人员', 'new arrivals');
  if (key === 'arrivals.late_registrations') return t('今日补报（抵达一天以上后登记）', 'registered late today (more than a day after arriving)');
  if (key === 'arrivals.unresolved_origin') return t('  来源地对不上省市县（未按风险区匹配，arrival list --unresolved）', '  origin matches no province, city or county (not matched to risk areas; arrival list --unresolved)');
  if (key === 'arrivals.expected_next_day') return t('提前报备、预计次日抵达', 'registered in advance, expected tomorrow');
  if (key === 'arrivals.by_risk.inbound') return t('  境外输入', '  inbound (from abroad, Hong Kong, Macao, Taiwan)');
  if (key === 'awaiting_site') return t('集中隔离待安排（待安排隔离点）', 'centralised, awaiting a site');
  if (section === 'measures' && b === 'recorded_late') return t('  补录（今日登记、此前已在管）', '  recorded late (recorded today, under it since before)');
  if (section === 'arrivals' && a === 'by_risk') return t(`  来自${valueLabel('level', b, 'zh')}地区`, `  from ${b}-risk areas`);
  if (section === 'arrivals' && a === 'by_transport') return `  ${valueLabel('transport', b, lang)}`;
  if (section === 'arrivals' && a === 'by_township') {
    const name = rest.join('.');
    return `  ${name === NO_TOWNSHIP ? t('乡镇未填', '(no township)') : name}`;
  }
  if (section === 'measures') {
    const kind = valueLabel('phase', a, lang);
    if (b === 'active') return t(`${kind}在管`, `${kind}: under it`);
    return `  ${t(...FLOW_WORDS[b as keyof typeof FLOW_WORDS])}`;
  }
  if (section === 'tests') return key === 'tests.due' || key === 'tests.positive' ? t(...TEST_WORDS[a]) : `  ${t(...TEST_WORDS[a])}`;
  if (section === 'inspections' && a === 'by_checkpoint') {
    const what = rest[rest.length - 1];
    return t(`卡点 ${rest.slice(0, -1).join('.')}：${INSPECTION_WORDS[what][0]}`, `checkpoint ${rest.slice(0, -1).join('.')}: ${INSPECTION_WORDS[what][1]}`);
  }
  if (section === 'inspections') return a === 'total' ? t('卡点查验（次）', 'inspections') : `  ${t(...INSPECTION_WORDS[a])}`;
  if (section === 'sites') {
    const what = key.endsWith('.capacity') ? t('容量', 'capacity') : t('在住', 'occupied');
    return t(`隔离点 ${key.slice(6, key.lastIndexOf('.'))}：${what}`, `site ${key.slice(6, key.lastIndexOf('.'))}: ${what}`);
  }
  return key;
}

/** The unit's name as shown: an unset one said in the user's language. */
export function unitLabel(r: { unit: string }, unitSet: boolean, t: T): string {
  return unitSet ? r.unit : t('（单位未设置）', '(unit not set)');
}

const num = (key: string, heading: string): Column => ({ key, heading, align: 'right' });

/** The zero-report line: exactly what a zero report means. */
export function zeroLine(t: T): Block {
  return {
    text: t(
      '零报告：本日无新增来返人员，无新增或补录管控人员，无待安排隔离点人员，无核酸阳性，卡点无异常，应检核酸均已采样。',
      'Zero report: no new arrivals, no one newly under a measure or recorded late under one, no one waiting for a quarantine site, no positive test, no anomaly at a checkpoint, and every test due was sampled.',
    ),
    tone: 'good',
  };
}

type Shown = number | string | boolean | null;
/** An unknown figure (a unit's older report lacks it) is a dash. */
const shown = (v: Shown): Shown => (v === null ? '—' : v);

/** The sections of one report, each as a table: arrivals, measures, tests, checkpoints, sites. */
export function sections(r: LooseReport, t: T): Block[] {
  const f = figures(r);
  const arrivals = f.filter(([k]) => k.startsWith('arrivals.'));
  const item = { key: 'item', heading: t('项目', 'item') };
  const blocks: Block[] = [
    { title: t('来返人员', 'Arrivals'), level: 2 },
    { list: arrivals.map(([k, v]) => ({ item: figureLabel(k, t), count: shown(v) })), columns: [item, num('count', t('人数', 'people'))] },
  ];
  const kinds = PHASE_KINDS.map((k) => ({ measure: valueLabel('phase', k, langOf(t)), before: shown(activeBefore(r.measures[k])), ...Object.fromEntries([...FLOWS, 'active', 'recorded_late'].map((c) => [c, shown(r.measures[k][c as 'active'] ?? null)])) }));
  const sum = (c: string) => {
    const vs = kinds.map((k) => (k as Record<string, Shown>)[c]);
    return vs.some((v) => typeof v !== 'number') ? '—' : (vs as number[]).reduce((a, b) => a + b, 0);
  };
  kinds.push({ measure: t('合计', 'total'), before: sum('before'), ...Object.fromEntries([...FLOWS, 'active', 'recorded_late'].map((c) => [c, sum(c)])) } as (typeof kinds)[number]);
  const flowColumns = (['before', ...FLOWS, 'active'] as const).map((c) => num(c, t(...FLOW_WORDS[c])));
  // 补录 beside 新增
  flowColumns.splice(2, 0, num('recorded_late', t(...RECORDED_LATE)));
  blocks.push(
    { title: t('管控措施', 'Measures'), level: 2 },
    {
      list: kinds,
      columns: [{ key: 'measure', heading: t('措施', 'measure') }, ...flowColumns],
    },
    { title: t('核酸检测', 'Nucleic-acid tests'), level: 2 },
    {
      list: [Object.fromEntries(Object.entries(r.tests).map(([k, v]) => [k, shown(v)]))],
      columns: (['due', 'done', 'pending', 'missing', 'positive'] as const).map((c) => num(c, t(...TEST_WORDS[c]).replace(/^今日/, ''))),
    },
    { title: t('卡点查验', 'Checkpoint inspections'), level: 2 },
    {
      list: [...r.inspections.by_checkpoint, { name: t('合计', 'total'), inspections: r.inspections.total, people: r.inspections.people, vehicles: r.inspections.vehicles, anomalies: r.inspections.anomalies }],
      columns: [{ key: 'name', heading: t('卡点', 'checkpoint') }, ...(['inspections', 'people', 'vehicles', 'anomalies'] as const).map((c) => num(c, t(...INSPECTION_WORDS[c])))],
    },
    { title: t('隔离点', 'Quarantine sites'), level: 2 },
    {
      list: [
        ...r.sites.map((s) => ({ ...s, free: s.capacity - s.occupied })),
        // centralised without a site yet: a row of its own while anyone waits
        ...(r.awaiting_site ? [{ name: t('（待安排隔离点）', '(awaiting a site)'), capacity: '', occupied: r.awaiting_site, free: '' }] : []),
      ],
      columns: [{ key: 'name', heading: t('隔离点', 'site') }, num('capacity', t('容量', 'capacity')), num('occupied', t('在住', 'occupied')), num('free', t('空余', 'free'))],
      empty: t('没有隔离点。', 'No quarantine site.'),
    },
  );
  return blocks;
}

/** The figures as CSV rows: the stable key, its label in the user's language, the value. */
function figureRows(r: LooseReport, unit: string, t: T): object[] {
  return [
    { metric: 'date', label: t('日期', 'date'), value: r.date },
    { metric: 'unit', label: t('单位', 'unit'), value: unit },
    ...figures(r).map(([metric, value]) => ({ metric, label: fullLabel(metric, t), value })),
  ];
}

const FIGURE_COLUMNS: Column[] = [{ key: 'metric' }, { key: 'label' }, { key: 'value' }];

/**
 * The daily report: title, the time it was made (on a printed page), the zero-report line, then
 * every section. In CSV every figure, one a row, with its label in the user's language.
 */
export function dailyDocument(r: LooseReport, t: T, o: { unitSet?: boolean; madeAt?: string } = {}): ReportDocument {
  const unit = unitLabel(r, o.unitSet ?? true, t);
  const blocks: Block[] = [{ title: t(`${unit} 疫情防控日报（${r.date}）`, `${unit} daily epidemic-prevention report (${r.date})`) }];
  if (o.madeAt) blocks.push({ text: t(`出具时间：${stamp(o.madeAt)}`, `issued: ${stamp(o.madeAt)}`), html: true });
  if (r.zero_report) blocks.push(zeroLine(t));
  if (r.awaiting_site) blocks.push({ text: t(`集中隔离待安排 ${r.awaiting_site} 人：尚未安排隔离点`, `${r.awaiting_site} in centralised quarantine awaiting a site`), tone: 'warn' });
  blocks.push(...sections(r, t));
  if (r.audit) blocks.push(auditLine(r.audit, t));
  return { blocks, csv: { rows: [...figureRows(r, unit, t), ...auditRows(r, t)], columns: FIGURE_COLUMNS } };
}

/**
 * The audit head the report carries (issue 23), as a footer line: its first 16 hex characters
 * are what `audit verify --head` (and `--report` on this text) needs. The whole hash is in the
 * JSON, the CSV and the workbook.
 */
export function auditLine(a: AuditHead, t: T): Block {
  const head = a.rows > 0 ? a.head.slice(0, 16) + '…' : '—';
  return { text: t(`审计链：${a.rows} 条，末条哈希 ${head}`, `audit chain: ${a.rows} rows, head ${head}`) };
}

/** The audit head as the last two figure rows of the CSV (and of the workbook). */
function auditRows(r: LooseReport, t: T): object[] {
  if (!r.audit) return [];
  return [
    { metric: 'audit.rows', label: t('审计链条数', 'audit rows'), value: r.audit.rows },
    { metric: 'audit.head', label: t('审计链末条哈希', 'audit head'), value: r.audit.head },
  ];
}

/** '2022-11-22T21:00:00+08:00' as '2022-11-22 21:00:00 (UTC+08:00)'. */
function stamp(s: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)([+-]\d\d:\d\d)$/.exec(s);
  return m ? `${m[1]} ${m[2]} (UTC${m[3]})` : s;
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

/**
 * Several units' reports added up: an item column, one column per unit, then the total; then
 * every unit's checkpoints and sites. A figure a unit's older report lacks is a dash, and so is
 * its total.
 */
export function mergedDocument(m: MergedReport, t: T): ReportDocument {
  const perUnit = (k: string) => !k.startsWith('arrivals.by_township') && !k.startsWith('inspections.by_checkpoint.') && !k.startsWith('sites.');
  const total = figures(m).filter(([k]) => perUnit(k));
  const per = m.units.map((u) => new Map(figures(m.by_unit[u])));
  const values = (k: string, v: Shown) => [...per.map((p) => (p.has(k) ? (p.get(k) as Shown) : 0)), v];
  // on screen: keys u0…un and total, headed by the units' names
  const keys = [...m.units.map((_, i) => `u${i}`), 'total'];
  const headings = [...m.units, m.unit];
  const screenRows = total.map(([k, v]) => Object.fromEntries([['item', figureLabel(k, t)], ...values(k, v).map((x, i) => [keys[i], shown(x)])]));
  const screenColumns: Column[] = [{ key: 'item', heading: t('项目', 'item') }, ...keys.map((key, i) => ({ key, heading: headings[i], align: 'right' as const }))];
  // in CSV: the header is the metric key and the units' names, and yes/no is written out as before
  const [metric, ...names] = distinct(['metric', ...headings]);
  const yesNo = (x: Shown) => (typeof x === 'boolean' ? (x ? t('是', 'yes') : t('否', 'no')) : x === null ? '' : x);
  const csvRows = total.map(([k, v]) => Object.fromEntries([[metric, k], ...values(k, v).map((x, i) => [names[i], yesNo(x)])]));
  const older = Object.entries(m.schema_versions).filter(([, v]) => v !== m.schema_version).map(([u]) => u);
  const blocks: Block[] = [
    { title: t(`${m.unit} 疫情防控日报汇总（${m.date}）`, `${m.unit} daily report, merged (${m.date})`) },
    ...(older.length ? [{ text: t(`${older.join('、')} 的日报为旧版格式：其中没有的数字记为 —，合计也记为 —`, `${older.join(', ')} sent a report of an older version: a figure it lacks is —, and so is its total`), tone: 'warn' as const }] : []),
    { list: screenRows, columns: screenColumns },
    ...sections(m, t).slice(6),
  ];
  return { blocks, csv: { rows: csvRows, columns: [metric, ...names].map((key) => ({ key })) } };
}

const SUMMARY_COLUMNS: Array<[key: string, zh: string, en: string]> = [
  ['date', '日期', 'date'],
  ['arrivals', '新增来返', 'arrivals'],
  ['late_registrations', '补报', 'late reg.'],
  ['recorded_late', '补录', 'rec. late'],
  ['centralized_active', '集中隔离', 'centralised'],
  ['home_quarantine_active', '居家隔离', 'home q.'],
  ['health_monitoring_active', '健康监测', 'monitoring'],
  ['tests_due', '应检', 'tests due'],
  ['tests_pending', '待出结果', 'awaiting'],
  ['tests_missing', '未采样', 'not sampled'],
  ['positive', '阳性', 'positive'],
  ['anomalies', '卡点异常', 'anomalies'],
  ['zero_report', '零报告', 'zero'],
];

const CHARTED: Array<[key: string, zh: string, en: string]> = [
  ['arrivals', '新增来返人员', 'new arrivals'],
  ['centralized_active', '集中隔离在管', 'in centralised quarantine'],
  ['anomalies', '卡点异常', 'checkpoint anomalies'],
];

/**
 * One row a day (the counts officials watch), then for each measure kind its flows day by day,
 * the same columns as the daily report; on a terminal and on a printed page, a line chart of
 * each count officials watch.
 */
export function rangeDocument(rows: RangeRow[], t: T): ReportDocument {
  const lang = langOf(t);
  const blocks: Block[] = [
    {
      // on screen a zero-report day is marked, the others left blank
      list: rows.map((r) => ({ ...r, zero_report: r.zero_report ? t('是', 'yes') : '' })),
      columns: SUMMARY_COLUMNS.map(([key, zh, en]) => ({ key, heading: t(zh, en), ...(key === 'date' || key === 'zero_report' ? {} : { align: 'right' as const }) })),
    },
  ];
  for (const k of PHASE_KINDS) {
    blocks.push(
      { title: valueLabel('phase', k, lang), level: 2 },
      {
        list: rows.map((r) => {
          const c = Object.fromEntries(['active', ...FLOWS].map((f) => [f, r[`${k}_${f}`] as number])) as Record<'active' | (typeof FLOWS)[number], number>;
          return { date: r.date, before: activeBefore(c), ...c };
        }),
        columns: [{ key: 'date', heading: t('日期', 'date') }, ...(['before', ...FLOWS, 'active'] as const).map((c) => num(c, t(...FLOW_WORDS[c])))],
      },
    );
  }
  if (rows.length > 1) {
    for (const [key, zh, en] of CHARTED) {
      blocks.push({ chart: { title: t(zh, en), labels: rows.map((r) => r.date), values: rows.map((r) => r[key] as number) } });
    }
  }
  return { blocks, csv: { rows, columns: ['date', ...Object.keys(rows[0] ?? {}).filter((k) => k !== 'date')].map((key) => ({ key })) } };
}
