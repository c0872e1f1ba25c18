/**
 * The daily report (日报告、零报告): its shape — a contract for scripts, versioned — and the
 * pure parts: the flows of people between the measure kinds from one evening to the next, when
 * a report is a zero report, and how several units' reports add up (of this version and the one
 * before).
 */
import { PHASE_KINDS, type PhaseKind } from './policy.js';
import { TRANSPORTS } from './arrival.js';

/** 2: flows that balance (moved_in, moved_out, cancelled), tests awaiting a result, late registrations. */
export const REPORT_SCHEMA_VERSION = 2;
/** The versions `report merge` adds up: this one and the one before. */
export const MERGEABLE_VERSIONS: readonly number[] = [1, 2];

/**
 * What happens to people of a measure kind between the end of one day and the end of the next.
 * For every kind and day: active(d) = active(d−1) + started + moved_in − moved_out − released
 * − transferred − ended_by_rule − cancelled.
 */
export const FLOWS = ['started', 'moved_in', 'moved_out', 'released', 'transferred', 'ended_by_rule', 'cancelled'] as const;
/** The flows added to version 2 after it was first issued: a report of version 2 without them has them null. */
const LATER_FLOWS = ['transferred', 'ended_by_rule'] as const;
export type Flow = (typeof FLOWS)[number];

export type MeasureCountsOf<N> = { active: N } & Record<Flow, N> & {
  /**
   * 补录: people under the kind at the end of the day whose measure was recorded that day but
   * reaches back before it (a person found late): already in the evening before as it stands
   * now, so not a flow, but new to every report as issued. Added within version 2 (a report
   * issued before it has none: null).
   */
  recorded_late: N;
};
/**
 * People under a measure kind at the end of the day (`active`) and how they came and went that
 * day: `started` newly under a measure (under none the evening before), `moved_in` / `moved_out`
 * from or to another kind (a phase change, a transfer home or to a site, a reassessment),
 * `released` under no measure any more (the measure ended, early or on its date), `transferred`
 * a positive transferred to hospital (转运), `ended_by_rule` its measure ended by a rule that
 * abolished it (2023-01-08), `cancelled` its measure was cancelled (assigned in error: not a release).
 */
export type MeasureCounts = MeasureCountsOf<number>;

export const TEST_COUNTS = ['due', 'done', 'pending', 'missing', 'positive'] as const;
export type TestCount = (typeof TEST_COUNTS)[number];

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

/** The report with its counts of type N: numbers; in a merge, null where a unit's older report has no such figure. */
export interface ReportOf<N> {
  schema_version: number;
  date: string;
  unit: string;
  /**
   * The GB/T 2260 code of the county whose register this is (fangkong config set county), or
   * null when none was set; in a merged report, the smallest division holding every unit (a city,
   * a province), or null. A report made before it was added has none (undefined).
   */
  county?: string | null;
  zero_report: boolean;
  arrivals: {
    new: N;
    /** Arrivals registered that day more than one day after their arrival date (补报). */
    late_registrations: N;
    /**
     * Registered in advance (提前报备) and expected the next day, not arrived yet: counted as a new
     * arrival only on the day they arrive (a checkpoint or arrival confirm). Added to version 2
     * (a report issued before it has none: null).
     */
    expected_next_day: N;
    /**
     * New arrivals whose origin names no province, city or county (or several): not matched to
     * risk areas, to be corrected (arrival list --unresolved). Only when there are some (issue 24).
     */
    unresolved_origin?: N;
    /** By the origin's risk level on the day; `inbound` (境外输入): from abroad, Hong Kong, Macao or Taiwan, never a low-risk area (added within version 2). */
    by_risk: Record<'high' | 'medium' | 'low' | 'inbound', N>;
    by_transport: Record<string, N>;
    by_township: Record<string, N>;
  };
  measures: Record<PhaseKind, MeasureCountsOf<N>>;
  /**
   * People in a centralised phase at the end of the day with no site yet (待安排隔离点: assigned
   * without --site or --home); counted in measures.centralized.active. Added within version 2.
   */
  awaiting_site: N;
  /** due = done + pending + missing: with a result back, sampled and awaiting it, not sampled. */
  tests: Record<TestCount, N>;
  inspections: { total: number; people: number; vehicles: number; anomalies: number; by_checkpoint: CheckpointCount[] };
  sites: SiteCount[];
  /**
   * The audit log's head when the report was made (its last row and that row's hash): a report
   * kept outside the office anchors the log (`audit verify --report FILE`). Only on the daily
   * report itself (not on a range, nor a merge's total; each unit's is in by_unit).
   */
  audit?: AuditHead;
}

