/** The daily report, a range of days, and the roll-up of several units' reports. */
import { createHash } from 'node:crypto';
import { riskOf } from '../domain/area.js';
import { placeColumns } from '../domain/places.js';
import { addDays, daysBetween, isTimeZone, localDateTime, officeStamp, utcStamp, wallClock } from '../domain/dates.js';
import { NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { PHASE_KINDS } from '../domain/policy.js';
import { changedFigures, emptyTransport, FLOWS, inIssuedShape, isZeroReport, measureFlows, mergeReports, NO_TOWNSHIP, REPORT_SCHEMA_VERSION, type DailyReport, type MergedReport, type PersonState } from '../domain/report.js';
import { isInbound } from '../domain/places.js';
import { checkJson } from '../domain/text.js';
import { readSmallText } from '../io/input.js';
import { reference } from '../io/reference.js';
import type { Store } from '../store/db.js';
import type { Marks } from '../store/report.js';
import { COUNTY_SETTING } from './county.js';
import type { ServiceContext } from './context.js';

export const UNIT_SETTING = 'unit';
export const UNSET_UNIT = '(unit not set)';

/** The unit's name: --unit, else the setting, else a placeholder that says it is not set. */
/** The unit on a report: the one given (--unit, FANGKONG_UNIT), else the database's setting, else the config file's default, else unset. */
export function unitName(store: Store, given?: string, fallback?: string): string {
  return given?.trim() || store.settings.get(UNIT_SETTING) || fallback?.trim() || UNSET_UNIT;
}

/** Why a report covers the date it does when no --date was given. */
export type ReportDateReason = 'today_option' | 'before_noon' | 'after_noon';

/**
 * The date a report covers when none is given: the --today date when given; else yesterday
 * when run before noon (the nightly run after midnight reports the day that just ended), else
 * today. Pure: `now` is read on the office's clock (tz), not the machine's.
 */
export function defaultReportDate(now: Date, todayOption?: string, tz?: string): { date: string; reason: ReportDateReason } {
  if (todayOption) return { date: todayOption, reason: 'today_option' };
  const c = wallClock(now, tz);
  return c.hour < 12 ? { date: addDays(c.date, -1), reason: 'before_noon' } : { date: c.date, reason: 'after_noon' };
}

export interface DailyResult {
  report: DailyReport;
  /** Set when the date was not given: why the report covers report.date. */
  chosen?: ReportDateReason;
  /** False when the unit's name is the placeholder (neither --unit nor config set unit). */
  unit_set: boolean;
  /** The latest report of this day and unit that was issued, and the figures that differ from it now. */
  issued: { id: number; issued_at: string; actor: string; changed: number } | null;
  /** When this report is to be kept as issued (--out, --record): the tables' high-water marks of its moment. */
  record: { marks: Marks; file: string | null } | null;
  /** The moment the report was made, on the office's clock with its offset (a printed report shows it). */
  made_at: string;
}

/**
 * The daily report of a date, or of the default date (defaultReportDate) when none is given, on
 * one snapshot of the database; with the latest issue of that day, if any, compared with it.
 */
export function daily(store: Store, opts: { date?: string; unit?: string; defaultUnit?: string; record?: boolean; out?: string }, clock: { now: Date; todayOption?: string; tz?: string }): DailyResult {
  const d = opts.date ? { date: opts.date, reason: undefined } : defaultReportDate(clock.now, clock.todayOption, clock.tz);
  const unit = unitName(store, opts.unit, opts.defaultUnit);
  // the report reads much (a lookup per person and per test of the day) and writes at most its issue
  store.readMapped();
  // the audit head of the same moment (issue 23): every report sent up the chain anchors the log
  const { report, marks, last } = store.report.snapshot(() => ({ report: { ...dailyReport(store, d.date, unit), audit: store.audit.head() }, marks: store.report.marks(), last: store.report.latestIssue(d.date, unit) }));
  const issued = last
    ? { id: last.id, issued_at: officeStamp(last.issued_at, clock.tz), actor: last.actor, changed: changedFigures(JSON.parse(last.report) as DailyReport, report).length }
    : null;
  const keep = Boolean(opts.record || opts.out);
  return { report, chosen: d.reason, unit_set: unit !== UNSET_UNIT, issued, record: keep ? { marks, file: opts.out ?? null } : null, made_at: officeStamp(utcStamp(clock.now), clock.tz) };
}

/** Where each person stood at the end of each day, computed once a day (a range asks for each day twice). */
export type StateCache = Map<string, PersonState[]>;

function statesOn(store: Store, date: string, cache?: StateCache): PersonState[] {
  const hit = cache?.get(date);
  if (hit) return hit;
  const s = store.report.states(date);
  cache?.set(date, s);
  return s;
}

export function dailyReport(store: Store, date: string, unit: string, cache?: StateCache): DailyReport {
  const q = store.report;
  const areas = q.areas(date);
  const arrivals = q.arrivals(date);
  const byRisk = { high: 0, medium: 0, low: 0, inbound: 0 };
  const inbound = reference().inboundPrefixes;
  const byTransport = emptyTransport();
  const byTownship: Record<string, number> = {};
  let newArrivals = 0;
  let unresolved = 0;
  for (const a of arrivals) {
    newArrivals += a.n;
    if (placeColumns(a.origin).name === null) unresolved += a.n;
    // from abroad, Hong Kong, Macao or Taiwan: 境外输入, its own line (as the rule table's category inbound)
    if (inbound.some((p) => a.origin.startsWith(p)) || isInbound(a.origin)) byRisk.inbound += a.n;
    else byRisk[riskOf(a.origin, areas, date).level] += a.n;
    byTransport[a.transport] = (byTransport[a.transport] ?? 0) + a.n;
    const t = a.township ?? NO_TOWNSHIP;
    byTownship[t] = (byTownship[t] ?? 0) + a.n;
  }
  const states = statesOn(store, date, cache);
  const measures = measureFlows(statesOn(store, addDays(date, -1), cache), states, date);
  const due = q.testsDue(date);
  const byCheckpoint = new Map(q.checkpoints().map((c) => [c.name, { name: c.name, inspections: 0, people: 0, vehicles: 0, anomalies: 0 }]));
  for (const c of q.inspections(date)) byCheckpoint.set(c.name, c);
  const checkpoints = [...byCheckpoint.values()];
  const base = {
    schema_version: REPORT_SCHEMA_VERSION,
    date,
    unit,
    arrivals: {
      new: newArrivals,
      late_registrations: q.lateRegistrations(date),
      expected_next_day: q.expectedNextDay(date),
      ...(unresolved ? { unresolved_origin: unresolved } : {}),
      by_risk: byRisk,
      by_transport: byTransport,
      by_township: Object.fromEntries(Object.entries(byTownship).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    },
    measures,
    // in a centralised phase with no site yet (待安排隔离点)
    awaiting_site: states.filter((s) => s.kind === 'centralized' && Number(s.unplaced) === 1).length,
    tests: { due: due.due, done: due.done, pending: due.sampled - due.done, missing: due.due - due.sampled, positive: q.positives(date) },
    inspections: {
      total: checkpoints.reduce((n, c) => n + c.inspections, 0),
      people: checkpoints.reduce((n, c) => n + c.people, 0),
      vehicles: checkpoints.reduce((n, c) => n + c.vehicles, 0),
      anomalies: checkpoints.reduce((n, c) => n + c.anomalies, 0),
      by_checkpoint: checkpoints,
    },
    sites: q.sites(date),
  };
  // fixed key order, so the same data gives the same bytes
  const { schema_version, ...rest } = base;
  // the county's code (issue 25: report merge tells two 鼓楼区 apart, and refuses to count a county twice)
  const county = store.settings.get(COUNTY_SETTING) ?? null;
  return { schema_version, date: rest.date, unit: rest.unit, county, zero_report: isZeroReport(base), arrivals: rest.arrivals, measures: rest.measures, awaiting_site: rest.awaiting_site, tests: rest.tests, inspections: rest.inspections, sites: rest.sites };
}

/** The numeric columns of a range row, in order: arrivals, each kind with all its flows, tests, anomalies. */
export const RANGE_KEYS: string[] = [
  'arrivals',
  'late_registrations',
  'recorded_late',
  'awaiting_site',
  ...PHASE_KINDS.flatMap((k) => (['active', ...FLOWS] as const).map((c) => `${k}_${c}`)),
  'tests_due',
  'tests_done',
  'tests_pending',
  'tests_missing',
  'positive',
  'anomalies',
];

/** One day of a range: `date`, the RANGE_KEYS (`centralized_active`, `centralized_moved_in` …), `zero_report`. */
export type RangeRow = { date: string; zero_report: boolean } & Record<string, number | string | boolean>;

function rangeRow(r: DailyReport): RangeRow {
  const row: Record<string, number | string | boolean> = { date: r.date, arrivals: r.arrivals.new, late_registrations: r.arrivals.late_registrations };
  // measures recorded that day reaching back before it (补录), of every kind; people waiting for a site
  row.recorded_late = PHASE_KINDS.reduce((n, k) => n + r.measures[k].recorded_late, 0);
  row.awaiting_site = r.awaiting_site;
  for (const k of PHASE_KINDS) for (const c of ['active', ...FLOWS] as const) row[`${k}_${c}`] = r.measures[k][c];
  Object.assign(row, { tests_due: r.tests.due, tests_done: r.tests.done, tests_pending: r.tests.pending, tests_missing: r.tests.missing, positive: r.tests.positive, anomalies: r.inspections.anomalies, zero_report: r.zero_report });
  return row as RangeRow;
}

/** One row per day, from one date to another (at most 366 days). */
export function reportRange(store: Store, from: string, to: string): RangeRow[] {
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`, `--from ${from} 晚于 --to ${to}`);
  if (addDays(from, 366) <= to) throw new UsageError('a range is at most 366 days', '日期范围最多 366 天');
  store.readMapped();
  const cache: StateCache = new Map();
  const rows: RangeRow[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) rows.push(rangeRow(dailyReport(store, d, '', cache)));
  return rows;
}

// ——— the reports as issued ———

export interface IssueSummary {
  id: number;
  date: string;
  unit: string;
  /** On the office's clock with its offset. */
  issued_at: string;
  actor: string;
  format: string;
  file: string | null;
  sha256: string;
  bytes: number;
}

/**
 * Keeps a report as issued: the exact bytes written (and their SHA-256), its figures, and the
 * tables' high-water marks of the moment it was made, so that `report diff` can name what was
 * written after it. One transaction with its audit row.
 */
export function recordIssue(store: Store, report: DailyReport, w: { text: string; format: string; file: string | null; marks: Marks }, ctx: ServiceContext): IssueSummary {
  const content = Buffer.from(w.text, 'utf8');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const issuedAt = utcStamp(ctx.now);
  const id = store.transaction(() => {
    const id = store.report.issue({ date: report.date, unit: report.unit, issued_at: issuedAt, actor: ctx.actor, format: w.format, file: w.file, sha256, content, report: JSON.stringify(report), marks: JSON.stringify(w.marks) });
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'report.issue', record: `report:${id}`, after: { date: report.date, unit: report.unit, format: w.format, file: w.file, sha256 } });
    return id;
  });
  return { id, date: report.date, unit: report.unit, issued_at: officeStamp(issuedAt, ctx.tz), actor: ctx.actor, format: w.format, file: w.file, sha256, bytes: content.length };
}

/** The reports issued, newest day first: of one date, or of a span of dates, or all. */
export function issueHistory(store: Store, f: { date?: string; from?: string; to?: string }, tz: string): IssueSummary[] {
  return store.report.issues(f).map((r) => ({ id: r.id, date: r.date, unit: r.unit, issued_at: officeStamp(r.issued_at, tz), actor: r.actor, format: r.format, file: r.file, sha256: r.sha256, bytes: r.bytes }));
}

/** An arrival a cause concerns: who, when they arrived, when they were registered, and whether that was late. */
export interface CauseArrival {
  arrival_id: number;
  name: string;
  id_number: string;
  arrival_date: string;
  registered_at: string;
  /** Registered more than one day after the arrival date. */
  late: boolean;
}

/** A record written after the report was issued that bears on its day. */
export interface Cause {
  kind:
    | 'registration' | 'assignment' | 'release' | 'cancellation' | 'reassessment' | 'transfer' | 'test_result' | 'inspection' | 'risk_area'
    | 'deletion' | 'restoration' | 'correction' | 'void' | 'amendment';
  /** The record: arrival:7, measure:3, test:12, inspection:40, audit:55. */
  record: string;
  /** When it was written (office time) and by whom. */
  at: string;
  actor: string;
  arrival: CauseArrival | null;
  /** The measure's policy (assignment, reassessment), the test's result, the checkpoint … */
  detail: string | null;
  /** The date it takes effect: a measure's start, a release, a cancellation, a transfer. */
  from: string | null;
}

export interface ReportDiff {
  date: string;
  unit: string;
  issue: IssueSummary;
  /** The figures that differ: as issued, and now. */
  changes: Array<{ key: string; issued: number | boolean | null; now: number | boolean | null }>;
  causes: Cause[];
}

function registeredLate(arrivalDate: string, createdAt: string): boolean {
  return daysBetween(arrivalDate, createdAt.slice(0, 10)) > 1;
}

/**
 * What changed in a day's report since it was issued (the latest issue of that day and unit, or
 * the one given), figure by figure, and the records written since that bear on the day: late
 * registrations and the measures assigned for them, releases, cancellations, reassessments,
 * transfers, test results, inspections, risk areas.
 */
export function reportDiff(store: Store, opts: { date: string; unit?: string; defaultUnit?: string; issue?: number }, ctx: ServiceContext): ReportDiff {
  const unit = unitName(store, opts.unit, opts.defaultUnit);
  const row = opts.issue !== undefined ? store.report.issueById(opts.issue) : store.report.latestIssue(opts.date, unit);
  if (!row || row.date !== opts.date) {
    throw new NotFoundError({ field: 'date', code: opts.issue !== undefined ? 'issue_not_found' : 'not_issued', params: { date: opts.date, unit, id: opts.issue } });
  }
  const date = row.date;
  const issued = JSON.parse(row.report) as DailyReport;
  const marks = JSON.parse(row.marks) as Marks;
  const now = dailyReport(store, date, row.unit);
  // issued before 转运 and 按规定终止 had their own line: compared as they were counted then, among the released
  const changes = changedFigures(issued, inIssuedShape(issued, now));
  const q = store.report;
  const arrivalOf = (id: number | null): CauseArrival | null => {
    const a = id === null ? undefined : store.arrivals.get(id);
    return a ? { arrival_id: a.id, name: a.name, id_number: a.id_number, arrival_date: a.arrival_date, registered_at: a.created_at, late: registeredLate(a.arrival_date, a.created_at) } : null;
  };
  const causes: Cause[] = [];
  for (const a of q.arrivalsAfter(date, marks)) causes.push({ kind: 'registration', record: `arrival:${a.id}`, at: a.created_at, actor: a.created_by, arrival: arrivalOf(a.id), detail: null, from: a.arrival_date });
  for (const m of q.measuresAfter(date, marks)) {
    // a reassessment writes a measure too: it is named below, by its audit row
    const row = store.measures.get(m.id)!;
    if (row.in_force_from) continue;
    causes.push({ kind: 'assignment', record: `measure:${m.id}`, at: m.created_at, actor: m.created_by, arrival: arrivalOf(m.arrival_id), detail: m.policy_id, from: m.start_date });
  }
  for (const c of q.changesAfter(marks)) {
    const after = c.after ? (JSON.parse(c.after) as Record<string, unknown>) : {};
    const at = officeStamp(c.at, ctx.tz);
    if (c.action.startsWith('area.')) {
      if (changes.some((x) => x.key.startsWith('arrivals.by_risk.'))) causes.push({ kind: 'risk_area', record: `audit:${c.id}`, at, actor: c.actor, arrival: null, detail: c.record, from: null });
      continue;
    }
    if (c.action.startsWith('arrival.') && c.record?.startsWith('arrival:')) {
      // a deletion, restoration or correction of an arrival that arrived on or before the day (its measures may cover it)
      const a = store.arrivals.get(Number(c.record.slice(8)));
      const before = c.before ? (JSON.parse(c.before) as Record<string, unknown>) : {};
      const dates = [a?.arrival_date, before.arrival_date, after.arrival_date].filter((d): d is string => typeof d === 'string');
      if (!a || !dates.some((d) => d <= date)) continue;
      const kind = c.action === 'arrival.delete' ? 'deletion' : c.action === 'arrival.restore' ? 'restoration' : 'correction';
      const detail = kind === 'deletion' ? (typeof after.reason === 'string' ? after.reason : null) : kind === 'correction' ? Object.keys(after).filter((k) => k !== 'file').join(', ') : null;
      causes.push({ kind, record: c.record, at, actor: c.actor, arrival: arrivalOf(a.id), detail, from: a.arrival_date });
      continue;
    }
    if (c.action === 'inspection.void' || c.action === 'test.amend') {
      const on = typeof after.date === 'string' ? after.date : null;
      if (on !== date) continue;
      const was = c.before ? (JSON.parse(c.before) as Record<string, unknown>) : {};
      const detail = c.action === 'test.amend' ? `${String(was.result)} → ${String(after.result)}${typeof after.reason === 'string' ? `: ${after.reason}` : ''}` : typeof after.reason === 'string' ? after.reason : null;
      causes.push({ kind: c.action === 'inspection.void' ? 'void' : 'amendment', record: c.record ?? `audit:${c.id}`, at, actor: c.actor, arrival: arrivalOf(typeof after.arrival_id === 'number' ? after.arrival_id : null), detail, from: on });
      continue;
    }
    const m = c.record?.startsWith('measure:') ? store.measures.get(Number(c.record.slice(8))) : undefined;
    if (!m || m.start_date > date) continue;
    const on = (k: string) => (typeof after[k] === 'string' ? (after[k] as string) : null);
    if (c.action === 'measure.release' || c.action === 'measure.cancel' || c.action === 'measure.end') {
      const d = on(c.action === 'measure.cancel' ? 'cancelled_on' : 'released_on');
      // measure.end: ended by a rule or by a transfer (its outcome says which)
      const detail = c.action === 'measure.end' && on('outcome') ? `${on('outcome')}: ${on('reason') ?? ''}` : on('reason');
      if (d && d <= date && date <= m.release_date) causes.push({ kind: c.action === 'measure.cancel' ? 'cancellation' : 'release', record: c.record!, at, actor: c.actor, arrival: arrivalOf(m.arrival_id), detail, from: d });
    } else if (c.action === 'measure.transfer') {
      const d = on('from');
      if (d && d <= date && date <= m.release_date) causes.push({ kind: 'transfer', record: c.record!, at, actor: c.actor, arrival: arrivalOf(m.arrival_id), detail: on('site'), from: d });
    } else if (c.action === 'measure.reassess') {
      const next = typeof after.measure === 'number' ? store.measures.get(after.measure) : undefined;
      const d = next?.in_force_from ?? null;
      if (next && d && d <= date && (date <= m.release_date || date <= next.release_date)) causes.push({ kind: 'reassessment', record: c.record!, at, actor: c.actor, arrival: arrivalOf(m.arrival_id), detail: `${m.policy_id} → ${next.policy_id}`, from: d });
    }
  }
  for (const r of q.testsAfter(date, marks)) causes.push({ kind: 'test_result', record: `test:${r.id}`, at: r.created_at, actor: r.created_by, arrival: arrivalOf(r.arrival_id), detail: r.result, from: date });
  for (const i of q.inspectionsAfter(date, marks)) causes.push({ kind: 'inspection', record: `inspection:${i.id}`, at: i.created_at, actor: i.created_by, arrival: arrivalOf(i.arrival_id), detail: `${i.checkpoint}${i.anomalies ? ` (${i.anomalies})` : ''}`, from: i.inspected_at });
  const issue: IssueSummary = { id: row.id, date: row.date, unit: row.unit, issued_at: officeStamp(row.issued_at, ctx.tz), actor: row.actor, format: row.format, file: row.file, sha256: row.sha256, bytes: row.content.length };
  return { date, unit: row.unit, issue, changes, causes };
}

/** Adds the JSON reports of several units (one date, one schema version) into one. */
export function merge(reports: Array<{ file: string; report: unknown }>, unit: string): MergedReport {
  for (const { file, report } of reports) {
    const r = report as Partial<DailyReport> | null;
    if (!r || typeof r !== 'object' || typeof r.date !== 'string' || typeof r.unit !== 'string' || !r.arrivals || !r.measures || !r.tests || !r.inspections || !Array.isArray(r.sites)) {
      throw new ValidationError({ field: 'file', code: 'merge_not_report', params: { file } });
    }
  }
  const { merged, problem } = mergeReports(reports.map((r) => r.report as DailyReport), unit);
  if (!merged) throw new ValidationError({ field: 'file', code: problem!.code, params: 'params' in problem! ? problem.params : {} });
  return merged;
}

/** A unit's daily report is a few kilobytes; anything past this is not one. */
export const REPORT_FILE_MAX = 16 * 1024 * 1024;

/**
 * Reads the units' JSON reports: a file that cannot be read fails (exit 1); a file that is not
 * JSON is kept as null, for merge() to refuse by name.
 */
export function readReports(files: string[]): Array<{ file: string; report: unknown }> {
  return files.map((file) => {
    // a regular file of at most 16 MB, every string in it through the input policy (domain/text.ts)
    const text = readSmallText(file, REPORT_FILE_MAX);
    let report: unknown;
    try {
      report = JSON.parse(text) as unknown;
    } catch {
      return { file, report: null };
    }
    const refused = checkJson(report);
    if (refused) throw new ValidationError({ ...refused, field: `${file}: ${refused.field}` });
    return { file, report };
  });
}

/** The JSON report files of several units, added into one (readReports, then merge). */
export function mergeFiles(files: string[], unit: string): MergedReport {
  return merge(readReports(files), unit);
}

export function setUnit(store: Store, name: string, ctx: ServiceContext): string {
  const v = name.trim();
  if (!v) throw new ValidationError({ field: 'unit', code: 'required' });
  writeSetting(store, UNIT_SETTING, v, ctx);
  return v;
}

/** The setting of the office's time zone (cli/context.ts reads it when the database is opened). */
export const TIMEZONE_SETTING = 'timezone';

/** Sets the office's time zone: an IANA name this machine knows (Asia/Shanghai, Asia/Urumqi …). */
export function setTimezone(store: Store, name: string, ctx: ServiceContext): string {
  const v = name.trim();
  if (!isTimeZone(v)) throw new ValidationError({ field: 'timezone', code: 'timezone', params: { value: v } });
  writeSetting(store, TIMEZONE_SETTING, v, ctx);
  return v;
}

function writeSetting(store: Store, key: string, value: string, ctx: ServiceContext): void {
  store.transaction(() => {
    const before = store.settings.get(key);
    store.settings.set(key, value, localDateTime(ctx.now, ctx.tz), ctx.actor);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'settings.set', record: `settings:${key}`, before: before ?? null, after: value });
  });
}

export function listSettings(store: Store): Array<{ key: string; value: string }> {
  return store.settings.all().map(({ key, value }) => ({ key, value }));
}
