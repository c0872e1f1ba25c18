import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, NotFoundError, ValidationError } from '../../src/domain/errors.js';
import { assign, assignPending } from '../../src/services/quarantine/assign.js';
import { quarantineList } from '../../src/services/quarantine/ledger.js';
import { quarantineShow } from '../../src/services/quarantine/show.js';
import { release } from '../../src/services/quarantine/release.js';
import { transfer } from '../../src/services/quarantine/transfer.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { clearArea, listAreas, setArea } from '../../src/services/areas.js';
import { addPolicy, allPolicies, rulesOn, setRule } from '../../src/services/policy.js';
import { registerArrival } from '../../src/services/registration.js';
import { addSite, listSites } from '../../src/services/sites.js';
import type { Store } from '../../src/store/db.js';
import { makeId, tmpDir, cst, openTestStore, auditActor } from '../helpers.js';

let store: Store;
const at = (today: string) => ({ today, now: cst(2022, 10, 21, 9), actor: 'officer' });

let seq = 100;
function arrival(over: Record<string, string> = {}, today = '2022-11-30') {
  seq++;
  return registerArrival(
    store,
    { name: '测试', id_number: makeId('440305', '19800101', String(seq)), phone: '13800138000', origin: '广东省深圳市南山区', arrival_date: '2022-11-20', transport: 'train', destination: '城关镇', ...over },
    at(today),
  );
}

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'a.db'));
  return () => store.close();
});

describe('assign', () => {
  it('chooses by the rule table and says which rule chose it', () => {
    const a = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    const r = assign(store, String(a.id), {}, at('2022-11-21'));
    expect(r).toMatchObject({
      assigned: true,
      policy: 'close-contact-5+3',
      chosen_by: '2022-11-11 close → close-contact-5+3',
      category: 'close',
      start_date: '2022-11-20',
      start_basis: 'exposure',
      release_date: '2022-11-28',
      test_dates: ['2022-11-20', '2022-11-21', '2022-11-22', '2022-11-24', '2022-11-25', '2022-11-27'],
    });
    expect(r.phases.map((p) => [p.kind, p.start, p.end])).toEqual([
      ['centralized', '2022-11-20', '2022-11-24'],
      ['home_quarantine', '2022-11-25', '2022-11-27'],
    ]);
    expect(store.audit.latest(1)[0]).toMatchObject({ action: 'measure.assign', actor: auditActor('officer') });
  });

  it('uses the risk level of the origin on the arrival date', () => {
    setArea(store, { region: '广东省广州市海珠区', level: 'high', from: '2022-11-05', to: '2022-11-25' }, at('2022-11-05'));
    const inArea = arrival({ origin: '广东省广州市海珠区江海街道', arrival_date: '2022-11-20' });
    const after = arrival({ origin: '广东省广州市海珠区江海街道', arrival_date: '2022-11-26' });
    expect(assign(store, String(inArea.id), {}, at('2022-11-20'))).toMatchObject({ category: 'high', risk_area: '广东省广州市海珠区', policy: 'high-risk-area-7', release_date: '2022-11-27' });
    expect(assign(store, String(after.id), {}, at('2022-11-26'))).toMatchObject({ category: 'low', policy: 'low-risk-3d2t', phases: [], test_dates: ['2022-11-26', '2022-11-27'] });
  });

  it('uses the rules of the period in force on the arrival date (7+3 before 2022-11-11)', () => {
    const a = arrival({ contact_type: 'close', arrival_date: '2022-11-05' });
    expect(assign(store, String(a.id), {}, at('2022-11-05'))).toMatchObject({ policy: 'close-contact-7+3', start_basis: 'arrival', release_date: '2022-11-15' });
  });

  it('writes nothing when the rule says no measure, and says so', () => {
    const a = arrival({ arrival_date: '2023-01-10' }, '2023-01-10');
    const r = assign(store, String(a.id), {}, at('2023-01-10'));
    expect(r).toMatchObject({ assigned: false, policy: null, chosen_by: '2023-01-08 low → none' });
    expect(store.measures.forArrival(a.id)).toEqual([]);
  });

  it('takes --policy and --start, and refuses a second assignment of the same arrival', () => {
    const a = arrival();
    // wholly before the arrival: only on purpose (issue 24)
    expect(() => assign(store, String(a.id), { policy: 'guangxi-2021-close-lt14', start: '2021-08-01' }, at('2022-11-30'))).toThrow(/measure_before_arrival/);
    const r = assign(store, String(a.id), { policy: 'guangxi-2021-close-lt14', start: '2021-08-01', backdate: true, reason: '补录' }, at('2022-11-30'));
    expect(r).toMatchObject({ chosen_by: '--policy', start_basis: 'given', release_date: '2021-08-22', backdate_reason: '补录' });
    expect(() => assign(store, String(a.id), {}, at('2022-11-30'))).toThrow(DuplicateError);
    expect(() => assign(store, '99999', {}, at('2022-11-30'))).toThrow(NotFoundError);
    expect(() => assign(store, String(arrival().id), { policy: 'nope' }, at('2022-11-30'))).toThrow(/unknown_policy/);
  });

  it('finds the person by ID number (their latest arrival)', () => {
    const first = arrival({ arrival_date: '2022-11-01' });
    const second = registerArrival(store, { name: '测试', id_number: first.id_number, phone: '13800138000', origin: '上海市', arrival_date: '2022-11-20', transport: 'train', destination: '城关镇' }, at('2022-11-30'));
    expect(assign(store, first.id_number, {}, at('2022-11-20')).arrival_id).toBe(second.id);
  });
});