/** The head of the audit chain: its last row, and that row's hash (HMAC-SHA256, hex). */
export interface AuditHead {
  rows: number;
  head: string;
}

export type DailyReport = ReportOf<number>;

/** The key under which arrivals with no township are counted. */
export const NO_TOWNSHIP = '(unspecified)';

export function emptyMeasures(): Record<PhaseKind, MeasureCounts> {
  return Object.fromEntries(PHASE_KINDS.map((k) => [k, { active: 0, started: 0, moved_in: 0, moved_out: 0, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0, recorded_late: 0 }])) as Record<PhaseKind, MeasureCounts>;
}

export function emptyTransport(): Record<string, number> {
  return Object.fromEntries(TRANSPORTS.map((t) => [t, 0]));
}

/**
 * Where one person (one arrival) stands at the end of a day: the kind of measure they are under,
 * through which measure, the day that measure was cancelled, if it was, and how and when it
 * ended early (end_kind 'transferred' or 'rule', released_on), if it did.
 */
export interface PersonState {
  arrival_id: number;
  measure_id: number;
  kind: PhaseKind;
  cancelled_on: string | null;
  /** The office date the measure was recorded (its created_at), when known. */
  recorded_on?: string | null;
  /** 1 when on that day the person was under a measure recorded by the end of it (a report issued that evening had them). */
  known?: number | boolean | null;
  /** 1 when in a centralised phase with no placement yet (待安排隔离点). */
  unplaced?: number | boolean | null;
  end_kind?: string | null;
  released_on?: string | null;
}

/**
 * The measure counts of a day from where each person stood at the end of the day before and at
 * the end of the day: every flow is a change between those two evenings, so the counts balance
 * by construction. A person under no measure the evening before and under one now is `started`;
 * under another kind, `moved_out` of that one and `moved_in` to this one; under none any more,
 * `cancelled` when the measure was cancelled that day, `transferred` or `ended_by_rule` when it
 * ended that day by a transfer or by a rule, else `released`.
 */
export function measureFlows(before: PersonState[], after: PersonState[], date: string): Record<PhaseKind, MeasureCounts> {
  const m = emptyMeasures();
  const was = new Map(before.map((s) => [s.arrival_id, s]));
  const now = new Map(after.map((s) => [s.arrival_id, s]));
  for (const s of after) {
    m[s.kind].active++;
    const b = was.get(s.arrival_id);
    // under the same measure the evening before, though it was recorded only today, and under no
    // measure recorded by then: found late (补录), new to every report issued so far
    if (b && b.measure_id === s.measure_id && s.recorded_on === date && !Number(b.known)) m[s.kind].recorded_late++;
    if (!b) m[s.kind].started++;
    else if (b.kind !== s.kind) {
      m[b.kind].moved_out++;
      m[s.kind].moved_in++;
    }
  }
  for (const b of before) {
    if (now.has(b.arrival_id)) continue;
    if (b.cancelled_on === date) m[b.kind].cancelled++;
    else if (b.released_on === date && b.end_kind === 'transferred') m[b.kind].transferred++;
    else if (b.released_on === date && b.end_kind === 'rule') m[b.kind].ended_by_rule++;
    else m[b.kind].released++;
  }
  return m;
}

/** The people under a kind the evening before, as the day's counts imply it. */
export function activeBefore(c: { active: number | null } & Record<Flow, number | null>): number | null {
  const v = [c.active, c.started, c.moved_in, c.moved_out, c.released, c.transferred, c.ended_by_rule, c.cancelled];
  if (v.some((x) => x === null || x === undefined)) return null;
  const [active, started, movedIn, movedOut, released, transferred, ended, cancelled] = v as number[];
  return active - started - movedIn + movedOut + released + transferred + ended + cancelled;
}

/**
 * A zero report (零报告) means nothing to report: no new arrival, no one newly under a measure
 * (nor recorded under one that day, 补录), no one waiting for a quarantine site, no positive
 * test, no anomaly at a checkpoint, and no test due that day left without a sample.
 * People still under a measure, moving between kinds or released, tests done or awaiting a
 * result, and normal inspections do not break it.
 */
