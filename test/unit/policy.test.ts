import { describe, expect, it } from 'vitest';
import { riskOf, type RiskArea } from '../../src/domain/area.js';
import { categoryOf, derivedStart, phaseOn, rulesInForce, schedule, validatePolicy, type Policy, type Rule } from '../../src/domain/policy.js';
import { reference } from '../../src/io/reference.js';

const preset = (id: string): Policy => {
  const p = reference().presets.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

describe('day counting (DOMAIN.md: day 1 is the start date)', () => {
  it('works the seed presets of 2021 exactly as DOMAIN.md does', () => {
    // "Tests on days 1, 7, 14 of a phase that starts on 2021-08-01 fall on 08-01, 08-07 and 08-14;
    //  a 7-day monitoring phase that follows runs 08-15 … 08-21, and its day-7 test is on 08-21."
    const lt14 = schedule(preset('guangxi-2021-close-lt14'), '2021-08-01');
    expect(lt14.phases.map((p) => [p.kind, p.start, p.end])).toEqual([
      ['centralized', '2021-08-01', '2021-08-14'],
      ['health_monitoring', '2021-08-15', '2021-08-21'],
    ]);
    expect(lt14.test_dates).toEqual(['2021-08-01', '2021-08-07', '2021-08-14', '2021-08-21']);
    expect(lt14.release_date).toBe('2021-08-22');

    const ge14 = schedule(preset('guangxi-2021-close-ge14'), '2021-08-01');
    expect(ge14.phases.map((p) => [p.kind, p.start, p.end])).toEqual([
      ['centralized', '2021-08-01', '2021-08-07'],
      ['health_monitoring', '2021-08-08', '2021-08-14'],
    ]);
    expect(ge14.test_dates).toEqual(['2021-08-01', '2021-08-07', '2021-08-14']);
    expect(ge14.release_date).toBe('2021-08-15');
  });

  it('starts the next phase the day after the last day of the one before', () => {
    const s = schedule(preset('close-contact-5+3'), '2022-11-20');
    expect(s.phases.map((p) => [p.start, p.end, p.days])).toEqual([
      ['2022-11-20', '2022-11-24', 5],
      ['2022-11-25', '2022-11-27', 3],
    ]);
    expect(s.phases[1].tests).toEqual([{ day: 1, date: '2022-11-25' }, { day: 3, date: '2022-11-27' }]);
    expect(s.release_date).toBe('2022-11-28');
  });

  it('crosses month and year ends', () => {
    const s = schedule(preset('close-contact-7+3'), '2022-12-28');
    expect(s.phases.map((p) => [p.start, p.end])).toEqual([
      ['2022-12-28', '2023-01-03'],
      ['2023-01-04', '2023-01-06'],
    ]);
    expect(s.test_dates).toEqual(['2022-12-28', '2022-12-29', '2022-12-30', '2023-01-01', '2023-01-03', '2023-01-06']);
    expect(s.release_date).toBe('2023-01-07');
    expect(schedule(preset('secondary-contact-7'), '2022-10-26').release_date).toBe('2022-11-02');
  });

  it('counts the leap day', () => {
    const s = schedule(preset('close-contact-14+7'), '2020-02-20');
    expect(s.phases[0].end).toBe('2020-03-04');
    expect(s.phases[0].tests.map((t) => t.date)).toEqual(['2020-02-20', '2020-02-23', '2020-02-26', '2020-03-04']);
    expect(schedule(preset('close-contact-14+7'), '2021-02-20').phases[0].end).toBe('2021-03-05');
  });

  it('a policy without phases has its test days from the start and releases the day after the last', () => {
    const s = schedule(preset('low-risk-3d2t'), '2022-11-30');
    expect(s.phases).toEqual([]);
    expect(s.test_dates).toEqual(['2022-11-30', '2022-12-01']);
    expect(s.release_date).toBe('2022-12-02');
  });

  it('says which phase and day a date falls on, and none outside', () => {
    const s = schedule(preset('close-contact-5+3'), '2022-11-20');
    expect(phaseOn(s, '2022-11-20')).toMatchObject({ index: 0, day: 1 });
    expect(phaseOn(s, '2022-11-24')).toMatchObject({ index: 0, day: 5 });
    expect(phaseOn(s, '2022-11-25')).toMatchObject({ index: 1, day: 1 });
    expect(phaseOn(s, '2022-11-27')).toMatchObject({ index: 1, day: 3 });
    expect(phaseOn(s, '2022-11-28')).toBeNull();
    expect(phaseOn(s, '2022-11-19')).toBeNull();
  });

  it('derives the start: day after last exposure for a contact, else the arrival date', () => {
    expect(derivedStart({ contact_type: 'close', exposure_date: '2022-11-30', arrival_date: '2022-12-02' })).toEqual({ date: '2022-12-01', basis: 'exposure' });
    expect(derivedStart({ contact_type: 'close', exposure_date: '2022-12-31', arrival_date: '2022-12-31' })).toEqual({ date: '2023-01-01', basis: 'exposure' });
    expect(derivedStart({ contact_type: 'close', exposure_date: null, arrival_date: '2022-12-02' })).toEqual({ date: '2022-12-02', basis: 'arrival' });
    expect(derivedStart({ contact_type: 'none', exposure_date: null, arrival_date: '2020-02-29' })).toEqual({ date: '2020-02-29', basis: 'arrival' });
  });
});

describe('presets', () => {
  it('ships every preset of DOMAIN.md with its phases and day counts', () => {
    const shape = (id: string) => preset(id).phases.map((p) => `${p.kind}:${p.days}`).join('+');
    expect(shape('close-contact-14+7')).toBe('centralized:14+health_monitoring:7');
    expect(shape('inbound-14+7')).toBe('centralized:14+health_monitoring:7');
    expect(shape('close-contact-7+3')).toBe('centralized:7+health_monitoring:3');
    expect(shape('secondary-contact-7')).toBe('home_quarantine:7');
    expect(shape('inbound-7+3')).toBe('centralized:7+health_monitoring:3');
    expect(shape('high-risk-area-7c')).toBe('centralized:7');
    expect(shape('medium-risk-area-7')).toBe('home_quarantine:7');
    expect(shape('close-contact-5+3')).toBe('centralized:5+home_quarantine:3');
    expect(shape('inbound-5+3')).toBe('centralized:5+home_quarantine:3');
    expect(shape('high-risk-area-7')).toBe('home_quarantine:7');
    expect(shape('high-risk-post-5')).toBe('health_monitoring:5');
    expect(shape('close-contact-home-5')).toBe('home_quarantine:5');
    expect(shape('low-risk-3d2t')).toBe('');
    expect(reference().presets).toHaveLength(15);
  });
});

describe('policy validation', () => {
  const good = { id: 'x-5', name: { zh: '五天', en: 'five days' }, phases: [{ kind: 'centralized', days: 5, tests: [1, 5] }], source: 'test', in_force_from: '2022-11-20' };
  it('accepts a good definition', () => {
    expect(validatePolicy(good).problems).toEqual([]);
  });
  it('refuses unknown kinds, bad day counts, test days outside their phase', () => {
    const bad = validatePolicy({ ...good, phases: [{ kind: 'hotel', days: 5, tests: [] }, { kind: 'centralized', days: 0, tests: [] }, { kind: 'home_quarantine', days: 3, tests: [1, 4] }, { kind: 'health_monitoring', days: 2.5, tests: [] }] });
    expect(bad.problems.map((p) => `${p.field}:${p.code}`)).toEqual(['phases[1]:enum', 'phases[2]:phase_days', 'phases[3]:test_outside_phase', 'phases[4]:phase_days']);
  });
  it('refuses a missing name, id or date, and a phaseless policy without tests', () => {
    expect(validatePolicy({ ...good, id: 'a b' }).problems[0]).toMatchObject({ field: 'id', code: 'policy_id' });
    expect(validatePolicy({ ...good, name: { zh: '五天' } }).problems[0]).toMatchObject({ field: 'name' });
    expect(validatePolicy({ ...good, in_force_from: '2022-02-30' }).problems[0]).toMatchObject({ field: 'in_force_from', code: 'date' });
    expect(validatePolicy({ ...good, phases: [] }).problems[0]).toMatchObject({ code: 'policy_empty' });
    expect(validatePolicy([1, 2]).problems[0]).toMatchObject({ code: 'policy_not_object' });
  });
});

describe('the rule table', () => {
  const rules = reference().rules;
  const on = (date: string) => Object.fromEntries([...rulesInForce(rules, date)].map(([c, r]) => [c, r.policy]));

  it('uses the rows of the latest period starting on or before the date', () => {
    expect(on('2021-08-01')).toMatchObject({ close: 'close-contact-14+7', inbound: 'inbound-14+7', high: null });
    expect(on('2022-06-27')).toMatchObject({ close: 'close-contact-14+7' });
    expect(on('2022-06-28')).toEqual({ close: 'close-contact-7+3', secondary: 'secondary-contact-7', inbound: 'inbound-7+3', high: 'high-risk-area-7c', medium: 'medium-risk-area-7', low: 'low-risk-3d2t' });
    expect(on('2022-11-10')).toMatchObject({ close: 'close-contact-7+3', secondary: 'secondary-contact-7' });
    expect(on('2022-11-11')).toEqual({ close: 'close-contact-5+3', secondary: null, inbound: 'inbound-5+3', high: 'high-risk-area-7', medium: 'low-risk-3d2t', low: 'low-risk-3d2t' });
    expect(on('2022-12-07')).toMatchObject({ close: 'close-contact-home-5', low: null });
    expect(on('2023-01-08')).toEqual({ close: null, secondary: null, inbound: null, high: null, medium: null, low: null });
    expect(on('2020-01-01')).toEqual({});
  });

  it('lets a local row override from its date, and a later shipped period override it', () => {
    const local: Rule = { category: 'close', policy: 'county-x', from: '2022-11-20', source: 'county', local: true };
    const all = [...rules, local];
    expect(rulesInForce(all, '2022-11-19').get('close')?.policy).toBe('close-contact-5+3');
    expect(rulesInForce(all, '2022-11-20').get('close')?.policy).toBe('county-x');
    expect(rulesInForce(all, '2022-12-07').get('close')?.policy).toBe('close-contact-home-5');
    const tie: Rule = { ...local, from: '2022-11-11' };
    expect(rulesInForce([...rules, tie], '2022-11-15').get('close')?.policy).toBe('county-x');
  });

  it('puts an arrival in a category: contact first, then inbound, then origin risk', () => {
    const inbound = reference().inboundPrefixes;
    expect(categoryOf('close', '境外', 'high', inbound)).toBe('close');
    expect(categoryOf('secondary', '上海市', 'low', inbound)).toBe('secondary');
    expect(categoryOf('none', '境外（新加坡）', 'low', inbound)).toBe('inbound');
    expect(categoryOf('none', '香港特别行政区', 'low', inbound)).toBe('inbound');
    expect(categoryOf('none', '广东省广州市', 'high', inbound)).toBe('high');
    expect(categoryOf('none', '广东省广州市', 'low', inbound)).toBe('low');
  });
});

describe('risk areas', () => {
  const areas: RiskArea[] = [
    { region: '广东省广州市', level: 'medium', valid_from: '2022-11-01', valid_to: null },
    { region: '广东省广州市海珠区', level: 'high', valid_from: '2022-11-05', valid_to: '2022-11-20' },
    { region: '上海市', level: 'high', valid_from: '2022-04-01', valid_to: '2022-06-01' },
  ];
  it('matches by prefix and by the level in force on the date, the highest winning', () => {
    expect(riskOf('广东省广州市海珠区江海街道', areas, '2022-11-10').level).toBe('high');
    expect(riskOf('广东省广州市海珠区江海街道', areas, '2022-11-21').level).toBe('medium');
    expect(riskOf('广东省广州市天河区', areas, '2022-11-10')).toMatchObject({ level: 'medium', area: { region: '广东省广州市' } });
    expect(riskOf('广东省广州市天河区', areas, '2022-10-31')).toEqual({ level: 'low', area: null });
    expect(riskOf('上海市浦东新区', areas, '2022-06-01').level).toBe('high');
    expect(riskOf('上海市浦东新区', areas, '2022-06-02').level).toBe('low');
    expect(riskOf('广东省深圳市', areas, '2022-11-10').level).toBe('low');
  });
});
