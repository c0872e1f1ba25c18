/**
 * Issue 24, points 3, 4, 5 and 11, through the services on a real database (SQLite, and
 * PostgreSQL in the postgres project): the strictest measure when several categories apply,
 * with every reason; where the days count from (last exposure, entry date, the day brought under
 * management, seed 001's rules by days since arrival); no measure that ends before it begins
 * (unless backdated on purpose, audited); a correction that leaves the measure wrong says so.
 * Each at its boundary dates. The same rules under three machine time zones: test/e2e/measure-choice.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageError, ValidationError } from '../../src/domain/errors.js';
import { importArrivals } from '../../src/services/arrival-io.js';
import { editArrival } from '../../src/services/corrections.js';
import { assign, assignPending } from '../../src/services/quarantine/assign.js';
import { setArea } from '../../src/services/areas.js';
import { rulesOn, setRule } from '../../src/services/policy.js';
import { registerArrival } from '../../src/services/registration.js';
import { testsDue } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { cst, makeId, openTestStore, tmpDir } from '../helpers.js';

let store: Store;
const ctx = (today: string) => ({ today, now: cst(2022, 10, 30, 12, 0), actor: 'officer', tz: 'Asia/Shanghai' });

let seq = 300;
function person(over: Record<string, string> = {}, today = over.arrival_date ?? '2022-11-20') {
  seq++;
  return registerArrival(
    store,
    { name: '张三', id_number: makeId('440305', '19800101', String(seq)), phone: '13800138000', origin: '上海市', arrival_date: '2022-11-20', transport: 'plane', destination: '城关镇幸福路8号', ...over },
    ctx(today),
  );
}

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('not refused');
}

const assigned = (id: number) => store.measures.forArrival(id).length;
const auditCount = () => store.audit.latest(1000).filter((r) => r.action === 'measure.assign').length;

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'c.db'));
  return () => store.close();
});

describe('the strictest measure when several categories apply (point 3)', () => {
  it('a secondary contact from 法国巴黎 after 2022-11-11 is an inbound traveller: inbound-5+3, both reasons listed', () => {
    const a = person({ origin: '法国巴黎', contact_type: 'secondary', arrival_date: '2022-11-20' });
    const r = assign(store, String(a.id), {}, ctx('2022-11-20'));
    expect(r).toMatchObject({ assigned: true, policy: 'inbound-5+3', category: 'inbound', chosen_by: '2022-11-11 inbound → inbound-5+3', start_date: '2022-11-20' });
    expect(r.reasons).toEqual([
      { category: 'secondary', policy: null, rule: '2022-11-11 secondary → none' },
      { category: 'inbound', policy: 'inbound-5+3', rule: '2022-11-11 inbound → inbound-5+3' },
    ]);
  });

  it('on 2022-11-10 (9th edition) the same person: inbound-7+3 (7 d centralised) beats secondary-contact-7 (7 d at home)', () => {
    const a = person({ origin: '法国巴黎', contact_type: 'secondary', arrival_date: '2022-11-10' });
    const r = assign(store, String(a.id), {}, ctx('2022-11-10'));
    expect(r).toMatchObject({ policy: 'inbound-7+3', category: 'inbound' });
    expect(r.reasons.map((x) => [x.category, x.policy])).toEqual([['secondary', 'secondary-contact-7'], ['inbound', 'inbound-7+3']]);
  });

  it('a close contact from 香港: on 2022-12-06 5+3 either way (the contact first); from 2022-12-07 inbound-5+3, not 5 days at home', () => {
    const before = person({ origin: '香港', contact_type: 'close', exposure_date: '2022-12-05', arrival_date: '2022-12-06' });
    expect(assign(store, String(before.id), {}, ctx('2022-12-06'))).toMatchObject({ policy: 'close-contact-5+3', category: 'close', start_date: '2022-12-06', start_basis: 'exposure' });
    const on = person({ origin: '香港', contact_type: 'close', exposure_date: '2022-12-06', arrival_date: '2022-12-07' });
    const r = assign(store, String(on.id), {}, ctx('2022-12-07'));
    expect(r).toMatchObject({ policy: 'inbound-5+3', category: 'inbound', start_date: '2022-12-07', start_basis: 'arrival', release_date: '2022-12-15' });
    expect(r.reasons.map((x) => [x.category, x.policy])).toEqual([['close', 'close-contact-home-5'], ['inbound', 'inbound-5+3']]);
  });

  it('a secondary contact from a high-risk area: 7 d centralised on 2022-11-10, 7 d at home from 2022-11-11', () => {
    setArea(store, { region: '广东省广州市海珠区', level: 'high', from: '2022-11-01' }, ctx('2022-11-01'));
    const a = person({ origin: '广东省广州市海珠区', contact_type: 'secondary', exposure_date: '2022-11-09', arrival_date: '2022-11-10' });
    expect(assign(store, String(a.id), {}, ctx('2022-11-10'))).toMatchObject({ policy: 'high-risk-area-7c', category: 'high', start_date: '2022-11-10', release_date: '2022-11-17' });
    const b = person({ origin: '广东省广州市海珠区', contact_type: 'secondary', exposure_date: '2022-11-10', arrival_date: '2022-11-11' });
    const r = assign(store, String(b.id), {}, ctx('2022-11-11'));
    expect(r).toMatchObject({ policy: 'high-risk-area-7', category: 'high', release_date: '2022-11-18' });
    expect(r.reasons.map((x) => [x.category, x.policy])).toEqual([['secondary', null], ['high', 'high-risk-area-7']]);
  });

  it('from 2023-01-08 no category gives a measure: nothing assigned, every reason said', () => {
    const a = person({ origin: '香港', contact_type: 'close', exposure_date: '2023-01-07', arrival_date: '2023-01-08' });
    const r = assign(store, String(a.id), {}, ctx('2023-01-08'));
    expect(r).toMatchObject({ assigned: false, policy: null, category: 'close' });
    expect(r.reasons.map((x) => [x.category, x.policy])).toEqual([['close', null], ['inbound', null]]);
    expect(assigned(a.id)).toBe(0);
  });

  it('assign --pending chooses the same way', () => {
    const a = person({ origin: '法国巴黎', contact_type: 'secondary', arrival_date: '2022-11-20' });
    expect(assignPending(store, '2022-11-20', ctx('2022-11-20')).assigned.map((x) => [x.arrival_id, x.policy, x.category])).toEqual([[a.id, 'inbound-5+3', 'inbound']]);
  });
});

describe('where the days count from (point 4)', () => {
  it('an inbound traveller counts from the entry date: the days at the port count, the county does what remains', () => {
    const a = person({ origin: '美国纽约', entry_date: '2022-11-16', arrival_date: '2022-11-18' });
    expect(a.entry_date).toBe('2022-11-16');
    const r = assign(store, String(a.id), {}, ctx('2022-11-18'));
    expect(r).toMatchObject({ policy: 'inbound-5+3', start_date: '2022-11-16', start_basis: 'entry', release_date: '2022-11-24', in_force_from: '2022-11-18' });
    // the port's days are never due in the county
    expect(testsDue(store, '2022-11-16')).toEqual([]);
    expect(testsDue(store, '2022-11-17')).toEqual([]);
    expect(testsDue(store, '2022-11-18').map((t) => [t.phase_kind, t.day])).toEqual([['centralized', 3]]);
  });

  it('the entry date: on the arrival date it is taken, a day later or in the future refused', () => {
    expect(person({ origin: '美国纽约', entry_date: '2022-11-18', arrival_date: '2022-11-18' }).entry_date).toBe('2022-11-18');
    const late = refusal(() => person({ origin: '美国纽约', entry_date: '2022-11-19', arrival_date: '2022-11-18' }, '2022-11-19'));
    expect(late.problems).toEqual([{ field: 'entry_date', code: 'entry_after_arrival', params: { value: '2022-11-19', arrival: '2022-11-18' } }]);
    const future = refusal(() => person({ origin: '美国纽约', entry_date: '2022-11-21', arrival_date: '2022-11-20' }));
    expect(future.problems[0]).toMatchObject({ field: 'entry_date', code: 'date_future' });
  });

  it('the import reads a 入境日期 column; a row whose entry is after its arrival is refused, naming the field', async () => {
    const f = path.join(tmpDir(), '入境.csv');
    const rows = (second: string) => [
      '姓名,身份证号,手机号,来源地,抵达日期,入境日期,交通方式,目的地',
      `何一,${makeId('440305', '19900101', '611')},13800138031,美国纽约,2022-11-20,2022-11-17,飞机,城关镇幸福路31号`,
      `何二,${makeId('440305', '19900101', '620')},13800138032,香港,2022-11-20,${second},飞机,城关镇幸福路32号`,
    ].join('\n') + '\n';
    fs.writeFileSync(f, rows('2022-11-21'));
    const bad = await importArrivals(store, f, ctx('2022-11-21'), { describe: (p) => `${p.field}: ${p.code}` }).catch((e: Error) => e);
    expect(String(bad)).toMatch(/1 invalid row/);
    expect(store.arrivals.list()).toEqual([]);
    fs.writeFileSync(f, rows(''));
    expect(await importArrivals(store, f, ctx('2022-11-21'), { describe: (p) => p.code })).toMatchObject({ inserted: 2, rejected: 0 });
    expect(store.arrivals.list().map((a) => [a.name, a.entry_date]).sort()).toEqual([['何一', '2022-11-17'], ['何二', null]]);
  });

  it('all of it done at the port: an entry 8 days before the arrival leaves nothing (refused), 7 days before leaves the last day', () => {
    const done = person({ origin: '美国纽约', entry_date: '2022-11-10', arrival_date: '2022-11-18' });
    expect(refusal(() => assign(store, String(done.id), {}, ctx('2022-11-18'))).problems[0]).toMatchObject({ code: 'measure_before_arrival', params: { start: '2022-11-10', release: '2022-11-18', arrival: '2022-11-18' } });
    expect(assigned(done.id)).toBe(0);
    const one = person({ origin: '美国纽约', entry_date: '2022-11-11', arrival_date: '2022-11-18' });
    expect(assign(store, String(one.id), {}, ctx('2022-11-18'))).toMatchObject({ start_date: '2022-11-11', release_date: '2022-11-19', in_force_from: '2022-11-18' });
  });

  it("seed 001: rules by days since arrival, counted from the day brought under management (13 days: lt14, 14 days: ge14)", () => {
    setRule(store, { category: 'close', policy: 'guangxi-2021-close-lt14', from: '2021-08-01', sinceArrival: '<14', note: 'seed 001' }, ctx('2021-08-01'));
    setRule(store, { category: 'close', policy: 'guangxi-2021-close-ge14', from: '2021-08-01', sinceArrival: '>= 14', note: 'seed 001' }, ctx('2021-08-01'));
    expect(rulesOn(store, '2021-08-20').filter((r) => r.category === 'close').map((r) => [r.policy, r.since_arrival])).toEqual([
      ['guangxi-2021-close-lt14', '<14'],
      ['guangxi-2021-close-ge14', '>=14'],
    ]);
    const a = person({ contact_type: 'close', exposure_date: '2021-07-30', arrival_date: '2021-08-01' }, '2021-08-14');
    const b = person({ contact_type: 'close', exposure_date: '2021-07-30', arrival_date: '2021-08-01' }, '2021-08-15');
    // 13 days after arriving: 14 d centralised + 7 d from the day brought under management (not from the exposure)
    const ra = assign(store, String(a.id), {}, ctx('2021-08-14'));
    expect(ra).toMatchObject({ policy: 'guangxi-2021-close-lt14', start_date: '2021-08-14', start_basis: 'managed', release_date: '2021-09-04', chosen_by: '2021-08-01 close [<14 d] → guangxi-2021-close-lt14 (local)' });
    expect(ra.test_dates).toEqual(['2021-08-14', '2021-08-20', '2021-08-27', '2021-09-03']);
    const rb = assign(store, String(b.id), {}, ctx('2021-08-15'));
    expect(rb).toMatchObject({ policy: 'guangxi-2021-close-ge14', start_date: '2021-08-15', start_basis: 'managed', release_date: '2021-08-29' });
    // counted from the exposure the 14+7 would have released b on 2021-08-21, a week after being assigned
  });

  it('without the local rows the 8th edition applies in 2021, counted from the exposure', () => {
    const a = person({ contact_type: 'close', exposure_date: '2021-07-30', arrival_date: '2021-08-01' }, '2021-08-02');
    expect(assign(store, String(a.id), {}, ctx('2021-08-02'))).toMatchObject({ policy: 'close-contact-14+7', start_date: '2021-07-31', start_basis: 'exposure', release_date: '2021-08-21' });
  });

  it('a days-since-arrival condition is written <N, <=N, >N or >=N; anything else is refused', () => {
    for (const bad of ['14', '<x', '<<14', '=14']) {
      expect(refusal(() => setRule(store, { category: 'close', policy: 'guangxi-2021-close-lt14', from: '2021-08-01', sinceArrival: bad }, ctx('2021-08-01'))).problems[0]).toMatchObject({ code: 'since_arrival' });
    }
    expect(setRule(store, { category: 'close', policy: 'guangxi-2021-close-lt14', from: '2021-08-01', sinceArrival: '＜14' }, ctx('2021-08-01')).since_arrival).toBe('<14');
  });
});

describe('no measure that ends before it begins (point 5)', () => {
  it('--start: released on the arrival day is refused, the day after is taken', () => {
    const a = person({ arrival_date: '2022-11-20' });
    const e = refusal(() => assign(store, String(a.id), { policy: 'high-risk-area-7', start: '2022-11-13' }, ctx('2022-11-20')));
    expect(e.problems).toEqual([{ field: 'start', code: 'measure_before_arrival', params: { start: '2022-11-13', release: '2022-11-20', arrival: '2022-11-20', today: '2022-11-20' } }]);
    expect([assigned(a.id), auditCount()]).toEqual([0, 0]);
    expect(assign(store, String(a.id), { policy: 'high-risk-area-7', start: '2022-11-14' }, ctx('2022-11-20'))).toMatchObject({ assigned: true, release_date: '2022-11-21', backdate_reason: null });
  });

  it('the issue: --start 2022-11-01 for a person who arrived 11-20 is refused; with --backdate --reason it is recorded and audited', () => {
    const a = person({ arrival_date: '2022-11-20' });
    expect(refusal(() => assign(store, String(a.id), { policy: 'close-contact-5+3', start: '2022-11-01' }, ctx('2022-11-20'))).problems[0].code).toBe('measure_before_arrival');
    expect(() => assign(store, String(a.id), { policy: 'close-contact-5+3', start: '2022-11-01', backdate: true }, ctx('2022-11-20'))).toThrow(UsageError);
    expect(() => assign(store, String(a.id), { policy: 'close-contact-5+3', start: '2022-11-01', backdate: true, reason: '  ' }, ctx('2022-11-20'))).toThrow(/--reason/);
    expect(() => assign(store, String(a.id), { policy: 'close-contact-5+3', start: '2022-11-01', reason: '补录' }, ctx('2022-11-20'))).toThrow(/--backdate/);
    expect(assigned(a.id)).toBe(0);
    const r = assign(store, String(a.id), { policy: 'close-contact-5+3', start: '2022-11-01', backdate: true, reason: '外县已隔离，补录台账' }, ctx('2022-11-20'));
    expect(r).toMatchObject({ assigned: true, start_date: '2022-11-01', release_date: '2022-11-09', backdate_reason: '外县已隔离，补录台账' });
    const row = store.audit.latest(1)[0];
    expect(row.action).toBe('measure.assign');
    expect(JSON.parse(row.after!)).toMatchObject({ start_date: '2022-11-01', release_date: '2022-11-09', backdate: true, reason: '外县已隔离，补录台账' });
  });

  it("before today's assignment: released today is refused, released tomorrow is taken", () => {
    const a = person({ arrival_date: '2022-11-10' });
    expect(refusal(() => assign(store, String(a.id), { policy: 'high-risk-area-7', start: '2022-11-13' }, ctx('2022-11-20'))).problems[0]).toMatchObject({ code: 'measure_before_assigned', params: { release: '2022-11-20', today: '2022-11-20' } });
    expect(assigned(a.id)).toBe(0);
    expect(assign(store, String(a.id), { policy: 'high-risk-area-7', start: '2022-11-14' }, ctx('2022-11-20'))).toMatchObject({ assigned: true, release_date: '2022-11-21' });
  });

  it('the rule table\'s own start too: two tests in three days assigned on the third day are refused, on the second taken', () => {
    const a = person({ arrival_date: '2022-11-20' });
    const b = person({ arrival_date: '2022-11-20' });
    expect(refusal(() => assign(store, String(a.id), {}, ctx('2022-11-22'))).problems[0]).toMatchObject({ code: 'measure_before_assigned', params: { start: '2022-11-20', release: '2022-11-22' } });
    expect(assign(store, String(b.id), {}, ctx('2022-11-21'))).toMatchObject({ policy: 'low-risk-3d2t', release_date: '2022-11-22' });
    expect(assignPending(store, null, ctx('2022-11-22'))).toMatchObject({ assigned: [], over_before_today: [{ arrival_id: a.id, start_date: '2022-11-20', release_date: '2022-11-22' }] });
    expect(assigned(a.id)).toBe(0);
    // forms entered late, on purpose: --pending --backdate --reason records them, each audited
    expect(() => assignPending(store, null, ctx('2022-11-22'), { backdate: true })).toThrow(UsageError);
    const late = assignPending(store, null, ctx('2022-11-22'), { backdate: true, reason: '纸质登记补录' });
    expect(late).toMatchObject({ over_before_today: [], assigned: [{ arrival_id: a.id, policy: 'low-risk-3d2t', release_date: '2022-11-22', backdate_reason: '纸质登记补录' }] });
    expect(JSON.parse(store.audit.latest(1)[0].after!)).toMatchObject({ arrival_id: a.id, backdate: true, reason: '纸质登记补录' });
  });
});

describe('a correction that changes the measure says so (point 11)', () => {
  function closeContact() {
    const a = person({ contact_type: 'close', exposure_date: '2022-11-19', arrival_date: '2022-11-20' });
    const m = assign(store, String(a.id), {}, ctx('2022-11-20'));
    return { a, m };
  }

  for (const [what, fields, expected] of [
    ['the exposure date', { exposure_date: '2022-11-18' }, { action: 'replace', new_policy: 'close-contact-5+3', new_start_date: '2022-11-19', new_release_date: '2022-11-27' }],
    ['the contact type', { contact_type: 'none', exposure_date: '' }, { action: 'replace', new_policy: 'low-risk-3d2t', new_start_date: '2022-11-20' }],
  ] as const) {
    it(`without --reassign, a change of ${what} leaves the measure and says what the rules now give`, () => {
      const { a, m } = closeContact();
      const r = editArrival(store, String(a.id), fields, ctx('2022-11-21'));
      expect(r.reassign).toBeNull();
      expect(r.mismatch).toMatchObject({ measure_id: m.measure_id, old_policy: 'close-contact-5+3', old_start_date: '2022-11-20', old_release_date: '2022-11-28', ...expected });
      expect(store.measures.currentForArrival(a.id)).toMatchObject({ id: m.measure_id, start_date: '2022-11-20' });
    });
  }

  it('without --reassign, a change of the origin (上海 → 法国巴黎) says the inbound measure now applies; a close contact stays 5+3 (as strict)', () => {
    const a = person({ arrival_date: '2022-11-20' });
    const m = assign(store, String(a.id), {}, ctx('2022-11-20'));
    expect(m).toMatchObject({ policy: 'low-risk-3d2t', release_date: '2022-11-22' });
    expect(editArrival(store, String(a.id), { origin: '法国巴黎' }, ctx('2022-11-21')).mismatch).toMatchObject({
      action: 'replace', measure_id: m.measure_id, old_policy: 'low-risk-3d2t', new_policy: 'inbound-5+3', new_start_date: '2022-11-20', new_release_date: '2022-11-28',
    });
    const { a: c } = closeContact();
    expect(editArrival(store, String(c.id), { origin: '法国巴黎' }, ctx('2022-11-21')).mismatch).toBeNull();
  });

  it('the arrival date, the day after: the same measure (counted from the exposure) is no mismatch; a change of phone is none either', () => {
    const { a } = closeContact();
    expect(editArrival(store, String(a.id), { arrival_date: '2022-11-21' }, ctx('2022-11-21')).mismatch).toBeNull();
    expect(editArrival(store, String(a.id), { phone: '13900139000' }, ctx('2022-11-21')).mismatch).toBeNull();
  });

  it('the entry date of an inbound traveller moves the measure; then --reassign alone applies it', () => {
    const a = person({ origin: '美国纽约', arrival_date: '2022-11-20' });
    const m = assign(store, String(a.id), {}, ctx('2022-11-20'));
    expect(m).toMatchObject({ start_date: '2022-11-20', release_date: '2022-11-28' });
    const r = editArrival(store, String(a.id), { entry_date: '2022-11-17' }, ctx('2022-11-21'));
    expect(r.mismatch).toMatchObject({ action: 'replace', new_policy: 'inbound-5+3', new_start_date: '2022-11-17', new_release_date: '2022-11-25' });
    expect(store.measures.currentForArrival(a.id)!.id).toBe(m.measure_id);
    const done = editArrival(store, String(a.id), {}, ctx('2022-11-21'), { reassign: true });
    expect(done.fields).toEqual([]);
    expect(done.reassign).toMatchObject({ action: 'replace', new_start_date: '2022-11-17', new_release_date: '2022-11-25' });
    expect(store.measures.currentForArrival(a.id)).toMatchObject({ id: done.reassign!.new_measure_id, start_date: '2022-11-17', release_date: '2022-11-25' });
  });

  it('a measure counted from the day brought under management keeps that day when the record is corrected', () => {
    setRule(store, { category: 'close', policy: 'guangxi-2021-close-lt14', from: '2021-08-01', sinceArrival: '<14' }, ctx('2021-08-01'));
    setRule(store, { category: 'close', policy: 'guangxi-2021-close-ge14', from: '2021-08-01', sinceArrival: '>=14' }, ctx('2021-08-01'));
    const a = person({ contact_type: 'close', exposure_date: '2021-08-09', arrival_date: '2021-08-10' }, '2021-08-15');
    expect(assign(store, String(a.id), {}, ctx('2021-08-15'))).toMatchObject({ policy: 'guangxi-2021-close-lt14', start_date: '2021-08-15' });
    // they had in fact arrived on 08-01: 14 days before being brought under management (08-15), the shorter rule
    const r = editArrival(store, String(a.id), { arrival_date: '2021-08-01', exposure_date: '2021-07-31' }, ctx('2021-08-16'));
    expect(r.mismatch).toMatchObject({ action: 'replace', old_policy: 'guangxi-2021-close-lt14', new_policy: 'guangxi-2021-close-ge14', new_start_date: '2021-08-15', new_release_date: '2021-08-29' });
  });
});