export function isZeroReport(r: Omit<DailyReport, 'zero_report'>): boolean {
  return (
    r.arrivals.new === 0 &&
    PHASE_KINDS.every((k) => r.measures[k].started === 0 && !r.measures[k].recorded_late) &&
    !r.awaiting_site &&
    r.tests.positive === 0 &&
    r.inspections.anomalies === 0 &&
    r.tests.missing === 0
  );
}

// ——— adding up several units' reports ———

type Count = number | null;
export type LooseReport = ReportOf<Count>;

/**
 * A report of an earlier version in this version's shape: a figure it did not have is null.
 * Version 1 had, per kind, active, started and released, and tests due, done, missing (due −
 * done, so a test awaiting its result counted as missing) and positive.
 */
export function upgradeReport(r: ReportOf<Count>): LooseReport {
  if (r.schema_version === REPORT_SCHEMA_VERSION) {
    let out: LooseReport = r.arrivals.expected_next_day === undefined ? { ...r, arrivals: { ...r.arrivals, expected_next_day: null } } : r;
    // transferred and ended by rule, added to version 2 later: counted among the released before
    if (PHASE_KINDS.some((k) => LATER_FLOWS.some((f) => out.measures[k]?.[f] === undefined))) {
      out = { ...out, measures: Object.fromEntries(PHASE_KINDS.map((k) => [k, { ...Object.fromEntries(LATER_FLOWS.map((f) => [f, null])), ...out.measures[k] }])) as Record<PhaseKind, MeasureCountsOf<Count>> };
    }
    return withLaterFigures(out);
  }
  const old = r as unknown as { arrivals: Omit<ReportOf<number>['arrivals'], 'late_registrations' | 'expected_next_day'>; measures: Record<PhaseKind, { active: number; started: number; released: number }>; tests: { due: number; done: number; positive: number } };
  return {
    schema_version: r.schema_version,
    date: r.date,
    unit: r.unit,
    zero_report: r.zero_report,
    arrivals: { new: old.arrivals.new, late_registrations: null, expected_next_day: null, by_risk: { ...old.arrivals.by_risk, inbound: null }, by_transport: old.arrivals.by_transport, by_township: old.arrivals.by_township },
    measures: Object.fromEntries(
      PHASE_KINDS.map((k) => [k, { active: old.measures[k]?.active ?? null, started: old.measures[k]?.started ?? null, moved_in: null, moved_out: null, released: old.measures[k]?.released ?? null, transferred: null, ended_by_rule: null, cancelled: null, recorded_late: null }]),
    ) as Record<PhaseKind, MeasureCountsOf<Count>>,
    awaiting_site: null,
    tests: { due: old.tests.due, done: old.tests.done, pending: null, missing: null, positive: old.tests.positive },
    inspections: r.inspections,
    sites: r.sites,
  };
}

/**
 * A version-2 report issued before the figures added within it (issue 24: inbound arrivals,
 * measures recorded late, people waiting for a site) has none of them: each is null (unknown), so
 * a merge's total of it is unknown too and a diff says it was not in the report as issued.
 */
function withLaterFigures(r: LooseReport): LooseReport {
  const byRisk = r.arrivals.by_risk.inbound === undefined;
  const late = PHASE_KINDS.some((k) => r.measures[k] && r.measures[k].recorded_late === undefined);
  const waiting = r.awaiting_site === undefined;
  if (!byRisk && !late && !waiting) return r;
  return {
    ...r,
    arrivals: byRisk ? { ...r.arrivals, by_risk: { ...r.arrivals.by_risk, inbound: null } } : r.arrivals,
    measures: late ? (Object.fromEntries(PHASE_KINDS.map((k) => [k, { ...r.measures[k], recorded_late: r.measures[k]?.recorded_late ?? null }])) as Record<PhaseKind, MeasureCountsOf<Count>>) : r.measures,
    awaiting_site: waiting ? null : r.awaiting_site,
  };
}

/** A sum that is unknown (null) when one of its parts is. */
function add(a: Count, b: Count | undefined): Count {
  return a === null || b === null || b === undefined ? null : a + b;
}

function addRecords<K extends string>(a: Record<K, Count>, b: Record<K, Count>): Record<K, Count> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as Array<[K, Count]>) out[k] = k in out ? add(out[k], v) : v;
  return out;
}

