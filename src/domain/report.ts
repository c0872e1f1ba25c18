/**
 * The daily report (日报告、零报告): its shape — a contract for scripts, versioned — and the
 * pure parts: when a report is a zero report, and how several units' reports add up.
 */
import { PHASE_KINDS, type PhaseKind } from './policy.js';
import { TRANSPORTS } from './arrival.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface MeasureCounts {
  /** People in a phase of this kind at the end of the day. */
  active: number;
  /** Phases of this kind that started that day. */
  started: number;
  /** People released that day from a phase of this kind. */
  released: number;
}

export interface SiteCount {
  name: string;
  capacity: number;
  occupied: number;
}

export interface CheckpointCount {
  name: string;
  inspections: number;
  people: number;
  vehicles: number;
  anomalies: number;
}

export interface DailyReport {
  schema_version: number;
  date: string;
  unit: string;
  zero_report: boolean;
  arrivals: {
    new: number;
    by_risk: Record<'high' | 'medium' | 'low', number>;
    by_transport: Record<string, number>;
    by_township: Record<string, number>;
  };
  measures: Record<PhaseKind, MeasureCounts>;
  tests: { due: number; done: number; missing: number; positive: number };
  inspections: { total: number; people: number; vehicles: number; anomalies: number; by_checkpoint: CheckpointCount[] };
  sites: SiteCount[];
}

/** The key under which arrivals with no township are counted. */
export const NO_TOWNSHIP = '(unspecified)';

export function emptyMeasures(): Record<PhaseKind, MeasureCounts> {
  return Object.fromEntries(PHASE_KINDS.map((k) => [k, { active: 0, started: 0, released: 0 }])) as Record<PhaseKind, MeasureCounts>;
}

export function emptyTransport(): Record<string, number> {
  return Object.fromEntries(TRANSPORTS.map((t) => [t, 0]));
}

/**
 * A zero report (零报告): nothing new happened — no arrival, no measure started or ended, no
 * positive test, no anomaly at a checkpoint. Routine work (people still under a measure, tests
 * done, normal inspections) does not break it.
 */
export function isZeroReport(r: Omit<DailyReport, 'zero_report'>): boolean {
  return (
    r.arrivals.new === 0 &&
    PHASE_KINDS.every((k) => r.measures[k].started === 0 && r.measures[k].released === 0) &&
    r.tests.positive === 0 &&
    r.inspections.anomalies === 0
  );
}

function addRecords(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export interface MergedReport extends DailyReport {
  /** The units that were added up, in the order given. */
  units: string[];
  /** Each unit's own report, by unit name: the column per county. */
  by_unit: Record<string, DailyReport>;
}

export type MergeProblem =
  | { code: 'merge_empty' }
  | { code: 'merge_schema'; params: { unit: string; version: unknown; expected: number } }
  | { code: 'merge_date'; params: { unit: string; date: string; expected: string } }
  | { code: 'merge_duplicate_unit'; params: { unit: string } };

/** Adds several units' reports for the same date into one, keeping each unit's own. */
export function mergeReports(reports: DailyReport[], unit: string): { merged?: MergedReport; problem?: MergeProblem } {
  if (reports.length === 0) return { problem: { code: 'merge_empty' } };
  const date = reports[0].date;
  const seen = new Set<string>();
  for (const r of reports) {
    if (r.schema_version !== REPORT_SCHEMA_VERSION) return { problem: { code: 'merge_schema', params: { unit: r.unit, version: r.schema_version, expected: REPORT_SCHEMA_VERSION } } };
    if (r.date !== date) return { problem: { code: 'merge_date', params: { unit: r.unit, date: r.date, expected: date } } };
    if (seen.has(r.unit)) return { problem: { code: 'merge_duplicate_unit', params: { unit: r.unit } } };
    seen.add(r.unit);
  }
  const measures = emptyMeasures();
  const sum = { arrivals: 0, by_risk: { high: 0, medium: 0, low: 0 }, by_transport: emptyTransport(), by_township: {} as Record<string, number> };
  const tests = { due: 0, done: 0, missing: 0, positive: 0 };
  const insp = { total: 0, people: 0, vehicles: 0, anomalies: 0, by_checkpoint: [] as CheckpointCount[] };
  const sites: SiteCount[] = [];
  for (const r of reports) {
    sum.arrivals += r.arrivals.new;
    sum.by_risk = addRecords(sum.by_risk, r.arrivals.by_risk) as typeof sum.by_risk;
    sum.by_transport = addRecords(sum.by_transport, r.arrivals.by_transport);
    for (const [t, n] of Object.entries(r.arrivals.by_township)) sum.by_township[`${r.unit}/${t}`] = n;
    for (const k of PHASE_KINDS) {
      measures[k].active += r.measures[k].active;
      measures[k].started += r.measures[k].started;
      measures[k].released += r.measures[k].released;
    }
    tests.due += r.tests.due;
    tests.done += r.tests.done;
    tests.missing += r.tests.missing;
    tests.positive += r.tests.positive;
    insp.total += r.inspections.total;
    insp.people += r.inspections.people;
    insp.vehicles += r.inspections.vehicles;
    insp.anomalies += r.inspections.anomalies;
    insp.by_checkpoint.push(...r.inspections.by_checkpoint.map((c) => ({ ...c, name: `${r.unit}/${c.name}` })));
    sites.push(...r.sites.map((s) => ({ ...s, name: `${r.unit}/${s.name}` })));
  }
  const base = {
    schema_version: REPORT_SCHEMA_VERSION,
    date,
    unit,
    arrivals: { new: sum.arrivals, by_risk: sum.by_risk, by_transport: sum.by_transport, by_township: sum.by_township },
    measures,
    tests,
    inspections: insp,
    sites,
  };
  return {
    merged: {
      ...base,
      zero_report: reports.every((r) => r.zero_report) && isZeroReport(base),
      units: reports.map((r) => r.unit),
      by_unit: Object.fromEntries(reports.map((r) => [r.unit, r])),
    },
  };
}
