/**
 * Issue 24, points 7 and 8, on the services with a real database (SQLite here, PostgreSQL in the
 * postgres project), each scenario run under TZ=UTC, Asia/Shanghai and America/Los_Angeles with
 * the same figures:
 *
 * - 2023-01-08 (乙类乙管): `quarantine end --all` ends every running measure on that day only
 *   when the rule table of the day gives no measure (the day before is refused, nothing written);
 *   the outcome is "ended by rule", audited, counted in the report on its own line, flows
 *   balanced, beds freed; no new measure starts on or is assigned from that day; no inspection
 *   stops a person because of a measure from that day (the day before it does).
 * - a positive transferred (test review --decision transferred): the measure ends that day with
 *   the outcome 转运, the bed is freed that day (not the day before), the tests after are not due,
 *   so the zero report comes back; the report counts it as transferred, not released or cancelled.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FangkongError, UsageError } from '../../src/domain/errors.js';
import { PHASE_KINDS } from '../../src/domain/policy.js';
import { activeBefore, FLOWS } from '../../src/domain/report.js';
import { addCheckpoint, logInspection } from '../../src/services/inspection.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { endAll } from '../../src/services/quarantine/end.js';
import { quarantineShow } from '../../src/services/quarantine/show.js';
import { release } from '../../src/services/quarantine/release.js';
import { registerArrival } from '../../src/services/registration.js';
import { daily, dailyReport, recordIssue, reportDiff } from '../../src/services/reporting.js';
import { addSite, listSites } from '../../src/services/sites.js';
import { recordResult, reviewPositive } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { makeId, openTestStore, tmpDir } from '../helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];
const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
});

/** The office's context on a day, at 10:00 China time (02:00 UTC, the evening before in Los Angeles). */
const on = (today: string) => ({ today, now: new Date(`${today}T02:00:00Z`), actor: 'officer', tz: 'Asia/Shanghai' });

let seq = 300;
function person(store: Store, arrival: string, over: Record<string, string> = {}) {
  seq++;
  return registerArrival(
    store,
    { name: `人员${'甲乙丙丁戊己庚辛壬癸'[seq % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(seq / 10) % 10]}`, id_number: makeId('440305', '19800101', String(seq)), phone: '13800138000', origin: '广东省深圳市南山区', arrival_date: arrival, transport: 'train', destination: '城关镇', ...over },
    on(arrival),
  );
}

function refused(fn: () => unknown): FangkongError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FangkongError) return e;
    throw e;
  }
  throw new Error('not refused');
}

/** Every kind of every report balances against the evening before. */
function balanced(store: Store, days: string[]): void {
  for (let i = 1; i < days.length; i++) {
    const before = dailyReport(store, days[i - 1], 'x');
    const r = dailyReport(store, days[i], 'x');
    for (const k of PHASE_KINDS) expect(activeBefore(r.measures[k]), `${days[i]} ${k}`).toBe(before.measures[k].active);
  }
}

function countMeasures(store: Store): Array<{ status: string; end_kind: string | null; released_on: string | null }> {
  return store.db.prepare('SELECT status, end_kind, released_on FROM measures ORDER BY id').all() as never;
}