export interface MergedReport extends LooseReport {
  /** The units that were added up, in the order given. */
  units: string[];
  /** Each unit's own report (in this version's shape), by unit name: the column per county. */
  by_unit: Record<string, LooseReport>;
  /** The schema version of each unit's report as it was sent. */
  schema_versions: Record<string, number>;
  /** The county codes the merged figures hold (each unit's, and those of a merged report merged again), sorted. */
  counties: string[];
}

/** Whether the division `a` (a county, a city XXXX00, a province XX0000) holds the county `b`. */
export function divisionHolds(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.endsWith('0000')) return b.startsWith(a.slice(0, 2));
  if (a.endsWith('00')) return b.startsWith(a.slice(0, 4));
  return false;
}

/** The smallest division holding every code (a city when all share their first four digits, a province two), or null. */
export function commonDivision(codes: string[]): string | null {
  if (codes.length === 0) return null;
  if (codes.every((c) => c === codes[0])) return codes[0];
  if (codes.every((c) => c.slice(0, 4) === codes[0].slice(0, 4))) return `${codes[0].slice(0, 4)}00`;
  if (codes.every((c) => c.slice(0, 2) === codes[0].slice(0, 2))) return `${codes[0].slice(0, 2)}0000`;
  return null;
}

export type MergeProblem =
  | { code: 'merge_empty' }
  | { code: 'merge_schema'; params: { unit: string; version: unknown; expected: string } }
  | { code: 'merge_date'; params: { unit: string; date: string; expected: string } }
  | { code: 'merge_duplicate_unit'; params: { unit: string } }
  | { code: 'merge_overlap'; params: { unit: string; other: string; county: string } }
  | { code: 'merge_count'; params: { unit: string; key: string; value: string } };

/** No unit counts more than this of anything in a day: a larger figure is a typo or a forgery. */
export const MERGE_COUNT_MAX = 100_000_000;

/**
 * The first figure of a unit's report that is not a count: a negative, fractional, huge or
 * non-numeric value (null is an older report's unknown figure, and zero_report a yes or no).
 */
export function badFigure(r: LooseReport): { key: string; value: unknown } | null {
  let all: Figure[];
  try {
    all = figures(r);
  } catch {
    return { key: 'report', value: 'incomplete' };
  }
  for (const [key, value] of all) {
    if (key === 'zero_report') {
      if (typeof value !== 'boolean') return { key, value };
      continue;
    }
    if (value === null) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MERGE_COUNT_MAX) return { key, value };
  }
  return null;
}

/** A report's county code, when it has a valid one. */
function codeOf(r: { county?: unknown }): string | null {
  return typeof r.county === 'string' && /^\d{6}$/.test(r.county) ? r.county : null;
}

/** The counties a report's figures hold: a merged report's list, else its own code. */
function countiesOf(r: { county?: unknown; counties?: unknown }): string[] {
  if (Array.isArray(r.counties)) return r.counties.filter((c): c is string => typeof c === 'string' && /^\d{6}$/.test(c));
  const c = codeOf(r);
  return c ? [c] : [];
}

/** A unit as a message or a merged report names it: 鼓楼区（350102）, or its name alone without a code. */
function unitLabel(r: { unit: string; county?: string | null }): string {
  const c = codeOf(r);
  return c ? `${r.unit}（${c}）` : r.unit;
}

/**
 * Two reports that count the same county: one county in both (a city's merged report and that
 * county's own), or a division's report (a city's, XXXX00) beside a county it holds.
 */
function overlapOf(reports: Array<{ unit: string; county?: string | null; counties?: unknown }>): { unit: string; other: string; county: string } | null {
  for (let i = 0; i < reports.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = reports[j];
      const b = reports[i];
      const inA = [...countiesOf(a), ...(codeOf(a) ? [codeOf(a)!] : [])];
      const inB = [...countiesOf(b), ...(codeOf(b) ? [codeOf(b)!] : [])];
      for (const x of inA) {
        for (const y of inB) {
          if (divisionHolds(x, y) || divisionHolds(y, x)) {
            const held = divisionHolds(x, y) ? y : x;
            return { unit: unitLabel(b), other: unitLabel(a), county: held };
          }
        }
      }
    }
  }
  return null;
}