describe('sites', () => {
  it('counts occupancy over the centralised phase and refuses a full site unless forced', () => {
    addSite(store, { name: '党校', capacity: 1 }, at('2022-11-20'));
    const a = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    const b = arrival({ contact_type: 'close', exposure_date: '2022-11-23' });
    assign(store, String(a.id), { site: '党校' }, at('2022-11-21'));
    expect(listSites(store, '2022-11-20')).toEqual([{ name: '党校', capacity: 1, occupied: 1, free: 0, address: null, head: null }]);
    expect(listSites(store, '2022-11-25')[0].occupied).toBe(0); // home phase: not at the site
    const err = (() => {
      try {
        assign(store, String(b.id), { site: '党校' }, at('2022-11-24'));
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err?.problems[0]).toEqual({ field: 'site', code: 'site_full', params: { name: '党校', date: '2022-11-24', occupied: 1, capacity: 1 } });
    expect(store.measures.forArrival(b.id)).toEqual([]);
    assign(store, String(b.id), { site: '党校', force: true }, at('2022-11-24'));
    expect(listSites(store, '2022-11-24')[0].occupied).toBe(2);
  });

  it('refuses a site for a policy without a centralised phase, an unknown site, a duplicate name, a bad capacity', () => {
    addSite(store, { name: '党校', capacity: 10 }, at('2022-11-20'));
    expect(() => assign(store, String(arrival().id), { site: '党校', policy: 'high-risk-area-7' }, at('2022-11-21'))).toThrow(/site_without_centralized/);
    expect(() => assign(store, String(arrival().id), { site: '宾馆', policy: 'close-contact-5+3' }, at('2022-11-21'))).toThrow(NotFoundError);
    expect(() => addSite(store, { name: '党校', capacity: 5 }, at('2022-11-20'))).toThrow(DuplicateError);
    expect(() => addSite(store, { name: '宾馆', capacity: '0' }, at('2022-11-20'))).toThrow(ValidationError);
    expect(() => addSite(store, { name: '宾馆', capacity: '12a' }, at('2022-11-20'))).toThrow(ValidationError);
  });
});

describe('following to release', () => {
  it('lists who is in which phase on a date, by phase and site', () => {
    addSite(store, { name: '党校', capacity: 10 }, at('2022-11-20'));
    const a = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    const b = arrival({ contact_type: 'none', arrival_date: '2022-11-20' });
    assign(store, String(a.id), { site: '党校' }, at('2022-11-21'));
    assign(store, String(b.id), { policy: 'secondary-contact-7', home: true }, at('2022-11-21'));
    const day = quarantineList(store, '2022-11-22', null, null);
    expect(day.map((r) => [r.arrival_id, r.phase, r.phase_day, r.phase_days, r.site, r.place])).toEqual([
      [a.id, 'centralized', 3, 5, '党校', 'site'],
      [b.id, 'home_quarantine', 3, 7, null, 'home'],
    ]);
    expect(quarantineList(store, '2022-11-22', 'centralized', null)).toHaveLength(1);
    expect(quarantineList(store, '2022-11-22', null, '党校')).toHaveLength(1);
    expect(quarantineList(store, '2022-11-25', null, null).map((r) => [r.phase, r.phase_day, r.site, r.place])).toEqual([
      ['home_quarantine', 1, null, 'home'],
      ['home_quarantine', 6, null, 'home'],
    ]);
    // a centralised phase with no site yet is "not placed"; a home policy is at home without --home
    const c = arrival({ contact_type: 'close', exposure_date: '2022-11-21' });
    const d = arrival({ contact_type: 'none' });
    assign(store, String(c.id), {}, at('2022-11-22'));
    assign(store, String(d.id), { policy: 'high-risk-area-7' }, at('2022-11-22'));
    const places = quarantineList(store, '2022-11-22', null, null).filter((r) => r.arrival_id === c.id || r.arrival_id === d.id);
    expect(places.map((r) => [r.arrival_id, r.place])).toEqual([
      [c.id, 'unplaced'],
      [d.id, 'home'],
    ]);
    expect(quarantineList(store, '2022-11-28', null, null).filter((r) => r.arrival_id === a.id || r.arrival_id === b.id)).toHaveLength(0);
  });

  it('releases early, keeping the plan, and the person leaves the ledger on that day', () => {
    const a = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(a.id), {}, at('2022-11-21'));
    expect(() => release(store, String(a.id), { reason: '' }, at('2022-11-22'))).toThrow(ValidationError);
    expect(() => release(store, String(a.id), { reason: 'x', date: '2022-11-23' }, at('2022-11-22'))).toThrow(/date_future/);
    expect(() => release(store, String(a.id), { reason: 'x', date: '2022-11-19' }, at('2022-11-22'))).toThrow(/release_before_start/);
    const v = release(store, String(a.id), { reason: '排除密接', date: '2022-11-22' }, at('2022-11-22'));
    expect(v).toMatchObject({ status: 'released', released_on: '2022-11-22', release_date: '2022-11-22', planned_release_date: '2022-11-28', release_reason: '排除密接' });
    expect(quarantineList(store, '2022-11-21', null, null)).toHaveLength(1);
    expect(quarantineList(store, '2022-11-22', null, null)).toHaveLength(0);
    expect(() => release(store, String(a.id), { reason: 'again' }, at('2022-11-23'))).toThrow(/no_active_measure/);
    expect(store.audit.latest(1)[0]).toMatchObject({ action: 'measure.release' });
  });

  it('transfers between sites with history, checking the new site has room', () => {
    addSite(store, { name: '党校', capacity: 10 }, at('2022-11-20'));
    addSite(store, { name: '宾馆', capacity: 1 }, at('2022-11-20'));
    const a = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(a.id), { site: '党校' }, at('2022-11-21'));
    const v = transfer(store, String(a.id), { site: '宾馆', date: '2022-11-22' }, at('2022-11-22'));
    expect(v.placements).toEqual([
      { from: '2022-11-20', site: '党校', home: false },
      { from: '2022-11-22', site: '宾馆', home: false },
    ]);
    expect(listSites(store, '2022-11-21').map((s) => s.occupied)).toEqual([1, 0]);
    expect(listSites(store, '2022-11-22').map((s) => s.occupied)).toEqual([0, 1]);
    const b = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(b.id), { site: '党校' }, at('2022-11-21'));
    expect(() => transfer(store, String(b.id), { site: '宾馆', date: '2022-11-22' }, at('2022-11-22'))).toThrow(/site_full/);
    transfer(store, String(b.id), { home: true, date: '2022-11-23' }, at('2022-11-23'));
    expect(quarantineList(store, '2022-11-23', null, null).find((r) => r.arrival_id === b.id)).toMatchObject({ place: 'home', site: null });
    expect(() => transfer(store, String(b.id), { home: true, date: '2022-11-28' }, at('2022-11-28'))).toThrow(/outside_measure/);
  });

  it('shows the measure with its history', () => {
    const a = arrival({ contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(a.id), {}, at('2022-11-21'));
    const v = quarantineShow(store, a.id_number, at('2022-11-25'));
    expect(v).toMatchObject({ policy: 'close-contact-5+3', start_date: '2022-11-20', release_date: '2022-11-28', today: { phase: 'home_quarantine', phase_day: 1, state: 'in' } });
    expect(v.phases).toEqual([
      { kind: 'centralized', start: '2022-11-20', end: '2022-11-24' },
      { kind: 'home_quarantine', start: '2022-11-25', end: '2022-11-27' },
    ]);
    // one status, from the dates: past its release date it is released, not in progress
    expect(quarantineShow(store, a.id_number, at('2022-11-27'))).toMatchObject({ status: 'active', today: { state: 'in' } });
    expect(quarantineShow(store, a.id_number, at('2022-11-28'))).toMatchObject({ status: 'released', today: { state: 'over', phase: null } });
    expect(() => quarantineShow(store, String(arrival().id), at('2022-11-28'))).toThrow(/no_measure/);
  });
});

