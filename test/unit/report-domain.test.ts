/** The pure parts of the daily report: flows between two evenings, the zero report, adding up versions 1 and 2, figures. */
import { describe, expect, it } from 'vitest';
import { activeBefore, changedFigures, emptyMeasures, emptyTransport, figures, isZeroReport, measureFlows, mergeReports, type DailyReport, type PersonState } from '../../src/domain/report.js';

const s = (arrival_id: number, kind: PersonState['kind'], cancelled_on: string | null = null, measure_id = arrival_id): PersonState => ({ arrival_id, measure_id, kind, cancelled_on });

describe('the flows of a day come from where each person stood on the two evenings', () => {
  it('started, moved, released, cancelled', () => {
    const before = [s(1, 'centralized'), s(2, 'home_quarantine'), s(3, 'home_quarantine', '2022-11-22'), s(4, 'health_monitoring')];
    const after = [s(1, 'home_quarantine'), s(5, 'centralized'), s(4, 'health_monitoring')];
    const m = measureFlows(before, after, '2022-11-22');
    expect(m.centralized).toEqual({ active: 1, started: 1, moved_in: 0, moved_out: 1, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0 , recorded_late: 0 });
    expect(m.home_quarantine).toEqual({ active: 1, started: 0, moved_in: 1, moved_out: 0, released: 1, transferred: 0, ended_by_rule: 0, cancelled: 1 , recorded_late: 0 });
    expect(m.health_monitoring).toEqual({ active: 1, started: 0, moved_in: 0, moved_out: 0, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0 , recorded_late: 0 });
    for (const k of ['centralized', 'home_quarantine', 'health_monitoring'] as const) {
      const was = before.filter((x) => x.kind === k).length;
      expect(activeBefore(m[k])).toBe(was);
    }
  });

  it('a measure cancelled on an earlier day, whose person is still on the books through another, is not a cancellation that day', () => {
    const m = measureFlows([s(1, 'centralized', '2022-11-25', 1)], [s(1, 'centralized', null, 2)], '2022-11-22');
    expect(m.centralized).toEqual({ active: 1, started: 0, moved_in: 0, moved_out: 0, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0 , recorded_late: 0 });
  });
});

function report(over: Partial<Record<string, unknown>> = {}): DailyReport {
  const base: Omit<DailyReport, 'zero_report'> = {
    schema_version: 2,
    date: '2022-11-22',
    unit: 'A',
    arrivals: { new: 0, late_registrations: 0, expected_next_day: 0, by_risk: { high: 0, medium: 0, low: 0, inbound: 0 }, by_transport: emptyTransport(), by_township: {} },
    measures: emptyMeasures(),
    awaiting_site: 0,
    tests: { due: 0, done: 0, pending: 0, missing: 0, positive: 0 },
    inspections: { total: 0, people: 0, vehicles: 0, anomalies: 0, by_checkpoint: [] },
    sites: [],
  };
  const r = { ...base, ...over } as Omit<DailyReport, 'zero_report'>;
  return { ...r, zero_report: isZeroReport(r) } as DailyReport;
}

describe('a zero report means nothing to report', () => {
  it('is broken by an arrival, a start, a positive, an anomaly or a test left unsampled, and by nothing else', () => {
    expect(report().zero_report).toBe(true);
    const m = emptyMeasures();
    m.centralized = { active: 5, started: 0, moved_in: 1, moved_out: 0, released: 2, cancelled: 1, recorded_late: 0 };
    m.home_quarantine.moved_out = 1;
    expect(report({ measures: m, tests: { due: 3, done: 2, pending: 1, missing: 0, positive: 0 }, arrivals: { ...report().arrivals, late_registrations: 2 } }).zero_report).toBe(true);
    expect(report({ arrivals: { ...report().arrivals, new: 1 } }).zero_report).toBe(false);
    const started = emptyMeasures();
    started.health_monitoring.started = 1;
    expect(report({ measures: started }).zero_report).toBe(false);
    expect(report({ tests: { due: 1, done: 0, pending: 0, missing: 1, positive: 0 } }).zero_report).toBe(false);
    expect(report({ tests: { due: 0, done: 0, pending: 0, missing: 0, positive: 1 } }).zero_report).toBe(false);
    expect(report({ inspections: { total: 1, people: 1, vehicles: 0, anomalies: 1, by_checkpoint: [] } }).zero_report).toBe(false);
  });
});

