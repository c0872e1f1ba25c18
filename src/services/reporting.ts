/** The daily report, a range of days, and the roll-up of several units' reports. */
import { riskOf } from '../domain/area.js';
import { addDays, isTimeZone, localDateTime, wallClock } from '../domain/dates.js';
import { UsageError, ValidationError } from '../domain/errors.js';
import { PHASE_KINDS } from '../domain/policy.js';
import { emptyMeasures, emptyTransport, isZeroReport, mergeReports, NO_TOWNSHIP, REPORT_SCHEMA_VERSION, type DailyReport, type MergedReport } from '../domain/report.js';
import { checkJson } from '../domain/text.js';
import { readSmallText } from '../io/input.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from './context.js';

export const UNIT_SETTING = 'unit';
export const UNSET_UNIT = '(unit not set)';

/** The unit's name: --unit, else the setting, else a placeholder that says it is not set. */
export function unitName(store: Store, given?: string): string {
  return given?.trim() || store.settings.get(UNIT_SETTING) || UNSET_UNIT;
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
}

/** The daily report of a date, or of the default date (defaultReportDate) when none is given. */
export function daily(store: Store, opts: { date?: string; unit?: string }, clock: { now: Date; todayOption?: string; tz?: string }): DailyResult {
  const d = opts.date ? { date: opts.date, reason: undefined } : defaultReportDate(clock.now, clock.todayOption, clock.tz);
  const unit = unitName(store, opts.unit);
  return { report: dailyReport(store, d.date, unit), chosen: d.reason, unit_set: unit !== UNSET_UNIT };
}

export function dailyReport(store: Store, date: string, unit: string): DailyReport {
  const q = store.report;
  const areas = q.areas(date);
  const arrivals = q.arrivals(date);
  const byRisk = { high: 0, medium: 0, low: 0 };
  const byTransport = emptyTransport();
  const byTownship: Record<string, number> = {};
  let newArrivals = 0;
  for (const a of arrivals) {
    newArrivals += a.n;
    byRisk[riskOf(a.origin, areas, date).level] += a.n;
    byTransport[a.transport] = (byTransport[a.transport] ?? 0) + a.n;
    const t = a.township ?? NO_TOWNSHIP;
    byTownship[t] = (byTownship[t] ?? 0) + a.n;
  }
  const measures = emptyMeasures();
  for (const r of q.active(date)) measures[r.kind].active = r.n;
  for (const r of q.started(date)) measures[r.kind].started = r.n;
  for (const r of q.releasedNormal(date)) measures[r.kind].released += r.n;
  for (const r of q.releasedEarly(date)) {
    const kind = r.last_kind ?? r.first_kind;
    if (kind) measures[kind].released++;
  }
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
      by_risk: byRisk,
      by_transport: byTransport,
      by_township: Object.fromEntries(Object.entries(byTownship).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    },
    measures,
    tests: { due: due.due, done: due.done, missing: due.due - due.done, positive: q.positives(date) },
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
  return { schema_version, date: rest.date, unit: rest.unit, zero_report: isZeroReport(base), arrivals: rest.arrivals, measures: rest.measures, tests: rest.tests, inspections: rest.inspections, sites: rest.sites };
}

export interface RangeRow {
  date: string;
  arrivals: number;
  centralized: number;
  home_quarantine: number;
  health_monitoring: number;
  started: number;
  released: number;
  tests_missing: number;
  positive: number;
  anomalies: number;
  zero_report: boolean;
}

/** One row per day, from one date to another (at most 366 days). */
export function reportRange(store: Store, from: string, to: string): RangeRow[] {
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (addDays(from, 366) <= to) throw new UsageError('a range is at most 366 days');
  const rows: RangeRow[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const r = dailyReport(store, d, '');
    rows.push({
      date: d,
      arrivals: r.arrivals.new,
      centralized: r.measures.centralized.active,
      home_quarantine: r.measures.home_quarantine.active,
      health_monitoring: r.measures.health_monitoring.active,
      started: PHASE_KINDS.reduce((n, k) => n + r.measures[k].started, 0),
      released: PHASE_KINDS.reduce((n, k) => n + r.measures[k].released, 0),
      tests_missing: r.tests.missing,
      positive: r.tests.positive,
      anomalies: r.inspections.anomalies,
      zero_report: r.zero_report,
    });
  }
  return rows;
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
