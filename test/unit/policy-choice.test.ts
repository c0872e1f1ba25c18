/**
 * Issue 24, the pure rules: how two measures compare (DOMAIN.md: the most days of centralised
 * quarantine, then of home quarantine, then the longest in all), every category an arrival falls
 * in, where a preset's days count from, and the rule table's days-since-arrival rows.
 */
import { describe, expect, it } from 'vitest';
import { ANCHORS, categoriesOf, compareStrictness, derivedStart, meetsSinceArrival, parseSinceArrival, rulesInForce, rulesInForceAll, validatePolicy, type Policy, type Rule } from '../../src/domain/policy.js';
import { reference } from '../../src/io/reference.js';

const preset = (id: string): Policy => {
  const p = reference().presets.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

describe('strictness', () => {
  it('orders the presets: centralised days first, then home quarantine, then in all; no measure last', () => {
    const ids = ['low-risk-3d2t', 'high-risk-post-5', 'close-contact-home-5', 'high-risk-area-7', 'medium-risk-area-7', 'close-contact-5+3', 'inbound-5+3', 'high-risk-area-7c', 'close-contact-7+3', 'guangxi-2021-close-ge14', 'close-contact-14+7'];
    // a stable sort: the tied ones keep the order they were listed in
    const sorted = [...ids].sort((a, b) => compareStrictness(preset(b), preset(a)));
    expect(sorted).toEqual([
      'close-contact-14+7', // 14 c + 7 monitoring
      'guangxi-2021-close-ge14', // 7 c + 7 monitoring: 14 in all
      'close-contact-7+3', // 7 c + 3 monitoring: 10 in all
      'high-risk-area-7c', // 7 c
      'close-contact-5+3', // 5 c + 3 h
      'inbound-5+3', // the same
      'high-risk-area-7', // 7 h
      'medium-risk-area-7', // 7 h
      'close-contact-home-5', // 5 h
      'high-risk-post-5', // 5 monitoring
      'low-risk-3d2t', // tests only
    ]);
    expect(compareStrictness(preset('guangxi-2021-close-ge14'), preset('close-contact-7+3'))).toBeGreaterThan(0);
    expect(compareStrictness(preset('close-contact-5+3'), preset('inbound-5+3'))).toBe(0);
    expect(compareStrictness(preset('inbound-5+3'), preset('close-contact-home-5'))).toBeGreaterThan(0);
    expect(compareStrictness(preset('high-risk-area-7c'), preset('secondary-contact-7'))).toBeGreaterThan(0);
    expect(compareStrictness(preset('low-risk-3d2t'), null)).toBeGreaterThan(0);
    expect(compareStrictness(null, null)).toBe(0);
  });
});

describe('every category an arrival falls in', () => {
  it('the contact type, then abroad or the risk level', () => {
    const p = reference().inboundPrefixes;
    expect(categoriesOf('secondary', '法国巴黎', 'low', p)).toEqual(['secondary', 'inbound']);
    expect(categoriesOf('close', '香港', 'low', p)).toEqual(['close', 'inbound']);
    expect(categoriesOf('close', '广东省广州市海珠区', 'high', p)).toEqual(['close', 'high']);
    expect(categoriesOf('none', '上海市', 'low', p)).toEqual(['low']);
    expect(categoriesOf('none', '美国纽约', 'low', p)).toEqual(['inbound']);
  });
});

describe('where the days count from', () => {
  const a = { contact_type: 'close', exposure_date: '2022-11-10', arrival_date: '2022-11-20', entry_date: '2022-11-14' };
  it('each anchor, and its fallback when the date it needs is not known', () => {
    expect(derivedStart(a, 'exposure', '2022-11-22')).toEqual({ date: '2022-11-11', basis: 'exposure' });
    expect(derivedStart(a, 'entry', '2022-11-22')).toEqual({ date: '2022-11-14', basis: 'entry' });
    expect(derivedStart({ ...a, entry_date: null }, 'entry')).toEqual({ date: '2022-11-20', basis: 'arrival' });
    expect(derivedStart(a, 'managed', '2022-11-22')).toEqual({ date: '2022-11-22', basis: 'managed' });
    // brought under management before the arrival (registered in advance): from the arrival
    expect(derivedStart(a, 'managed', '2022-11-18')).toEqual({ date: '2022-11-20', basis: 'managed' });
    expect(derivedStart(a, 'left_area')).toEqual({ date: '2022-11-20', basis: 'arrival' });
    // the day left the risk area when known (the day before the arrival, or the arrival day itself)
    expect(derivedStart({ ...a, left_date: '2022-11-19' }, 'left_area')).toEqual({ date: '2022-11-19', basis: 'left_area' });
    expect(derivedStart({ ...a, left_date: '2022-11-20' }, 'left_area')).toEqual({ date: '2022-11-20', basis: 'left_area' });
    expect(derivedStart({ ...a, left_date: null }, 'left_area')).toEqual({ date: '2022-11-20', basis: 'arrival' });
    // another anchor never reads it
    expect(derivedStart({ ...a, left_date: '2022-11-19' }, 'arrival')).toEqual({ date: '2022-11-20', basis: 'arrival' });
    expect(derivedStart({ ...a, contact_type: 'none', exposure_date: null }, 'exposure')).toEqual({ date: '2022-11-20', basis: 'arrival' });
    // no anchor (a local policy from before): as it always was
    expect(derivedStart(a)).toEqual({ date: '2022-11-11', basis: 'exposure' });
  });

  it('every preset says its anchor; a policy file may give one of them, nothing else', () => {
    for (const p of reference().presets) expect(ANCHORS, p.id).toContain(p.anchor);
    expect(preset('guangxi-2021-close-lt14').anchor).toBe('managed');
    expect(preset('inbound-5+3').anchor).toBe('entry');
    const base = { id: 'x', name: { zh: '甲', en: 'x' }, source: 's', in_force_from: '2022-01-01', phases: [{ kind: 'home_quarantine', days: 3, tests: [1] }] };
    expect(validatePolicy({ ...base, anchor: 'managed' }).policy?.anchor).toBe('managed');
    expect(validatePolicy({ ...base, anchor: 'tomorrow' }).problems).toEqual([{ field: 'anchor', code: 'enum', params: { value: 'tomorrow', allowed: ANCHORS.join('|') } }]);
  });
});

describe('rows by days since arrival', () => {
  it('parses and checks the condition at its boundary', () => {
    expect(['<14', ' >= 14', '≥14', '＜14', '<=13', '>13'].map(parseSinceArrival)).toEqual(['<14', '>=14', '>=14', '<14', '<=13', '>13']);
    expect(['14', '', '<', '=<14', '<1234'].map(parseSinceArrival)).toEqual([null, null, null, null, null]);
    expect([13, 14].map((d) => meetsSinceArrival('<14', d))).toEqual([true, false]);
    expect([13, 14].map((d) => meetsSinceArrival('>=14', d))).toEqual([false, true]);
    expect([13, 14].map((d) => meetsSinceArrival('<=13', d))).toEqual([true, false]);
    expect([13, 14].map((d) => meetsSinceArrival('>13', d))).toEqual([false, true]);
    expect(meetsSinceArrival(null, undefined)).toBe(true);
    expect(meetsSinceArrival('<14', undefined)).toBe(false);
  });

  it('a conditional row counts only for the days it names; the rows of a later period replace both', () => {
    const rules: Rule[] = [
      { category: 'close', policy: 'close-contact-14+7', from: '2021-05-11', source: '8th', local: false },
      { category: 'close', policy: 'guangxi-2021-close-lt14', from: '2021-08-01', source: 'seed 001', local: true, since_arrival: '<14' },
      { category: 'close', policy: 'guangxi-2021-close-ge14', from: '2021-08-01', source: 'seed 001', local: true, since_arrival: '>=14' },
      { category: 'close', policy: 'close-contact-7+3', from: '2022-06-28', source: '9th', local: false },
    ];
    expect(rulesInForce(rules, '2021-08-20', 13).get('close')?.policy).toBe('guangxi-2021-close-lt14');
    expect(rulesInForce(rules, '2021-08-20', 14).get('close')?.policy).toBe('guangxi-2021-close-ge14');
    expect(rulesInForce(rules, '2021-07-31', 13).get('close')?.policy).toBe('close-contact-14+7');
    expect(rulesInForce(rules, '2021-08-20').get('close')?.policy).toBe('close-contact-14+7');
    expect(rulesInForce(rules, '2022-06-28', 13).get('close')?.policy).toBe('close-contact-7+3');
    expect(rulesInForceAll(rules, '2021-08-20').map((r) => r.policy)).toEqual(['guangxi-2021-close-lt14', 'guangxi-2021-close-ge14']);
    expect(rulesInForceAll(rules, '2022-07-01').map((r) => r.policy)).toEqual(['close-contact-7+3']);
  });
});
