/**
 * Issue 24 in the pure domain: a region code is the place it names (440105, 810000/820000/710000),
 * the checks of 2022-12-07 (no code, no test certificate; a fever and a positive still count), and
 * what an origin requiring a measure does to a verdict (referred, the township told, pass refused).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { riskOf } from '../../src/domain/area.js';
import { checksOn, validateChecks, type Checks } from '../../src/domain/checks.js';
import { anomaliesOf, NO_FACTS, validateInspection, verdictOf, type OriginFacts } from '../../src/domain/inspection.js';
import { isInbound, placeColumns, resolvePlace } from '../../src/domain/places.js';
import { categoryOf } from '../../src/domain/policy.js';
import { ROOT } from '../helpers.js';

const SHIPPED = validateChecks(JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'checks.json'), 'utf8'))).periods!;
const on = (date: string): Checks => checksOn(SHIPPED, date);
const HIGH: OriginFacts = { origin: '440105', place: '广东省广州市海珠区', category: 'high', risk_area: '广东省广州市海珠区', policy: { id: 'high-risk-area-7', name: { zh: '高风险区来返 7天居家隔离', en: 'Left a high-risk area: 7 d home quarantine' } }, arrival_id: null };

describe('a region code is the place it names', () => {
  it('440105 is 广州市海珠区, 440100 广州市, 440000 广东省; HK, Macao, Taiwan by code are inbound', () => {
    expect(resolvePlace('440105')).toEqual({ status: 'domestic', code: '440105', name: '广东省广州市海珠区', level: 'county', rest: '' });
    expect(resolvePlace(' 440100 ')).toMatchObject({ status: 'domestic', code: '440100', level: 'city' });
    expect(resolvePlace('440000')).toMatchObject({ status: 'domestic', code: '440000', level: 'province' });
    expect(resolvePlace('810000')).toEqual({ status: 'inbound', code: '810000', name: '香港特别行政区', country: 'HK', rest: '' });
    expect(resolvePlace('820000')).toMatchObject({ status: 'inbound', country: 'MO' });
    expect(resolvePlace('710000')).toMatchObject({ status: 'inbound', country: 'TW' });
    for (const c of ['810000', '820000', '710000']) expect(isInbound(c), c).toBe(true);
    expect(categoryOf('none', '810000', 'low', [])).toBe('inbound');
    expect(placeColumns('440105')).toEqual({ code: '440105', name: '广东省广州市海珠区' });
  });

  it('a code no division has, or not six digits, is no place', () => {
    for (const t of ['999999', '440199', '44010', '4401050']) expect(resolvePlace(t).status, t).toBe('unknown');
    expect(placeColumns('999999')).toEqual({ code: null, name: null });
  });

  it('an origin given as a code is in the risk area of its district, city or province, on the area’s days only', () => {
    const areas = [{ region: '广东省广州市', level: 'high' as const, valid_from: '2022-11-18', valid_to: '2022-11-25' }];
    expect(riskOf('440105', areas, '2022-11-17').level).toBe('low');
    expect(riskOf('440105', areas, '2022-11-18').level).toBe('high');
    expect(riskOf('440105', areas, '2022-11-25').level).toBe('high');
    expect(riskOf('440105', areas, '2022-11-26').level).toBe('low');
    expect(riskOf('440305', areas, '2022-11-20').level).toBe('low');
  });
});

describe('the checks of 2022-12-07', () => {
  const at = (d: string) => ({ code: 'green' as const, temperature: 36.5, travel_star: 0 as const, test_result: null, test_time: null, inspected_at: d });
  it('until 2022-12-06 a missing test and a yellow code are anomalies, a red code stops; from 2022-12-07 none is checked', () => {
    expect(on('2022-12-06')).toMatchObject({ test_check: true, codes: { red: 'stop', yellow: 'refer' } });
    expect(on('2022-12-07')).toMatchObject({ from: '2022-12-07', test_check: false, travel_star: false, fever_celsius: 37.3, codes: { red: 'pass', yellow: 'pass', green: 'pass' } });
    expect(anomaliesOf(at('2022-12-06T23:59'), on('2022-12-06'))).toEqual(['no_test']);
    expect(anomaliesOf(at('2022-12-07T00:00'), on('2022-12-07'))).toEqual([]);
    expect(anomaliesOf({ ...at('2022-12-06T23:59'), code: 'red' }, on('2022-12-06'))).toEqual(['red_code', 'no_test']);
    expect(anomaliesOf({ ...at('2022-12-07T00:00'), code: 'red' }, on('2022-12-07'))).toEqual([]);
    expect(anomaliesOf({ ...at('2022-12-07T00:00'), test_result: 'negative', test_time: '2022-11-01T00:00' } as never, on('2022-12-07'))).toEqual([]);
  });

  it('from 2022-12-07 a fever and a positive test still count', () => {
    expect(anomaliesOf({ ...at('2022-12-07T08:00'), temperature: 37.3 }, on('2022-12-07'))).toEqual(['fever']);
    expect(anomaliesOf({ ...at('2022-12-07T08:00'), temperature: 37.25 }, on('2022-12-07'))).toEqual([]);
    expect(anomaliesOf({ ...at('2022-12-07T08:00'), test_result: 'positive' } as never, on('2022-12-07'))).toEqual(['test_positive']);
  });

  it('an older checks file without test_check still checks tests; a wrong type is said', () => {
    const p = { from: '2020-01-01', source: 'x', test_validity_hours: 48, travel_star: true, fever_celsius: 37.3, codes: { red: 'stop', yellow: 'refer', green: 'pass' } };
    expect(validateChecks({ periods: [p] }).periods![0].test_check).toBe(true);
    expect(validateChecks({ periods: [{ ...p, test_check: 'no' }] }).problems).toEqual(['period 2020-01-01: test_check']);
  });
});

describe('an origin that requires a measure', () => {
  it('is an anomaly referred to the township, never a plain pass; not while a measure is in force', () => {
    const r = { code: 'green' as const, temperature: 36.5, travel_star: 0 as const, test_result: 'negative' as const, test_time: '2022-11-22T07:00', inspected_at: '2022-11-22T09:00' };
    const a = anomaliesOf(r, on('2022-11-22'), NO_FACTS, HIGH);
    expect(a).toEqual(['origin_measure']);
    expect(verdictOf(a, on('2022-11-22'))).toEqual({ verdict: 'refer', suggested_action: 'refer', restrictions: [], notify: ['township'] });
    const phase = { ...NO_FACTS, phase: { kind: 'home_quarantine' as const, day: 2, site: null, policy: 'high-risk-area-7', measure_id: 1 } };
    expect(anomaliesOf(r, on('2022-11-22'), phase, HIGH)).toEqual(['in_home_quarantine']);
    expect(anomaliesOf(r, on('2022-11-22'), NO_FACTS, null)).toEqual([]);
  });

  it('validateInspection asks what the origin requires, refuses pass for it, and keeps the facts', () => {
    const asked: Array<[string | null, string | null, string]> = [];
    const origin = (who: { idNumber: string | null; origin: string | null }, date: string) => (asked.push([who.idNumber, who.origin, date]), who.origin === '440105' ? HIGH : null);
    const input = { vehicle: '粤A1', code: 'green', test_result: 'negative', test_time: '2022-11-22 07:00', time: '2022-11-22 09:00', origin: '440105' };
    const ok = validateInspection(input, '2022-11-22T10:00', '2022-11-22T10:00', { checks: on, origin });
    expect(ok.record).toMatchObject({ anomalies: ['origin_measure'], action: 'refer', origin_facts: HIGH, notify: ['township'] });
    expect(asked).toEqual([[null, '440105', '2022-11-22']]);
    const pass = validateInspection({ ...input, action: 'pass' }, '2022-11-22T10:00', '2022-11-22T10:00', { checks: on, origin, reason: '路过' });
    expect(pass.problems).toEqual([{ field: 'action', code: 'not_let_through', params: { anomalies: 'origin_measure' } }]);
    const low = validateInspection({ ...input, origin: '北京市' }, '2022-11-22T10:00', '2022-11-22T10:00', { checks: on, origin });
    expect(low.record).toMatchObject({ anomalies: [], action: 'pass', origin_facts: null });
    // neither an ID number nor an origin: nothing to ask
    asked.length = 0;
    validateInspection({ vehicle: '粤A2', code: 'green', test_result: 'negative', test_time: '2022-11-22 07:00' }, '2022-11-22T10:00', '2022-11-22T10:00', { checks: on, origin });
    expect(asked).toEqual([]);
  });
});
