/**
 * Issue 24: the figures added within report version 2 — 补录 (measures.<kind>.recorded_late),
 * 境外输入 (arrivals.by_risk.inbound) and 待安排隔离点 (awaiting_site): each breaks a zero report
 * (inbound as an arrival), is counted from where each person stood on the two evenings, and a
 * version-2 report issued before them has none: unknown (null) when upgraded, merged or compared.
 */
import { describe, expect, it } from 'vitest';
import { changedFigures, emptyMeasures, emptyTransport, figures, isZeroReport, measureFlows, mergeReports, upgradeReport, type DailyReport, type PersonState } from '../../src/domain/report.js';

function report(unit: string, over: Record<string, unknown> = {}): DailyReport {
  const base = {
    schema_version: 2,
    date: '2022-11-22',
    unit,
    arrivals: { new: 0, late_registrations: 0, expected_next_day: 0, by_risk: { high: 0, medium: 0, low: 0, inbound: 0 }, by_transport: emptyTransport(), by_township: {} },
    measures: emptyMeasures(),
    awaiting_site: 0,
    tests: { due: 0, done: 0, pending: 0, missing: 0, positive: 0 },
    inspections: { total: 0, people: 0, vehicles: 0, anomalies: 0, by_checkpoint: [] },
    sites: [],
    ...over,
  } as unknown as Omit<DailyReport, 'zero_report'>;
  return { ...base, zero_report: isZeroReport(base) } as DailyReport;
}

/** A report as issued before issue 24: version 2, without the three figures. */
function before24(unit: string): DailyReport {
  const r = JSON.parse(JSON.stringify(report(unit))) as Record<string, any>;
  delete r.awaiting_site;
  delete r.arrivals.by_risk.inbound;
  for (const k of Object.keys(r.measures)) delete r.measures[k].recorded_late;
  return r as DailyReport;
}

const st = (arrival_id: number, measure_id: number, recorded_on: string, kind: PersonState['kind'] = 'centralized'): PersonState => ({ arrival_id, measure_id, kind, cancelled_on: null, recorded_on });

describe('补录: a measure recorded on the day, reaching back before it', () => {
  it('is counted on the day it is recorded, not the day after; a measure recorded the day it starts is 新增', () => {
    const D = '2022-11-24';
    // 1: under the same measure the evening before (as it stands now), recorded today: 补录
    // 2: recorded the day before: neither; 3: recorded today and starting today: 新增
    // 4: a new measure today replacing yesterday's (a reassessment): not 补录
    const before = [st(1, 10, D), st(2, 20, '2022-11-23'), st(4, 40, '2022-11-20')];
    const after = [st(1, 10, D), st(2, 20, '2022-11-23'), st(3, 30, D), st(4, 41, D)];
    const m = measureFlows(before, after, D);
    expect(m.centralized).toEqual({ active: 4, started: 1, moved_in: 0, moved_out: 0, released: 0, transferred: 0, ended_by_rule: 0, cancelled: 0, recorded_late: 1 });
    // the day after, the same people: nothing recorded late
    expect(measureFlows(after, after, '2022-11-25').centralized.recorded_late).toBe(0);
    // on the books the evening before through another measure, recorded by then (a cancelled one
    // replaced today by a measure reaching back): a report issued that evening had them, not 补录
    expect(measureFlows([{ ...st(5, 51, D), known: 1 }], [st(5, 51, D)], D).centralized).toMatchObject({ active: 1, started: 0, recorded_late: 0 });
    // counted under the kind the person is in at the end of the day
    expect(measureFlows([st(1, 10, D)], [st(1, 10, D, 'home_quarantine')], D).home_quarantine).toMatchObject({ moved_in: 1, recorded_late: 1 });
  });
});

describe('a zero report', () => {
  it('is broken by a measure recorded late, by anyone waiting for a site, by an inbound arrival; not by none of them', () => {
    expect(report('A').zero_report).toBe(true);
    const late = emptyMeasures();
    late.home_quarantine.recorded_late = 1;
    expect(report('A', { measures: late }).zero_report).toBe(false);
    expect(report('A', { awaiting_site: 1 }).zero_report).toBe(false);
    expect(report('A', { arrivals: { ...report('A').arrivals, new: 1, by_risk: { high: 0, medium: 0, low: 0, inbound: 1 } } }).zero_report).toBe(false);
  });
});

describe('the figures are in order, each next to its kin', () => {
  it('境外输入 after the low-risk line, 补录 after each kind\'s flows, awaiting_site after the measures', () => {
    const keys = figures(report('A')).map(([k]) => k);
    expect(keys.indexOf('arrivals.by_risk.inbound')).toBe(keys.indexOf('arrivals.by_risk.low') + 1);
    expect(keys.indexOf('measures.centralized.recorded_late')).toBe(keys.indexOf('measures.centralized.cancelled') + 1);
    expect(keys.indexOf('awaiting_site')).toBe(keys.indexOf('measures.health_monitoring.recorded_late') + 1);
    expect(keys.indexOf('tests.due')).toBe(keys.indexOf('awaiting_site') + 1);
  });
});

describe('a version-2 report issued before them', () => {
  it('has none: unknown (null) when upgraded, merged or compared; reports of now add up', () => {
    const old = before24('B');
    const up = upgradeReport(old);
    expect(up.arrivals.by_risk).toEqual({ high: 0, medium: 0, low: 0, inbound: null });
    expect(up.awaiting_site).toBeNull();
    expect(up.measures.centralized.recorded_late).toBeNull();
    // a report of now is as it is
    const a = report('A', { awaiting_site: 2, arrivals: { ...report('A').arrivals, new: 1, by_risk: { high: 0, medium: 0, low: 0, inbound: 1 } } });
    expect(upgradeReport(a)).toBe(a);
    const both = mergeReports([a, report('C', { awaiting_site: 1 })], '市').merged!;
    expect([both.awaiting_site, both.arrivals.by_risk.inbound, both.measures.centralized.recorded_late]).toEqual([3, 1, 0]);
    const mixed = mergeReports([a, old], '市').merged!;
    expect([mixed.awaiting_site, mixed.arrivals.by_risk.inbound, mixed.measures.centralized.recorded_late]).toEqual([null, null, null]);
    expect(mixed.arrivals.by_risk.low).toBe(0);
    // compared with the same day now: the new figures were not in it, nothing else changed
    expect(changedFigures(old, report('B')).map((c) => [c.key, c.issued, c.now])).toEqual([
      ['arrivals.by_risk.inbound', null, 0],
      ['measures.centralized.recorded_late', null, 0],
      ['measures.home_quarantine.recorded_late', null, 0],
      ['measures.health_monitoring.recorded_late', null, 0],
      ['awaiting_site', null, 0],
    ]);
  });
});
