/**
 * Tests that can be completed and decided, measures that respect the arrival and a rule that
 * abolishes them (issue 11, items 4 and 5): a pending result completed by the final one and
 * counted once; test days before the arrival never due; a measure over before the arrival
 * refused; bulk ending by the rule of the date; one status computed from the dates; a change
 * described by what happens to the person on the day.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as due from '../../src/cli/nat/due.js';
import * as overdue from '../../src/cli/nat/overdue.js';
import { DuplicateError, ValidationError } from '../../src/domain/errors.js';
import { translator } from '../../src/domain/i18n.js';
import { changeEffect, measureStatus } from '../../src/domain/policy.js';
import { assign, assignPending } from '../../src/services/quarantine/assign.js';
import { quarantineList } from '../../src/services/quarantine/ledger.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { quarantineShow } from '../../src/services/quarantine/show.js';
import { registerArrival } from '../../src/services/registration.js';
import { addSite } from '../../src/services/sites.js';
import { importResults, recordResult, tally, testsDue, testsOverdue } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { cst, makeId, tmpDir, VALID, openTestStore } from '../helpers.js';

let store: Store;
let dir: string;
const ctx = (today: string) => ({ today, now: cst(2022, 10, 30, 12, 0), actor: 'officer', tz: 'Asia/Shanghai' });
const words = { t: translator('en'), lang: 'en' as const };
const describeP = (p: { field: string; code: string }) => `${p.field}: ${p.code}`;

beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'l.db'));
  return () => store.close();
});

let seq = 200;
function person(over: Record<string, string> = {}, today = '2022-11-30') {
  seq++;
  return registerArrival(
    store,
    { name: '张三', id_number: over.id_number ?? makeId('440305', '19800101', String(seq)), phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-20', transport: 'car', destination: '城关镇幸福路8号', ...over },
    ctx(today),
  );
}

/** 张三, a close contact exposed 11-19, at a site: tests 11-20, 11-21, 11-22, 11-24, then 11-25, 11-27 at home. */
function underMeasure() {
  addSite(store, { name: '党校', capacity: 10 }, ctx('2022-11-20'));
  const a = person({ id_number: VALID.id, contact_type: 'close', exposure_date: '2022-11-19' });
  assign(store, String(a.id), { site: '党校' }, ctx('2022-11-21'));
  return a;
}

