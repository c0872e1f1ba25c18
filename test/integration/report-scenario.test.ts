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
import { setArea } from '../../src/services/areas.js';
import { addCheckpoint, logInspection } from '../../src/services/inspection.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { cancel } from '../../src/services/quarantine/cancel.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { registerArrival } from '../../src/services/registration.js';
import { daily, dailyReport, issueHistory, recordIssue, reportDiff, reportRange, setUnit } from '../../src/services/reporting.js';
import { addSite } from '../../src/services/sites.js';
import { recordResult } from '../../src/services/testing.js';
import { openStore, type Store } from '../../src/store/db.js';
import { cst, makeId, tmpDir } from '../helpers.js';

let store: Store;
const TZ = 'Asia/Shanghai';
/** The office on a day: today, and the clock at 10:00 (or the hour given). */
const on = (date: string, hour = 10) => ({ today: date, now: cst(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour), actor: 'clerk', tz: TZ });

const people = {
  张一: makeId('440305', '19800101', '101'),
  李二: makeId('440305', '19800101', '102'),
  王三: makeId('440305', '19800101', '103'),
  赵四: makeId('440305', '19800101', '104'),
  孙五: makeId('440305', '19800101', '105'),
};

function arrive(name: keyof typeof people, over: Record<string, string>, day: string) {
  return registerArrival(store, { name, id_number: people[name], phone: '13800138000', destination: '城关镇', township: '城关镇', transport: 'train', origin: '广东省深圳市南山区', ...over }, on(day));
}

const test = (name: keyof typeof people, date: string, result: string) => recordResult(store, people[name], { date, result }, on(date, 18));

/**
 * The story, day by day (the measures' dates in brackets):
 * 11-14 张一, close contact, centralised at the site [C 11-14…18, H 11-19…21, released 11-22]
 * 11-15 李二 from a high-risk area, home quarantine [H 11-15…21, released 11-22]; the evening's report is issued
 * 11-16 王三, given a high-risk measure in error [H from 11-16]
 * 11-17 赵四, close contact under the old 7+3, at the site [C 11-17…23, M 11-24…26]
 * 11-18 王三's measure is cancelled
 * 11-19 孙五 registered four days late: arrived 11-15, exposed 11-14, so at the site from 11-15
 *       [C 11-15…19, H 11-20…22, released 11-23]; his test of the day is sampled, the result not back
 * 11-20 everyone under 7+3 reassessed to 5+3: 赵四 [C 11-17…21, H 11-22…24, released 11-25]
 * 11-21 李二 tests positive
 */
function twoWeeks() {
  setUnit(store, '城关县', on('2022-11-14', 9));
  runDays(null, null);
}

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
  // 张一 moves from centralised to home quarantine; 孙五 registered late; his test awaits its result
  ['2022-11-19', 0, 1, [2, 0, 0, 1, 0, 0], [2, 0, 1, 0, 0, 0], O, [4, 3, 1, 0, 0], I0, 2, true],
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
  const flows = (k: (typeof PHASE_KINDS)[number]) => [r.measures[k].active, ...FLOWS.map((f) => r.measures[k][f])] as Flows;
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
  store = openStore(path.join(tmpDir(), 'county.db'));
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
    setUnit(store, '城关县', on('2022-11-14', 9));
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
    setUnit(store, '城关县', on('2022-11-14', 9));
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

/** The story up to a day, or from a day on. */
function twoWeeksUntil(last: string) {
  runDays(null, last);
}
function twoWeeksFrom(first: string) {
  runDays(first, null);
}