/**
 * Adds several units' reports for the same date into one, keeping each unit's own. Reports of
 * this version and the one before add up; a figure an older report lacks makes its total unknown.
 */
export function mergeReports(reports: Array<ReportOf<Count>>, unit: string): { merged?: MergedReport; problem?: MergeProblem } {
  if (reports.length === 0) return { problem: { code: 'merge_empty' } };
  const date = reports[0].date;
  const seen = new Set<string>();
  for (const r of reports) {
    if (!MERGEABLE_VERSIONS.includes(r.schema_version)) return { problem: { code: 'merge_schema', params: { unit: r.unit, version: r.schema_version, expected: MERGEABLE_VERSIONS.join(', ') } } };
    if (r.date !== date) return { problem: { code: 'merge_date', params: { unit: r.unit, date: r.date, expected: date } } };
    // a unit is its county code where it has one: two counties named 鼓楼区 are two units
    const id = codeOf(r) ?? `name:${r.unit}`;
    if (seen.has(id)) return { problem: { code: 'merge_duplicate_unit', params: { unit: unitLabel(r) } } };
    seen.add(id);
  }
  // no county counted twice: a city's report merged with one of its own counties' would be
  const overlap = overlapOf(reports);
  if (overlap) return { problem: { code: 'merge_overlap', params: overlap } };
  // a unit's name in the merged figures: with its code when another unit has the same name
  const named = new Map<string, number>();
  for (const r of reports) named.set(r.unit, (named.get(r.unit) ?? 0) + 1);
  const key = (r: { unit: string; county?: string | null }) => ((named.get(r.unit) ?? 0) > 1 ? unitLabel(r) : r.unit);
  const units = reports.map(upgradeReport);
  for (const r of units) {
    const bad = badFigure(r);
    if (bad) return { problem: { code: 'merge_count', params: { unit: r.unit, key: bad.key, value: JSON.stringify(bad.value)?.slice(0, 40) ?? String(bad.value) } } };
  }
  const measures = emptyMeasures() as Record<PhaseKind, MeasureCountsOf<Count>>;
  const arrivals = { new: 0 as Count, late_registrations: 0 as Count, expected_next_day: 0 as Count, by_risk: { high: 0, medium: 0, low: 0, inbound: 0 } as Record<'high' | 'medium' | 'low' | 'inbound', Count>, by_transport: emptyTransport() as Record<string, Count>, by_township: {} as Record<string, Count> };
  let awaitingSite: Count = 0;
  const tests: Record<TestCount, Count> = { due: 0, done: 0, pending: 0, missing: 0, positive: 0 };
  const insp = { total: 0, people: 0, vehicles: 0, anomalies: 0, by_checkpoint: [] as CheckpointCount[] };
  const sites: SiteCount[] = [];
  for (const r of units) {
    arrivals.new = add(arrivals.new, r.arrivals.new);
    arrivals.late_registrations = add(arrivals.late_registrations, r.arrivals.late_registrations);
    arrivals.expected_next_day = add(arrivals.expected_next_day, r.arrivals.expected_next_day);
    arrivals.by_risk = addRecords(arrivals.by_risk, r.arrivals.by_risk);
    if (r.arrivals.unresolved_origin) (arrivals as { unresolved_origin?: Count }).unresolved_origin = add((arrivals as { unresolved_origin?: Count }).unresolved_origin ?? 0, r.arrivals.unresolved_origin);
    arrivals.by_transport = addRecords(arrivals.by_transport, r.arrivals.by_transport);
    for (const [t, n] of Object.entries(r.arrivals.by_township)) arrivals.by_township[`${key(r)}/${t}`] = n;
    for (const k of PHASE_KINDS) measures[k] = addRecords(measures[k], r.measures[k]) as MeasureCountsOf<Count>;
    awaitingSite = add(awaitingSite, r.awaiting_site);
    for (const k of TEST_COUNTS) tests[k] = add(tests[k], r.tests[k]);
    insp.total += r.inspections.total;
    insp.people += r.inspections.people;
    insp.vehicles += r.inspections.vehicles;
    insp.anomalies += r.inspections.anomalies;
    insp.by_checkpoint.push(...r.inspections.by_checkpoint.map((c) => ({ ...c, name: `${key(r)}/${c.name}` })));
    sites.push(...r.sites.map((s) => ({ ...s, name: `${key(r)}/${s.name}` })));
  }
  return {
    merged: {
      schema_version: REPORT_SCHEMA_VERSION,
      date,
      unit,
      county: reports.every((r) => codeOf(r)) ? commonDivision(reports.map((r) => codeOf(r)!)) : null,
      // each unit said whether its day was a zero report: the sum is one when every unit's was
      zero_report: units.every((r) => r.zero_report),
      arrivals,
      measures,
      awaiting_site: awaitingSite,
      tests,
      inspections: insp,
      sites,
      units: units.map((r) => key(r)),
      by_unit: Object.fromEntries(units.map((r) => [key(r), r])),
      schema_versions: Object.fromEntries(reports.map((r) => [key(r), r.schema_version])),
      counties: [...new Set(reports.flatMap(countiesOf))].sort(),
    },
  };
}