describe('2023-01-08: the end of quarantine', () => {
  for (const TZ of ZONES) {
    it(`${TZ}: end --all only on the rule's day, ended by rule, counted on its own line; no new measure, no stop after`, () => {
      process.env.TZ = TZ;
      const store = openTestStore(path.join(tmpDir(), `end-${TZ.replace('/', '-')}.db`));
      try {
        addSite(store, { name: '县委党校隔离点', capacity: 5 }, on('2022-12-20'));
        // at a site from 01-05 (inbound-5+3: centralised 01-05 … 01-09, home 01-10 … 01-12)
        const site = person(store, '2023-01-05');
        assign(store, String(site.id), { policy: 'inbound-5+3', site: '县委党校隔离点' }, on('2023-01-05'));
        // at home from 01-04 (close-contact-home-5: 01-04 … 01-08)
        const home = person(store, '2023-01-04');
        assign(store, String(home.id), { policy: 'close-contact-home-5', start: '2023-01-04' }, on('2023-01-04'));
        // released before: untouched
        const early = person(store, '2023-01-02');
        assign(store, String(early.id), { policy: 'close-contact-home-5', start: '2023-01-02' }, on('2023-01-02'));
        release(store, String(early.id), { reason: '提前解除', date: '2023-01-05' }, on('2023-01-05'));
        // assigned on 01-07, the last day measures are given: accepted (the boundary)
        const last = person(store, '2023-01-07');
        expect(assign(store, String(last.id), { policy: 'close-contact-home-5', start: '2023-01-07' }, on('2023-01-07')).assigned).toBe(true);

        // a new measure from 01-08: refused in one line naming the rule, nothing written
        const late = person(store, '2023-01-07');
        const before = countMeasures(store).length;
        const startsOn8 = refused(() => assign(store, String(late.id), { policy: 'inbound-5+3', start: '2023-01-08' }, on('2023-01-07')));
        expect(startsOn8).toBeInstanceOf(UsageError);
        expect(startsOn8.message).toBe('no new measure from 2023-01-08 (Class B management: no quarantine measures): the measure would start on 2023-01-08; nothing was written');
        expect(startsOn8.zh).toBe('自 2023-01-08 起不再实施管控措施（Class B management: no quarantine measures）：该措施开始于 2023-01-08，不能分配新措施；未写入');
        const assignedOn9 = refused(() => assign(store, String(late.id), { policy: 'inbound-5+3', start: '2023-01-07' }, on('2023-01-09')));
        expect(assignedOn9.message).toBe('no new measure from 2023-01-08 (Class B management: no quarantine measures): assigned on 2023-01-09; nothing was written');
        expect(countMeasures(store)).toHaveLength(before);

        // the checkpoint: on 01-07 a person at the site is not let through; from 01-08 a measure stops no one
        addCheckpoint(store, { name: '高速卡点', kind: 'road' }, on('2022-12-20'));
        const input = { id_number: site.id_number, code: 'green', test_result: 'negative', temperature: '36.5' };
        const d7 = logInspection(store, '高速卡点', { ...input, test_time: '2023-01-07 08:00', time: '2023-01-07 09:00' }, on('2023-01-07'));
        expect(d7).toMatchObject({ verdict: 'stop', anomalies: ['in_centralized'], suggested_action: 'return' });
        const d8 = logInspection(store, '高速卡点', { ...input, test_time: '2023-01-08 08:00', time: '2023-01-08 09:00' }, on('2023-01-08'));
        expect(d8).toMatchObject({ verdict: 'pass', anomalies: [], suggested_action: 'pass', checks: { measures: false } });
        // what the register knows is still shown: the phase, which no longer stops anyone
        expect(d8.register.phase).toMatchObject({ kind: 'centralized' });

        // end --all on 01-07: the rule table still gives measures: refused, nothing written
        const day7 = refused(() => endAll(store, { date: '2023-01-07', reason: '乙类乙管', dryRun: false }, on('2023-01-07')));
        expect(day7.message).toBe(
          'on 2023-01-07 the rule table still gives a measure (close → close-contact-home-5): quarantine end --all is only for a day from which no measure applies (the rule table ends every measure from 2023-01-08); nothing was changed',
        );
        expect(refused(() => endAll(store, { date: '2023-01-08', reason: ' ', dryRun: false }, on('2023-01-08'))).message).toMatch(/reason/);
        expect(refused(() => endAll(store, { date: '2023-02-30', reason: 'x', dryRun: false }, on('2023-01-08'))).message).toBe('date: date');

        // the dry run lists them and writes nothing
        const audit0 = store.audit.latest(1000).length;
        const dry = endAll(store, { date: '2023-01-08', reason: '乙类乙管，不再隔离', dryRun: true }, on('2023-01-08'));
        expect(dry).toMatchObject({ date: '2023-01-08', dry_run: true, rule: { from: '2023-01-08', source: 'Class B management: no quarantine measures' } });
        expect(dry.ended.map((e) => [e.arrival_id, e.policy, e.planned_release_date, e.released_on])).toEqual([
          [site.id, 'inbound-5+3', '2023-01-13', '2023-01-08'],
          [home.id, 'close-contact-home-5', '2023-01-09', '2023-01-08'],
          [last.id, 'close-contact-home-5', '2023-01-12', '2023-01-08'],
        ]);
        expect(countMeasures(store).filter((m) => m.end_kind === 'rule')).toHaveLength(0);
        expect(store.audit.latest(1000).length).toBe(audit0);

        const done = endAll(store, { date: '2023-01-08', reason: '乙类乙管，不再隔离', dryRun: false }, on('2023-01-08'));
        expect(done.ended).toHaveLength(3);
        expect(countMeasures(store)).toEqual([
          { status: 'released', end_kind: 'rule', released_on: '2023-01-08' },
          { status: 'released', end_kind: 'rule', released_on: '2023-01-08' },
          { status: 'released', end_kind: null, released_on: '2023-01-05' },
          { status: 'released', end_kind: 'rule', released_on: '2023-01-08' },
        ]);
        const audits = store.audit.latest(1000).filter((a) => a.action === 'measure.end');
        expect(audits).toHaveLength(3);
        expect(JSON.parse(audits[0].after!)).toMatchObject({ outcome: 'ended_by_rule', released_on: '2023-01-08', reason: '乙类乙管，不再隔离', rule: '2023-01-08 Class B management: no quarantine measures' });
        // a second run finds nothing left
        expect(endAll(store, { date: '2023-01-08', reason: 'again', dryRun: false }, on('2023-01-08')).ended).toEqual([]);

        const shown = quarantineShow(store, String(site.id), on('2023-01-08'));
        expect(shown).toMatchObject({ status: 'ended_by_rule', release_date: '2023-01-08', planned_release_date: '2023-01-13' });
        // the day before it was still running
        expect(quarantineShow(store, String(site.id), on('2023-01-07')).status).toBe('active');

        // the report: on 01-07 three under a measure; on 01-08 they leave, each as ended by rule
        const r7 = dailyReport(store, '2023-01-07', 'x');
        const r8 = dailyReport(store, '2023-01-08', 'x');
        expect([r7.measures.centralized.active, r7.measures.home_quarantine.active]).toEqual([1, 2]);
        expect(r8.measures.centralized).toEqual({ active: 0, started: 0, moved_in: 0, moved_out: 0, released: 0, transferred: 0, ended_by_rule: 1, cancelled: 0, recorded_late: 0 });
        expect(r8.measures.home_quarantine).toEqual({ active: 0, started: 0, moved_in: 0, moved_out: 0, released: 0, transferred: 0, ended_by_rule: 2, cancelled: 0, recorded_late: 0 });
        expect(r8.tests.due).toBe(0);
        expect(r8.sites).toEqual([{ name: '县委党校隔离点', capacity: 5, occupied: 0 }]);
        expect(r7.sites).toEqual([{ name: '县委党校隔离点', capacity: 5, occupied: 1 }]);
        expect(listSites(store, '2023-01-08')[0]).toMatchObject({ occupied: 0, free: 5 });
        balanced(store, ['2023-01-03', '2023-01-04', '2023-01-05', '2023-01-06', '2023-01-07', '2023-01-08', '2023-01-09']);
        expect(Object.keys(r8.measures.centralized)).toEqual(['active', ...FLOWS, 'recorded_late']);
      } finally {
        store.close();
      }
    });
  }
});