/** The story of the two weeks, step by step, keyed by the day each happens on; only the days in [first, last]. */
function runDays(first: string | null, last: string | null) {
  const inside = (d: string) => (!first || d >= first) && (!last || d <= last);
  const steps: Array<[string, () => void]> = [
    ['2022-11-14', () => setArea(store, { region: '广东省广州市海珠区', level: 'high', from: '2022-11-01' }, on('2022-11-14', 9))],
    ['2022-11-14', () => addSite(store, { name: '党校', capacity: 10 }, on('2022-11-14', 9))],
    ['2022-11-14', () => addCheckpoint(store, { name: '卡点', kind: 'road' }, on('2022-11-14', 9))],
    ['2022-11-14', () => arrive('张一', { arrival_date: '2022-11-14', contact_type: 'close', exposure_date: '2022-11-13' }, '2022-11-14')],
    ['2022-11-14', () => assign(store, people.张一, { site: '党校' }, on('2022-11-14'))],
    ['2022-11-14', () => test('张一', '2022-11-14', 'negative')],
    ['2022-11-15', () => arrive('李二', { arrival_date: '2022-11-15', origin: '广东省广州市海珠区', transport: 'car', township: '河口镇' }, '2022-11-15')],
    ['2022-11-15', () => assign(store, people.李二, {}, on('2022-11-15'))],
    ['2022-11-15', () => test('张一', '2022-11-15', 'negative')],
    ['2022-11-15', () => test('李二', '2022-11-15', 'negative')],
    ['2022-11-15', () => logInspection(store, '卡点', { vehicle: '粤B1', passengers: '2', code: 'green', time: '2022-11-15 08:00' }, on('2022-11-15'))],
    ['2022-11-16', () => arrive('王三', { arrival_date: '2022-11-16', origin: '湖北省武汉市', transport: 'bus' }, '2022-11-16')],
    ['2022-11-16', () => assign(store, people.王三, { policy: 'high-risk-area-7' }, on('2022-11-16'))],
    ['2022-11-16', () => test('张一', '2022-11-16', 'negative')],
    ['2022-11-16', () => test('王三', '2022-11-16', 'negative')],
    ['2022-11-17', () => arrive('赵四', { arrival_date: '2022-11-17', contact_type: 'close', exposure_date: '2022-11-16' }, '2022-11-17')],
    ['2022-11-17', () => assign(store, people.赵四, { policy: 'close-contact-7+3', site: '党校' }, on('2022-11-17'))],
    ['2022-11-17', () => test('李二', '2022-11-17', 'negative')],
    ['2022-11-17', () => test('赵四', '2022-11-17', 'negative')],
    ['2022-11-17', () => logInspection(store, '卡点', { id_number: people.赵四, code: 'yellow', time: '2022-11-17 09:00' }, on('2022-11-17'))],
    ['2022-11-18', () => cancel(store, people.王三, { reason: '核实为低风险地区来返，分配有误' }, on('2022-11-18'))],
    ['2022-11-18', () => test('张一', '2022-11-18', 'negative')],
    ['2022-11-18', () => test('赵四', '2022-11-18', 'negative')],
    ['2022-11-19', () => arrive('孙五', { arrival_date: '2022-11-15', origin: '北京市朝阳区', transport: 'plane', contact_type: 'close', exposure_date: '2022-11-14' }, '2022-11-19')],
    ['2022-11-19', () => assign(store, people.孙五, { site: '党校' }, on('2022-11-19'))],
    ['2022-11-19', () => test('张一', '2022-11-19', 'negative')],
    ['2022-11-19', () => test('李二', '2022-11-19', 'negative')],
    ['2022-11-19', () => test('赵四', '2022-11-19', 'negative')],
    ['2022-11-19', () => test('孙五', '2022-11-19', 'pending')],
    ['2022-11-20', () => reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-20', dryRun: false }, on('2022-11-20'))],
    ['2022-11-21', () => test('张一', '2022-11-21', 'negative')],
    ['2022-11-21', () => test('李二', '2022-11-21', 'positive')],
    ['2022-11-21', () => test('赵四', '2022-11-21', 'negative')],
    ['2022-11-22', () => test('赵四', '2022-11-22', 'negative')],
  ];
  for (const [d, step] of steps) if (inside(d)) step();
}