// ——— figure by figure ———

/** A figure of a report: its key (the JSON path, by name for checkpoints and sites) and value. */
export type Figure = [key: string, value: number | boolean | null];

/**
 * Every figure of a report, in the order the report shows them: `arrivals.new`,
 * `measures.centralized.moved_in`, `inspections.by_checkpoint.<name>.people`,
 * `sites.<name>.occupied` …
 */
export function figures(r: LooseReport): Figure[] {
  const f: Figure[] = [['zero_report', r.zero_report], ['arrivals.new', r.arrivals.new]];
  for (const l of ['high', 'medium', 'low', 'inbound'] as const) f.push([`arrivals.by_risk.${l}`, r.arrivals.by_risk[l] ?? null]);
  for (const [t, n] of Object.entries(r.arrivals.by_transport)) f.push([`arrivals.by_transport.${t}`, n]);
  for (const [t, n] of Object.entries(r.arrivals.by_township)) f.push([`arrivals.by_township.${t}`, n]);
  if (r.arrivals.unresolved_origin !== undefined) f.push(['arrivals.unresolved_origin', r.arrivals.unresolved_origin]);
  f.push(['arrivals.late_registrations', r.arrivals.late_registrations]);
  f.push(['arrivals.expected_next_day', r.arrivals.expected_next_day ?? null]);
  for (const k of PHASE_KINDS) for (const c of ['active', ...FLOWS, 'recorded_late'] as const) f.push([`measures.${k}.${c}`, r.measures[k][c] ?? null]);
  f.push(['awaiting_site', r.awaiting_site ?? null]);
  for (const c of TEST_COUNTS) f.push([`tests.${c}`, r.tests[c]]);
  for (const c of ['total', 'people', 'vehicles', 'anomalies'] as const) f.push([`inspections.${c}`, r.inspections[c]]);
  for (const cp of r.inspections.by_checkpoint) for (const c of ['inspections', 'people', 'vehicles', 'anomalies'] as const) f.push([`inspections.by_checkpoint.${cp.name}.${c}`, cp[c]]);
  for (const s of r.sites) for (const c of ['capacity', 'occupied'] as const) f.push([`sites.${s.name}.${c}`, s[c]]);
  return f;
}

/**
 * A day's report now in the shape of one issued before transferred and ended_by_rule had their
 * own line (version 2 as first issued): those people counted among the released, as they were
 * then, so that `report diff` compares like with like. Unchanged when the issued one has them.
 */
export function inIssuedShape<R extends LooseReport>(issued: LooseReport, now: R): R {
  if (PHASE_KINDS.every((k) => LATER_FLOWS.every((f) => issued.measures[k]?.[f] !== undefined))) return now;
  const measures = Object.fromEntries(
    PHASE_KINDS.map((k) => {
      const { transferred, ended_by_rule, ...rest } = now.measures[k];
      return [k, { ...rest, released: rest.released === null || transferred === null || ended_by_rule === null ? null : rest.released + transferred + ended_by_rule }];
    }),
  );
  return { ...now, measures } as R;
}

/** The figures that differ between two reports of a day: as issued, and now (null: not in that one). */
export function changedFigures(issued: LooseReport, now: LooseReport): Array<{ key: string; issued: Figure[1]; now: Figure[1] }> {
  const a = new Map(figures(issued));
  const b = new Map(figures(now));
  const keys = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  return keys.filter((k) => (a.get(k) ?? null) !== (b.get(k) ?? null)).map((k) => ({ key: k, issued: a.get(k) ?? null, now: b.get(k) ?? null }));
}