describe('assign --pending', () => {
  it('assigns every arrival without a measure, of one date or all, in one go', () => {
    setArea(store, { region: '广东省广州市', level: 'high', from: '2022-11-01' }, at('2022-11-01'));
    const a = arrival({ origin: '广东省广州市天河区', arrival_date: '2022-11-20' });
    const b = arrival({ contact_type: 'close', arrival_date: '2022-11-20' });
    const c = arrival({ arrival_date: '2022-11-21' });
    const d = arrival({ arrival_date: '2022-12-10' }, '2022-12-10');
    const r = assignPending(store, '2022-11-20', at('2022-11-21'));
    expect(r.assigned.map((x) => [x.arrival_id, x.policy])).toEqual([
      [a.id, 'high-risk-area-7'],
      [b.id, 'close-contact-5+3'],
    ]);
    // c's two tests in three days (11-21, 11-22) are over before 12-10: not assigned, said (issue 24)
    const all = assignPending(store, null, at('2022-12-10'));
    expect(all.assigned).toEqual([]);
    expect(all.over_before_today.map((x) => [x.arrival_id, x.start_date, x.release_date])).toEqual([[c.id, '2022-11-21', '2022-11-23']]);
    expect(all.no_measure).toBe(1); // d arrived after 2022-12-07: no measure for low risk
    expect(store.measures.forArrival(d.id)).toEqual([]);
    expect(assignPending(store, null, at('2022-11-22')).assigned.map((x) => [x.arrival_id, x.policy])).toEqual([[c.id, 'low-risk-3d2t']]);
  });
});