describe('a pending result (sampled, awaiting the result) is completed by the final one, and counted once', () => {
  it('pending: its own number in test due, apart in test overdue; then the final result completes it: done once, in both', async () => {
    underMeasure();
    recordResult(store, VALID.id, { date: '2022-11-22', result: 'pending', sample_time: '2022-11-22 07:30', lab: '县疾控' }, ctx('2022-11-22'));
    const day = testsDue(store, '2022-11-22');
    expect(day.map((r) => [r.result, r.state, r.done, r.pending])).toEqual([['pending', 'pending', false, true]]);
    expect(tally(day)).toEqual({ due: 1, done: 0, pending: 1, missing: 0 });
    expect((await due.view({ date: '2022-11-22', rows: day }, { t: words.t, lang: 'en' } as never)).tally).toBe('2022-11-22: 1 due, 0 done, 1 sampled awaiting result, 0 not yet');
    // the next day, still no result: listed, and counted apart from the tests never sampled
    const late = testsOverdue(store, '2022-11-23', '2022-11-22');
    expect(late.map((r) => [r.test_date, r.state])).toEqual([['2022-11-22', 'pending']]);
    expect(overdue.view(late, { t: words.t, lang: 'en' } as never).tally).toBe('0 overdue test(s); 1 sampled, still awaiting the result');

    // the lab's answer for that date completes the pending one: the same row, audited
    const r = recordResult(store, VALID.id, { date: '2022-11-22', result: 'negative' }, ctx('2022-11-23'));
    expect(r).toMatchObject({ result: 'negative', completed: true, flagged: false });
    expect(store.tests.forPerson(VALID.id).map((x) => [x.test_date, x.result, x.sample_time, x.lab])).toEqual([['2022-11-22', 'negative', '2022-11-22T07:30', '县疾控']]);
    expect(store.audit.latest(1)[0]).toMatchObject({ action: 'test.complete', record: `test:${r.id}` });
    expect(JSON.parse(store.audit.latest(1)[0].before!)).toEqual({ result: 'pending' });
    const after = testsDue(store, '2022-11-22');
    expect(tally(after)).toEqual({ due: 1, done: 1, pending: 0, missing: 0 });
    expect(testsOverdue(store, '2022-11-23', '2022-11-22')).toEqual([]);
    // completed once: the same final result again is a duplicate, and so is a late pending
    expect(() => recordResult(store, VALID.id, { date: '2022-11-22', result: 'negative' }, ctx('2022-11-23'))).toThrow(DuplicateError);
    expect(() => recordResult(store, VALID.id, { date: '2022-11-22', result: 'pending' }, ctx('2022-11-23'))).toThrow(DuplicateError);
  });

  it('a positive completing a pending result flags the measure', () => {
    underMeasure();
    recordResult(store, VALID.id, { date: '2022-11-22', result: 'pending' }, ctx('2022-11-22'));
    expect(recordResult(store, VALID.id, { date: '2022-11-22', result: 'positive' }, ctx('2022-11-22'))).toMatchObject({ completed: true, flagged: true });
    expect(testsDue(store, '2022-11-22')[0]).toMatchObject({ state: 'done', positive: true });
  });

  it('test import completes pending results too, counting them; importing it again changes nothing', async () => {
    underMeasure();
    recordResult(store, VALID.id, { date: '2022-11-21', result: 'pending' }, ctx('2022-11-22'));
    recordResult(store, VALID.id, { date: '2022-11-22', result: 'pending' }, ctx('2022-11-22'));
    const file = path.join(dir, 'lab.csv');
    fs.writeFileSync(file, `身份证号,采样日期,检测结果,采样时间\n${VALID.id},2022-11-21,阴性,2022-11-21 08:00\n${VALID.id},2022-11-22,阴性,\n`);
    expect(await importResults(store, file, ctx('2022-11-22'), { describe: describeP })).toMatchObject({ read: 2, inserted: 2, completed: 2, duplicates: 0 });
    expect(store.tests.forPerson(VALID.id).map((x) => [x.test_date, x.result, x.sample_time])).toEqual([
      ['2022-11-21', 'negative', '2022-11-21T08:00'],
      ['2022-11-22', 'negative', null],
    ]);
    expect(await importResults(store, file, ctx('2022-11-22'), { describe: describeP })).toMatchObject({ inserted: 0, completed: 0, duplicates: 2 });
    expect(testsOverdue(store, '2022-11-23', '2022-11-20').map((r) => [r.test_date, r.state])).toEqual([['2022-11-20', 'missing']]);
    expect(JSON.parse(store.audit.latest(2)[1].after!)).toMatchObject({ inserted: 2, completed: 2 });
  });
});

