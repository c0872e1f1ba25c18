/**
 * A county's two weeks, built by hand, with every figure of every day's report worked out on
 * paper first: phase changes, a reassessment, a cancellation, a late registration (whose measure
 * reaches back into days already reported), a pending test, a positive. Then the report as
 * issued on one of those days, and what `report diff` says changed it since.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PHASE_KINDS } from '../../src/domain/policy.js';
import { FLOWS, type DailyReport } from '../../src/domain/report.js';
import { cancel } from '../../src/services/quarantine/cancel.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { daily, dailyReport, issueHistory, recordIssue, reportDiff, reportRange } from '../../src/services/reporting.js';
import type { Store } from '../../src/store/db.js';
import { on, people, twoWeeks as story, TZ } from '../county.js';
import { tmpDir, openTestStore } from '../helpers.js';

let store: Store;

const twoWeeks = () => story(store);
const twoWeeksUntil = (last: string) => story(store, null, last);
const twoWeeksFrom = (first: string) => story(store, first, null);

type Flows = [active: number, started: number, moved_in: number, moved_out: number, released: number, cancelled: number];
type Day = [date: string, arrivals: number, late: number, C: Flows, H: Flows, M: Flows, tests: [due: number, done: number, pending: number, missing: number, positive: number], inspections: [total: number, people: number, vehicles: number, anomalies: number], site: number, zero: boolean];

const O: Flows = [0, 0, 0, 0, 0, 0];
const T0: Day[6] = [0, 0, 0, 0, 0];
const I0: Day[7] = [0, 0, 0, 0];

// worked out on paper from the story above
const EXPECTED: Day[] = [
  ['2022-11-14', 1, 0, [1, 1, 0, 0, 0, 0], O, O, [1, 1, 0, 0, 0], I0, 1, false],
  ['2022-11-15', 2, 0, [2, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], O, [3, 2, 0, 1, 0], [1, 2, 1, 0], 2, false],
  ['2022-11-16', 1, 0, [2, 0, 0, 0, 0, 0], [2, 1, 0, 0, 0, 0], O, [3, 2, 0, 1, 0], I0, 2, false],
  ['2022-11-17', 1, 0, [3, 1, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0], O, [3, 2, 0, 1, 0], [1, 1, 0, 1], 3, false],
  // the cancellation leaves home quarantine as cancelled, not released; a day with nothing to report
  ['2022-11-18', 0, 0, [3, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 1], O, [2, 2, 0, 0, 0], I0, 3, true],
  // 张一 moves from centralised to home quarantine; 孙五 registered late; his test awaits its result;
  // his measure, reaching back to 11-15, is recorded today (补录): no zero report (issue 24)
  ['2022-11-19', 0, 1, [2, 0, 0, 1, 0, 0], [2, 0, 1, 0, 0, 0], O, [4, 3, 1, 0, 0], I0, 2, false],
  ['2022-11-20', 0, 0, [1, 0, 0, 1, 0, 0], [3, 0, 1, 0, 0, 0], O, [1, 0, 0, 1, 0], I0, 1, false],
  ['2022-11-21', 0, 0, [1, 0, 0, 0, 0, 0], [3, 0, 0, 0, 0, 0], O, [3, 3, 0, 0, 1], I0, 1, false],
  // 赵四 moves home under the new 5+3; 张一 and 李二 are released
  ['2022-11-22', 0, 0, [0, 0, 0, 1, 0, 0], [2, 0, 1, 0, 2, 0], O, [2, 1, 0, 1, 0], I0, 0, false],
  ['2022-11-23', 0, 0, O, [1, 0, 0, 0, 1, 0], O, T0, I0, 0, true],
  ['2022-11-24', 0, 0, O, [1, 0, 0, 0, 0, 0], O, [1, 0, 0, 1, 0], I0, 0, false],
  ['2022-11-25', 0, 0, O, [0, 0, 0, 0, 1, 0], O, T0, I0, 0, true],
  ['2022-11-26', 0, 0, O, O, O, T0, I0, 0, true],
  ['2022-11-27', 0, 0, O, O, O, T0, I0, 0, true],
];

function asDay(r: DailyReport): Day {
  // no one in this story is transferred or has a measure ended by a rule: those two flows are 0 every day
  for (const k of PHASE_KINDS) expect([r.measures[k].transferred, r.measures[k].ended_by_rule], `${r.date} ${k}`).toEqual([0, 0]);
  const flows = (k: (typeof PHASE_KINDS)[number]) => [r.measures[k].active, ...FLOWS.filter((f) => f !== 'transferred' && f !== 'ended_by_rule').map((f) => r.measures[k][f])] as Flows;
  return [
    r.date,
    r.arrivals.new,
    r.arrivals.late_registrations,
    flows('centralized'),
    flows('home_quarantine'),
    flows('health_monitoring'),
    [r.tests.due, r.tests.done, r.tests.pending, r.tests.missing, r.tests.positive],
    [r.inspections.total, r.inspections.people, r.inspections.vehicles, r.inspections.anomalies],
    r.sites[0].occupied,
    r.zero_report,
  ];
}

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'county.db'));
  return () => store.close();
});

describe('two weeks of a county, every figure of every day', () => {
  it('each day as worked out on paper', () => {
    twoWeeks();
    const got = EXPECTED.map(([date]) => asDay(dailyReport(store, date, '城关县')));
    for (let i = 0; i < EXPECTED.length; i++) expect(got[i], EXPECTED[i][0]).toEqual(EXPECTED[i]);
    // the day before the first is empty, so the first day's flows start from nothing
    expect(asDay(dailyReport(store, '2022-11-13', '城关县'))).toEqual(['2022-11-13', 0, 0, O, O, O, T0, I0, 0, true]);
  });

  it('the flows balance from each evening to the next, and the range shows the same figures', () => {
    twoWeeks();
    const rows = reportRange(store, '2022-11-13', '2022-11-27');
    for (let i = 1; i < rows.length; i++) {
      for (const k of PHASE_KINDS) {
        const r = rows[i];
        const n = (c: string) => r[`${k}_${c}`] as number;
        expect(n('active'), `${r.date} ${k}`).toBe((rows[i - 1][`${k}_active`] as number) + n('started') + n('moved_in') - n('moved_out') - n('released') - n('cancelled'));
      }
    }
    for (const [date, arrivals, late, C, H, , tests] of EXPECTED) {
      const r = rows.find((x) => x.date === date)!;
      expect([r.arrivals, r.late_registrations, r.centralized_active, r.centralized_moved_out, r.home_quarantine_active, r.home_quarantine_cancelled, r.tests_pending, r.tests_missing]).toEqual([arrivals, late, C[0], C[3], H[0], H[5], tests[2], tests[3]]);
    }
  });

  it('the report issued on 11-15 is kept; the late registration of 11-19 changes that day, and report diff names it', () => {
    // the county as it was on the evening of 11-15, and the report sent then
    twoWeeksUntil('2022-11-15');
    const evening = on('2022-11-15', 21);
    const made = daily(store, { date: '2022-11-15', record: true }, evening);
    expect(made.issued).toBeNull();
    const text = JSON.stringify(made.report, null, 2) + '\n';
    const kept = recordIssue(store, made.report, { text, format: 'json', file: null, marks: made.record!.marks }, evening);
    expect(kept).toMatchObject({ id: 1, date: '2022-11-15', unit: '城关县', issued_at: '2022-11-15T21:00:00+08:00', actor: 'clerk', format: 'json', file: null });
    expect(kept.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.db.prepare('SELECT content FROM issued_reports WHERE id = 1').pluck().get()).toEqual(Buffer.from(text));
    // the same day regenerated that evening: nothing has changed
    expect(daily(store, { date: '2022-11-15' }, evening).issued).toMatchObject({ id: 1, changed: 0 });
    expect(reportDiff(store, { date: '2022-11-15' }, evening)).toMatchObject({ changes: [], causes: [] });

    twoWeeksFrom('2022-11-16');
    const later = on('2022-11-27', 21);
    expect(daily(store, { date: '2022-11-15' }, later).issued).toMatchObject({ id: 1, changed: 9 });
    const diff = reportDiff(store, { date: '2022-11-15' }, later);
    expect(diff.issue).toMatchObject({ id: 1, issued_at: '2022-11-15T21:00:00+08:00' });
    expect(diff.changes).toEqual([
      { key: 'arrivals.new', issued: 1, now: 2 },
      { key: 'arrivals.by_risk.low', issued: 0, now: 1 },
      { key: 'arrivals.by_transport.plane', issued: 0, now: 1 },
      { key: 'arrivals.by_township.城关镇', issued: null, now: 1 },
      { key: 'measures.centralized.active', issued: 1, now: 2 },
      { key: 'measures.centralized.started', issued: 0, now: 1 },
      { key: 'tests.due', issued: 2, now: 3 },
      { key: 'tests.missing', issued: 0, now: 1 },
      { key: 'sites.党校.occupied', issued: 1, now: 2 },
    ]);
    // the late registration, and the measure it was given, which reaches back to 11-15; nothing else
    const 孙五 = { name: '孙五', arrival_date: '2022-11-15', late: true, registered_at: '2022-11-19T10:00:00' };
    expect(diff.causes).toEqual([
      expect.objectContaining({ kind: 'registration', record: 'arrival:5', arrival: expect.objectContaining(孙五), from: '2022-11-15' }),
      expect.objectContaining({ kind: 'assignment', record: 'measure:5', arrival: expect.objectContaining(孙五), detail: 'close-contact-5+3', from: '2022-11-15' }),
    ]);
    expect(issueHistory(store, {}, TZ)).toEqual([expect.objectContaining({ id: 1, date: '2022-11-15', bytes: Buffer.byteLength(text) })]);
  });

  it('a back-dated cancellation after a day was issued changes that day and is named; a later reassessment is not', () => {
    twoWeeksUntil('2022-11-17');
    const evening = on('2022-11-17', 21);
    const made = daily(store, { date: '2022-11-17', record: true }, evening);
    recordIssue(store, made.report, { text: '# 2022-11-17\n', format: 'markdown', file: '2022-11-17.md', marks: made.record!.marks }, evening);
    // found on 11-18: 王三's measure was wrong from the start, taken off the books from 11-16
    cancel(store, people.王三, { reason: '分配有误', date: '2022-11-16' }, on('2022-11-18'));
    reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-20', dryRun: false }, on('2022-11-20'));
    const diff = reportDiff(store, { date: '2022-11-17' }, on('2022-11-27'));
    expect(diff.issue).toMatchObject({ id: 1, format: 'markdown', file: '2022-11-17.md' });
    expect(diff.changes).toEqual([{ key: 'measures.home_quarantine.active', issued: 2, now: 1 }]);
    expect(diff.causes).toEqual([expect.objectContaining({ kind: 'cancellation', record: 'measure:3', from: '2022-11-16', detail: '分配有误', arrival: expect.objectContaining({ name: '王三', late: false }) })]);
    // a day never issued has nothing to compare with
    expect(() => reportDiff(store, { date: '2022-11-16' }, on('2022-11-27'))).toThrow(/not_issued/);
  });
});