/** A report as fangkong 0.1 wrote it (schema 1). */
function version1(unit: string) {
  return {
    schema_version: 1,
    date: '2022-11-22',
    unit,
    zero_report: false,
    arrivals: { new: 2, by_risk: { high: 1, medium: 0, low: 1 }, by_transport: { ...emptyTransport(), car: 2 }, by_township: { 河口镇: 2 } },
    measures: { centralized: { active: 3, started: 1, released: 0 }, home_quarantine: { active: 1, started: 0, released: 1 }, health_monitoring: { active: 0, started: 0, released: 0 } },
    tests: { due: 4, done: 3, missing: 1, positive: 0 },
    inspections: { total: 1, people: 1, vehicles: 0, anomalies: 0, by_checkpoint: [{ name: '卡点', inspections: 1, people: 1, vehicles: 0, anomalies: 0 }] },
    sites: [{ name: '党校', capacity: 10, occupied: 3 }],
  };
}

describe('report merge adds up this version and the one before', () => {
  it('a figure a version-1 report lacks is unknown, and so is its total; the others add up', () => {
    const m = emptyMeasures();
    m.centralized = { active: 2, started: 1, moved_in: 0, moved_out: 1, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0 , recorded_late: 0 };
    const v2 = report({ unit: 'B', measures: m, arrivals: { ...report().arrivals, new: 1, late_registrations: 1, by_transport: { ...emptyTransport(), train: 1 } }, tests: { due: 2, done: 1, pending: 1, missing: 0, positive: 1 } });
    const { merged, problem } = mergeReports([version1('A') as never, v2], '某市');
    expect(problem).toBeUndefined();
    expect(merged!.schema_version).toBe(2);
    expect(merged!.schema_versions).toEqual({ A: 1, B: 2 });
    expect(merged!.arrivals).toMatchObject({ new: 3, late_registrations: null, by_risk: { high: 1, medium: 0, low: 1 }, by_transport: { car: 2, train: 1 }, by_township: { 'A/河口镇': 2 } });
    expect(merged!.measures.centralized).toEqual({ active: 5, started: 2, moved_in: null, moved_out: null, released: 0, transferred: null, ended_by_rule: null, cancelled: null , recorded_late: null });
    expect(merged!.tests).toEqual({ due: 6, done: 4, pending: null, missing: null, positive: 1 });
    expect(merged!.by_unit.A.measures.home_quarantine).toEqual({ active: 1, started: 0, moved_in: null, moved_out: null, released: 1, transferred: null, ended_by_rule: null, cancelled: null , recorded_late: null });
    expect(merged!.zero_report).toBe(false);
    expect(merged!.sites).toEqual([{ name: 'A/党校', capacity: 10, occupied: 3 }]);
    // two of this version: every figure known
    const both = mergeReports([v2, { ...v2, unit: 'C' }], 'x').merged!;
    expect(both.measures.centralized).toEqual({ active: 4, started: 2, moved_in: 0, moved_out: 2, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0 , recorded_late: 0 });
    expect(both.tests.pending).toBe(2);
    expect(mergeReports([report(), { ...report(), unit: 'B' }], 'x').merged!.zero_report).toBe(true);
  });

  it('refuses a version it does not know', () => {
    expect(mergeReports([report(), { ...report(), unit: 'B', schema_version: 3 }], 'x').problem).toEqual({ code: 'merge_schema', params: { unit: 'B', version: 3, expected: '1, 2' } });
  });
});

describe('figure by figure', () => {
  it('lists every figure by key, checkpoints and sites by name, and what changed between two', () => {
    const a = report({ inspections: { total: 1, people: 2, vehicles: 1, anomalies: 0, by_checkpoint: [{ name: '卡点', inspections: 1, people: 2, vehicles: 1, anomalies: 0 }] }, sites: [{ name: '党校', capacity: 10, occupied: 1 }] });
    const keys = figures(a).map(([k]) => k);
    expect(keys.slice(0, 3)).toEqual(['zero_report', 'arrivals.new', 'arrivals.by_risk.high']);
    expect(keys).toEqual(expect.arrayContaining(['arrivals.late_registrations', 'arrivals.expected_next_day', 'measures.home_quarantine.cancelled', 'tests.pending', 'inspections.by_checkpoint.卡点.people', 'sites.党校.occupied']));
    expect(keys).toHaveLength(1 + 1 + 4 + 6 + 1 + 1 + 27 + 1 + 5 + 4 + 4 + 2);
    const b = { ...a, arrivals: { ...a.arrivals, new: 1, by_township: { 城关镇: 1 } }, sites: [] };
    expect(changedFigures(a, b)).toEqual([
      { key: 'arrivals.new', issued: 0, now: 1 },
      { key: 'arrivals.by_township.城关镇', issued: null, now: 1 },
      { key: 'sites.党校.capacity', issued: 10, now: null },
      { key: 'sites.党校.occupied', issued: 1, now: null },
    ]);
  });
});