describe('measures respect the arrival', () => {
  it('a contact exposed before arriving: the days before the arrival are shown "before arrival", never due, missing or overdue', () => {
    // exposed 11-14, arrived 11-20: 5+3 from 11-15, centralised 11-15…11-19 (before arrival), home 11-20…11-22
    const a = person({ contact_type: 'close', exposure_date: '2022-11-14' });
    const r = assign(store, String(a.id), {}, ctx('2022-11-20'));
    expect(r).toMatchObject({ start_date: '2022-11-15', release_date: '2022-11-23', in_force_from: '2022-11-20', arrival_date: '2022-11-20' });
    for (const d of ['2022-11-15', '2022-11-16', '2022-11-17', '2022-11-19']) expect(testsDue(store, d), d).toEqual([]);
    expect(testsDue(store, '2022-11-20').map((r) => [r.phase_kind, r.day])).toEqual([['home_quarantine', 1]]);
    expect(testsOverdue(store, '2022-11-21', '2022-11-01').map((r) => r.test_date)).toEqual(['2022-11-20']);
    expect(quarantineList(store, '2022-11-18', null, null)).toEqual([]);
    const v = quarantineShow(store, String(a.id), ctx('2022-11-18'));
    expect(v).toMatchObject({ status: 'active', in_force_from: '2022-11-20', tests_before_arrival: ['2022-11-15', '2022-11-16', '2022-11-17', '2022-11-19'], today: { state: 'before_arrival', phase: null } });
    expect(quarantineShow(store, String(a.id), ctx('2022-11-21'))).toMatchObject({ today: { state: 'in', phase: 'home_quarantine', phase_day: 2 } });
  });

  it('a measure that would end before the arrival is refused with a clear message, unless --start; assign --pending lists it', () => {
    // exposed 11-01, arrived 11-20: 5+3 from 11-02 would be released 11-10
    const a = person({ contact_type: 'close', exposure_date: '2022-11-01' });
    const err = (() => {
      try {
        assign(store, String(a.id), {}, ctx('2022-11-20'));
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err!.problems).toEqual([{ field: 'start', code: 'ends_before_arrival', params: { exposure: '2022-11-01', start: '2022-11-02', release: '2022-11-10', arrival: '2022-11-20' } }]);
    expect(store.measures.forArrival(a.id)).toEqual([]);
    const b = person({ contact_type: 'close', exposure_date: '2022-11-01' });
    expect(assignPending(store, null, ctx('2022-11-20'))).toMatchObject({
      assigned: [],
      over_before_arrival: [
        { arrival_id: a.id, start_date: '2022-11-02', release_date: '2022-11-10', arrival_date: '2022-11-20' },
        { arrival_id: b.id, start_date: '2022-11-02', release_date: '2022-11-10', arrival_date: '2022-11-20' },
      ],
    });
    // the official sets the start: from the arrival
    expect(assign(store, String(a.id), { start: '2022-11-20' }, ctx('2022-11-20'))).toMatchObject({ assigned: true, start_date: '2022-11-20', start_basis: 'given', release_date: '2022-11-28', in_force_from: null });
  });
});

describe('one status, computed from the dates', () => {
  it('active until the day it ends, then released, ended by rule or cancelled; superseded in a history', () => {
    const m = { status: 'active', end_kind: null, released_on: null, release_date: '2022-11-28' };
    expect(measureStatus(m, '2022-11-27')).toBe('active');
    expect(measureStatus(m, '2022-11-28')).toBe('released');
    expect(measureStatus({ ...m, status: 'released', released_on: '2022-11-25' }, '2022-11-25')).toBe('released');
    expect(measureStatus({ ...m, status: 'released', released_on: '2023-01-08', end_kind: 'rule' }, '2023-01-07')).toBe('active');
    expect(measureStatus({ ...m, status: 'released', released_on: '2023-01-08', end_kind: 'rule' }, '2023-01-08')).toBe('ended_by_rule');
    expect(measureStatus({ ...m, end_kind: 'cancelled' }, '2022-11-21')).toBe('cancelled');
    expect(measureStatus({ ...m, status: 'superseded' }, '2022-11-21')).toBe('superseded');
  });
});

describe('a change described by what happens to the person on the day', () => {
  const sched = (phases: Array<[string, string, string]>, release: string) => ({ phases: phases.map(([kind, start, end]) => ({ kind: kind as never, start, end })), release_date: release });
  it('released, moved home, moved to monitoring, back into quarantine, shortened, extended, unchanged', () => {
    const sevenThree = sched([['centralized', '2022-11-05', '2022-11-11'], ['health_monitoring', '2022-11-12', '2022-11-14']], '2022-11-15');
    const fiveThree = sched([['centralized', '2022-11-05', '2022-11-09'], ['home_quarantine', '2022-11-10', '2022-11-12']], '2022-11-13');
    expect(changeEffect(sevenThree, fiveThree, '2022-11-13')).toBe('released');
    expect(changeEffect(sevenThree, fiveThree, '2022-11-10')).toBe('moved_home');
    expect(changeEffect(sevenThree, fiveThree, '2022-11-08')).toBe('shortened');
    // on 11-12 the old plan has them out for necessities; the new one back home, not going out —
    // though the new release date is earlier
    expect(changeEffect(sevenThree, fiveThree, '2022-11-12')).toBe('back_into_quarantine');
    const home = sched([['home_quarantine', '2022-11-05', '2022-11-11']], '2022-11-12');
    const monitor = sched([['home_quarantine', '2022-11-05', '2022-11-07'], ['health_monitoring', '2022-11-08', '2022-11-14']], '2022-11-15');
    expect(changeEffect(home, monitor, '2022-11-09')).toBe('moved_to_monitoring');
    expect(changeEffect(home, sched([['home_quarantine', '2022-11-05', '2022-11-13']], '2022-11-14'), '2022-11-09')).toBe('extended');
    expect(changeEffect(home, home, '2022-11-09')).toBe('unchanged');
  });
});

describe('ending measures in bulk when a rule abolishes them', () => {
  function contacts() {
    // 10 new measures: close contacts at home, 5 days; arrived 2023-01-05, still under it on 2023-01-08
    return ['2023-01-04', '2023-01-05'].map((exp) => {
      const a = person({ contact_type: 'close', exposure_date: exp, arrival_date: '2023-01-05' }, '2023-01-05');
      assign(store, String(a.id), { policy: 'close-contact-home-5' }, ctx('2023-01-05'));
      return a;
    });
  }

  it('--to-policy none: dry run first, then everyone under it released on the date, the rule of the date as the reason; one status: ended by rule', () => {
    const people = contacts();
    const before = store.audit.count();
    const dry = reassess(store, { from: 'close-contact-home-5', to: 'none', date: '2023-01-08', dryRun: true }, ctx('2023-01-08'));
    expect(dry).toMatchObject({ to_policy: 'none', dry_run: true });
    expect(dry.changes.map((c) => [c.arrival_id, c.old_release_date, c.effect, c.released_on, c.reason])).toEqual([
      [people[0].id, '2023-01-10', 'released', '2023-01-08', '2023-01-08 close → none: Class B management: no quarantine measures'],
      [people[1].id, '2023-01-11', 'released', '2023-01-08', '2023-01-08 close → none: Class B management: no quarantine measures'],
    ]);
    expect(store.audit.count()).toBe(before);
    expect(quarantineList(store, '2023-01-08', null, null)).toHaveLength(2);

    reassess(store, { from: 'close-contact-home-5', to: 'none', date: '2023-01-08', dryRun: false }, ctx('2023-01-08'));
    expect(store.audit.count()).toBe(before + 2);
    expect(store.audit.latest(1)[0]).toMatchObject({ action: 'measure.end' });
    expect(quarantineList(store, '2023-01-07', null, null)).toHaveLength(2);
    expect(quarantineList(store, '2023-01-08', null, null)).toEqual([]);
    expect(testsDue(store, '2023-01-09')).toEqual([]);
    const v = quarantineShow(store, String(people[0].id), ctx('2023-01-08'));
    expect(v).toMatchObject({ status: 'ended_by_rule', released_on: '2023-01-08', release_date: '2023-01-08', planned_release_date: '2023-01-10', release_reason: '2023-01-08 close → none: Class B management: no quarantine measures', today: { state: 'over' } });
    // the day before it was ended, it was in force
    expect(quarantineShow(store, String(people[0].id), ctx('2023-01-07'))).toMatchObject({ status: 'active', today: { state: 'in' } });
  });

  it('refused when the rule table of the date still gives a measure, unless a reason is given', () => {
    const a = person({ contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(a.id), { policy: 'close-contact-5+3' }, ctx('2022-11-20'));
    expect(() => reassess(store, { from: 'close-contact-5+3', to: 'none', date: '2022-11-22', dryRun: true }, ctx('2022-11-22'))).toThrow(ValidationError);
    const r = reassess(store, { from: 'close-contact-5+3', to: 'none', date: '2022-11-22', dryRun: false, reason: '县指挥部通知：提前解除' }, ctx('2022-11-22'));
    expect(r.changes.map((c) => [c.reason, c.released_on])).toEqual([['县指挥部通知：提前解除', '2022-11-22']]);
    expect(quarantineShow(store, String(a.id), ctx('2022-11-22'))).toMatchObject({ status: 'ended_by_rule' });
  });
});