describe('reassess (7+3 → 5+3)', () => {
  function setup() {
    const people = ['2022-11-02', '2022-11-04', '2022-11-06', '2022-11-09'].map((exp) =>
      arrival({ contact_type: 'close', exposure_date: exp, arrival_date: '2022-11-09' }, '2022-11-10'),
    );
    for (const p of people) assign(store, String(p.id), { policy: 'close-contact-7+3' }, at('2022-11-10'));
    return people;
  }

  it('dry run lists old and new dates and writes nothing', () => {
    setup();
    const before = store.audit.count();
    const r = reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-11', dryRun: true }, at('2022-11-11'));
    expect(r.changes.map((c) => [c.start_date, c.old_release_date, c.new_release_date, c.effect, c.released_on])).toEqual([
      ['2022-11-03', '2022-11-13', '2022-11-11', 'released', '2022-11-11'],
      // on 11-11 the first leaves the site for home quarantine; the others stay at the site, for fewer days
      ['2022-11-05', '2022-11-15', '2022-11-13', 'moved_home', null],
      ['2022-11-07', '2022-11-17', '2022-11-15', 'shortened', null],
      ['2022-11-10', '2022-11-20', '2022-11-18', 'shortened', null],
    ]);
    expect(store.audit.count()).toBe(before);
    expect(store.measures.activeByPolicy('close-contact-7+3')).toHaveLength(4);
  });

  it('applies in one transaction, releases the already-over as of the date (not back-dated), keeps history', () => {
    const people = setup();
    const r = reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-11', dryRun: false }, at('2022-11-11'));
    expect(r.changes).toHaveLength(4);
    expect(store.measures.activeByPolicy('close-contact-7+3')).toHaveLength(0);
    const first = quarantineShow(store, String(people[0].id), at('2022-11-11'));
    expect(first).toMatchObject({ policy: 'close-contact-5+3', status: 'released', released_on: '2022-11-11', release_date: '2022-11-11' });
    expect(first.history.map((h) => [h.policy, h.status])).toEqual([
      ['close-contact-7+3', 'superseded'],
      ['close-contact-5+3', 'released'],
    ]);
    // before the reassessment the old plan was in force: the 11-10 ledger still shows all four
    expect(quarantineList(store, '2022-11-10', null, null)).toHaveLength(4);
    // from the reassessment on, the new plan: the first is released, the second is home on 11-11
    const day = quarantineList(store, '2022-11-11', null, null);
    const byArrival = day.map((x) => [x.arrival_id, x.phase, x.policy]).sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(byArrival).toEqual([
      [people[1].id, 'home_quarantine', 'close-contact-5+3'],
      [people[2].id, 'centralized', 'close-contact-5+3'],
      [people[3].id, 'centralized', 'close-contact-5+3'],
    ]);
    expect(store.audit.latest(10).filter((e) => e.action === 'measure.reassess')).toHaveLength(4);
    const again = reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-11', dryRun: true }, at('2022-11-11'));
    expect(again.changes).toEqual([]);
  });

  it('leaves alone a measure already over on the date', () => {
    const p = arrival({ contact_type: 'close', exposure_date: '2022-10-01', arrival_date: '2022-10-01' }, '2022-10-02');
    assign(store, String(p.id), { policy: 'close-contact-7+3' }, at('2022-10-02'));
    expect(reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-11', dryRun: false }, at('2022-11-11')).changes).toEqual([]);
  });
});

describe('areas, local policies and rules', () => {
  it('sets, replaces, clears (keeping history) and lists areas by date', () => {
    setArea(store, { region: '上海市浦东新区', level: 'medium', from: '2022-11-01' }, at('2022-11-01'));
    setArea(store, { region: '上海市浦东新区', level: 'high', from: '2022-11-10' }, at('2022-11-10'));
    expect(listAreas(store).map((a) => [a.level, a.valid_from, a.valid_to])).toEqual([
      ['medium', '2022-11-01', '2022-11-09'],
      ['high', '2022-11-10', null],
    ]);
    clearArea(store, '上海市浦东新区', '2022-11-20', at('2022-11-20'));
    expect(listAreas(store, '2022-11-19').map((a) => a.level)).toEqual(['high']);
    expect(listAreas(store, '2022-11-20')).toEqual([]);
    expect(() => clearArea(store, '北京市', '2022-11-20', at('2022-11-20'))).toThrow(NotFoundError);
    expect(() => setArea(store, { region: '北京市', level: 'extreme' }, at('2022-11-20'))).toThrow(ValidationError);
    expect(() => setArea(store, { region: '北京市', level: 'high', from: '2022-11-20', to: '2022-11-19' }, at('2022-11-20'))).toThrow(/to_before_from/);
  });

  it('adds a local policy and a local rule that the rule table then uses', () => {
    addPolicy(store, { id: 'county-close-5+5', name: { zh: '密接5+5', en: 'close 5+5' }, phases: [{ kind: 'centralized', days: 5, tests: [1, 5] }, { kind: 'health_monitoring', days: 5, tests: [5] }], source: '县通知', in_force_from: '2022-11-20' }, at('2022-11-20'));
    expect(allPolicies(store).find((p) => p.id === 'county-close-5+5')?.local).toBe(true);
    expect(() => addPolicy(store, { id: 'close-contact-5+3', name: { zh: 'x', en: 'x' }, phases: [{ kind: 'centralized', days: 5, tests: [] }], source: 'x', in_force_from: '2022-11-20' }, at('2022-11-20'))).toThrow(DuplicateError);
    setRule(store, { category: 'close', policy: 'county-close-5+5', from: '2022-11-20', note: '县指挥部' }, at('2022-11-20'));
    expect(rulesOn(store, '2022-11-20').find((r) => r.category === 'close')).toMatchObject({ policy: 'county-close-5+5', local: true, source: '县指挥部' });
    const a = arrival({ contact_type: 'close', arrival_date: '2022-11-21' });
    expect(assign(store, String(a.id), {}, at('2022-11-21'))).toMatchObject({ policy: 'county-close-5+5', chosen_by: '2022-11-20 close → county-close-5+5 (local)', release_date: '2022-12-01' });
    expect(() => setRule(store, { category: 'vip', policy: 'none', from: '2022-11-20' }, at('2022-11-20'))).toThrow(ValidationError);
    expect(() => setRule(store, { category: 'low', policy: 'missing', from: '2022-11-20' }, at('2022-11-20'))).toThrow(NotFoundError);
    setRule(store, { category: 'low', policy: 'none', from: '2022-11-25' }, at('2022-11-25'));
    expect(rulesOn(store, '2022-11-25').find((r) => r.category === 'low')?.policy).toBeNull();
  });
});