describe('a positive transferred (转运)', () => {
  for (const TZ of ZONES) {
    it(`${TZ}: the measure ends that day as transferred, the bed is freed, no test is due, the zero report comes back`, () => {
      process.env.TZ = TZ;
      const store = openTestStore(path.join(tmpDir(), `transfer-${TZ.replace('/', '-')}.db`));
      try {
        addSite(store, { name: '党校', capacity: 1 }, on('2022-11-19'));
        // close-contact-5+3 from 11-20: centralised 11-20 … 11-24 (tests 1, 2, 3, 5), home 11-25 … 11-27 (tests 1, 3)
        const p = person(store, '2022-11-20', { contact_type: 'close', exposure_date: '2022-11-19' });
        assign(store, String(p.id), { site: '党校' }, on('2022-11-20'));
        for (const d of ['2022-11-20', '2022-11-21']) recordResult(store, String(p.id), { date: d, result: 'negative' }, on(d));
        recordResult(store, String(p.id), { date: '2022-11-22', result: 'positive' }, on('2022-11-22'));
        // decided, not transferred: still on the books, and the test of 11-24 unsampled blocks the zero report
        const confirmed = reviewPositive(store, String(p.id), { decision: 'confirmed', note: '县疾控复核' }, on('2022-11-22'));
        expect(confirmed.transferred_measure).toBeNull();
        expect(dailyReport(store, '2022-11-24', 'x')).toMatchObject({ zero_report: false, tests: { due: 1, missing: 1 } });
        expect(listSites(store, '2022-11-24')[0]).toMatchObject({ occupied: 1 });

        // transferred on 11-23: the measure ends that day, as 转运
        const t = reviewPositive(store, String(p.id), { decision: 'transferred', note: '转运至县人民医院' }, on('2022-11-23'));
        expect(t).toMatchObject({ decision: 'transferred', previous: 'confirmed', transferred_measure: { ended_on: '2022-11-23' } });
        expect(countMeasures(store)).toEqual([{ status: 'released', end_kind: 'transferred', released_on: '2022-11-23' }]);
        const audit = store.audit.latest(5).find((a) => a.action === 'measure.end')!;
        expect(JSON.parse(audit.after!)).toEqual({ outcome: 'transferred', released_on: '2022-11-23', reason: '转运至县人民医院' });
        expect(quarantineShow(store, String(p.id), on('2022-11-23'))).toMatchObject({ status: 'transferred', release_date: '2022-11-23' });
        expect(quarantineShow(store, String(p.id), on('2022-11-22')).status).toBe('active');

        // the bed: taken on 11-22, free from 11-23
        expect(listSites(store, '2022-11-22')[0]).toMatchObject({ occupied: 1, free: 0 });
        expect(listSites(store, '2022-11-23')[0]).toMatchObject({ occupied: 0, free: 1 });
        // so another person can have it from 11-23
        const next = person(store, '2022-11-23', { contact_type: 'close', exposure_date: '2022-11-22' });
        expect(assign(store, String(next.id), { site: '党校' }, on('2022-11-23')).site).toBe('党校');

        const r22 = dailyReport(store, '2022-11-22', 'x');
        const r23 = dailyReport(store, '2022-11-23', 'x');
        expect(r22.measures.centralized.active).toBe(1);
        expect(r23.measures.centralized).toMatchObject({ active: 1, started: 1, released: 0, transferred: 1, ended_by_rule: 0, cancelled: 0, recorded_late: 0 });
        // no test of the transferred person is due after the transfer (11-24: only the newcomer's none)
        const r24 = dailyReport(store, '2022-11-24', 'x');
        expect(r24.tests).toMatchObject({ due: 1, missing: 1 });
        recordResult(store, String(next.id), { date: '2022-11-24', result: 'negative' }, on('2022-11-24'));
        expect(dailyReport(store, '2022-11-24', 'x')).toMatchObject({ zero_report: true, tests: { due: 1, done: 1, missing: 0 } });
        balanced(store, ['2022-11-19', '2022-11-20', '2022-11-21', '2022-11-22', '2022-11-23', '2022-11-24', '2022-11-25']);

        // transferred a second time: nothing more to end
        expect(reviewPositive(store, String(p.id), { decision: 'transferred', note: '再次确认' }, on('2022-11-24')).transferred_measure).toBeNull();
      } finally {
        store.close();
      }
    });
  }

  it('transferred on the first day of the measure: never at the site that evening, counted as transferred', () => {
    const store = openTestStore(path.join(tmpDir(), 'transfer-day1.db'));
    try {
      addSite(store, { name: '党校', capacity: 1 }, on('2022-11-19'));
      const p = person(store, '2022-11-20', { contact_type: 'close', exposure_date: '2022-11-19' });
      assign(store, String(p.id), { site: '党校' }, on('2022-11-20'));
      recordResult(store, String(p.id), { date: '2022-11-20', result: 'positive' }, on('2022-11-20'));
      reviewPositive(store, String(p.id), { decision: '转运', note: '转运至定点医院' }, on('2022-11-20'));
      expect(listSites(store, '2022-11-20')[0].occupied).toBe(0);
      const r = dailyReport(store, '2022-11-20', 'x');
      // not under a measure at the end of the day, and never under one the evening before: no flow at all
      expect(r.measures.centralized).toMatchObject({ active: 0, started: 0, transferred: 0 });
      expect(r.tests.positive).toBe(1);
      expect(r.zero_report).toBe(false);
      expect(dailyReport(store, '2022-11-21', 'x')).toMatchObject({ zero_report: true, tests: { due: 0 } });
    } finally {
      store.close();
    }
  });

  for (const TZ of ZONES) {
    it(`${TZ}: report diff names a transfer made after the day's report was issued, and compares a report issued before the flow counted as it was`, () => {
      process.env.TZ = TZ;
      const store = openTestStore(path.join(tmpDir(), `diff-${TZ.replace('/', '-')}.db`));
      try {
        addSite(store, { name: '党校', capacity: 1 }, on('2022-11-19'));
        const p = person(store, '2022-11-20', { contact_type: 'close', exposure_date: '2022-11-19' });
        assign(store, String(p.id), { site: '党校' }, on('2022-11-20'));
        recordResult(store, String(p.id), { date: '2022-11-23', result: 'positive' }, on('2022-11-23'));
        // the report of 11-23 sent at 09:00 (01:00 UTC), the transfer decided at 10:00
        const morning = { ...on('2022-11-23'), now: new Date('2022-11-23T01:00:00Z') };
        const made = daily(store, { date: '2022-11-23', record: true }, morning);
        recordIssue(store, made.report, { text: JSON.stringify(made.report), format: 'json', file: null, marks: made.record!.marks }, morning);
        reviewPositive(store, String(p.id), { decision: 'transferred', note: '转运至县人民医院' }, on('2022-11-23'));
        const diff = reportDiff(store, { date: '2022-11-23' }, on('2022-11-23'));
        expect(diff.changes).toEqual(
          expect.arrayContaining([
            { key: 'measures.centralized.active', issued: 1, now: 0 },
            { key: 'measures.centralized.transferred', issued: 0, now: 1 },
            { key: 'sites.党校.occupied', issued: 1, now: 0 },
          ]),
        );
        expect(diff.changes.map((c) => c.key)).not.toContain('measures.centralized.released');
        expect(diff.causes).toEqual([expect.objectContaining({ kind: 'release', record: expect.stringMatching(/^measure:/), detail: 'transferred: 转运至县人民医院', from: '2022-11-23' })]);
        // as an older fangkong issued it: no transferred or ended_by_rule figures, such people among the released
        const old = JSON.parse(store.db.prepare('SELECT report FROM issued_reports').pluck().get() as string);
        for (const k of PHASE_KINDS) {
          delete old.measures[k].transferred;
          delete old.measures[k].ended_by_rule;
        }
        store.db.prepare('UPDATE issued_reports SET report = ?').run(JSON.stringify(old));
        const oldDiff = reportDiff(store, { date: '2022-11-23' }, on('2022-11-23'));
        expect(oldDiff.changes.filter((c) => c.key.startsWith('measures.'))).toEqual([
          { key: 'measures.centralized.active', issued: 1, now: 0 },
          { key: 'measures.centralized.released', issued: 0, now: 1 },
        ]);
      } finally {
        store.close();
      }
    });
  }
});
