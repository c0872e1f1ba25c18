/** arrivals.expected_next_day (issue 14): added within report version 2; a report issued before it has none. */
import { describe, expect, it } from 'vitest';
import { changedFigures, emptyMeasures, emptyTransport, figures, isZeroReport, mergeReports, upgradeReport, type DailyReport } from '../../src/domain/report.js';

function report(unit: string, expected?: number): DailyReport {
  const arrivals: Record<string, unknown> = { new: 0, late_registrations: 0, by_risk: { high: 0, medium: 0, low: 0 }, by_transport: emptyTransport(), by_township: {} };
  if (expected !== undefined) arrivals.expected_next_day = expected;
  const base = { schema_version: 2, date: '2022-11-22', unit, arrivals, measures: emptyMeasures(), tests: { due: 0, done: 0, pending: 0, missing: 0, positive: 0 }, inspections: { total: 0, people: 0, vehicles: 0, anomalies: 0, by_checkpoint: [] }, sites: [] } as unknown as Omit<DailyReport, 'zero_report'>;
  return { ...base, zero_report: isZeroReport(base) } as DailyReport;
}

describe('arrivals.expected_next_day', () => {
  it('is a figure of the report, after the late registrations; people expected do not break a zero report', () => {
    const r = report('A', 3);
    const keys = figures(r).map(([k]) => k);
    expect(keys.indexOf('arrivals.expected_next_day')).toBe(keys.indexOf('arrivals.late_registrations') + 1);
    expect(r.zero_report).toBe(true);
  });
  it('a version-2 report issued before it has none: unknown (null) when upgraded, merged or compared', () => {
    const old = report('B');
    expect(upgradeReport(old).arrivals.expected_next_day).toBeNull();
    expect(mergeReports([report('A', 2), report('C', 1)], '市').merged!.arrivals.expected_next_day).toBe(3);
    expect(mergeReports([report('A', 2), old], '市').merged!.arrivals.expected_next_day).toBeNull();
    expect(changedFigures(old, report('B', 1))).toEqual([{ key: 'arrivals.expected_next_day', issued: null, now: 1 }]);
  });
});
