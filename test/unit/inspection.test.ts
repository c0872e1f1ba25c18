import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSPORTS } from '../../src/domain/arrival.js';
import { checksOn, DEFAULT_CHECKS, parseValidityHours, validateChecks, type Checks } from '../../src/domain/checks.js';
import {
  anomaliesOf, blocked, CHECKPOINT_KINDS, NO_FACTS, parseSampleTime, parseTemperature, parseTestAnswer, suggestedAction, TRANSPORT_OF_CHECKPOINT, validateInspection, verdictOf,
  type RegisterFacts,
} from '../../src/domain/inspection.js';
import { ROOT } from '../helpers.js';

const NOW = '2022-11-22T10:00';
const base = { code: 'green' as const, temperature: 36.5, travel_star: 0 as const, test_result: 'negative' as const, test_time: '2022-11-21T10:00', inspected_at: NOW };

/** The checks as shipped in data/checks.json. */
const SHIPPED = validateChecks(JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'checks.json'), 'utf8'))).periods!;
const on = (date: string, hours?: number): Checks => checksOn(SHIPPED, date, hours);

describe('the checks as dated data (data/checks.json)', () => {
  it('the shipped periods are valid; 48 hours, 37.3 °C and the star until 2022-06-28, then no star', () => {
    expect(SHIPPED.length).toBeGreaterThanOrEqual(2);
    expect(on('2022-06-28')).toMatchObject({ test_validity_hours: 48, travel_star: true, fever_celsius: 37.3, codes: { red: 'stop', yellow: 'refer', green: 'pass' }, local_validity: false });
    expect(on('2022-06-29')).toMatchObject({ from: '2022-06-29', test_validity_hours: 48, travel_star: false, fever_celsius: 37.3 });
    expect(on('2022-11-22', 72)).toMatchObject({ test_validity_hours: 72, local_validity: true, travel_star: false });
  });

  it('a county sets its own limit in whole hours, 1 to 168', () => {
    expect(parseValidityHours('24')).toBe(24);
    expect(parseValidityHours(' 72 ')).toBe(72);
    for (const bad of ['0', '169', '48.5', 'two days', '']) expect(parseValidityHours(bad)).toMatchObject({ field: 'test_validity_hours', code: 'validity_hours' });
  });

  it('a broken data file is said plainly', () => {
    expect(validateChecks({}).problems).toEqual(['no periods']);
    expect(validateChecks({ periods: [{ from: '2022-02-30', source: 's', test_validity_hours: 48, travel_star: true, fever_celsius: 37.3, codes: { red: 'stop', yellow: 'maybe', green: 'pass' } }] }).problems).toEqual([
      'period 2022-02-30: from is not a date',
      'period 2022-02-30: codes.yellow',
    ]);
  });
});

describe('anomaly rules (DOMAIN.md), at their boundaries', () => {
  it('a red or yellow code; a fever at 37.3 °C as measured: 37.2 and 37.25 are not, 37.3 is', () => {
    expect(anomaliesOf(base)).toEqual([]);
    expect(anomaliesOf({ ...base, code: 'red' })).toEqual(['red_code']);
    expect(anomaliesOf({ ...base, code: 'yellow' })).toEqual(['yellow_code']);
    expect(anomaliesOf({ ...base, temperature: 37.2 })).toEqual([]);
    expect(anomaliesOf({ ...base, temperature: 37.25 })).toEqual([]);
    expect(anomaliesOf({ ...base, temperature: 37.3 })).toEqual(['fever']);
    expect(anomaliesOf({ ...base, temperature: 37.31 })).toEqual(['fever']);
  });

  it('the travel-code star counts on 2022-06-28 and not from 2022-06-29', () => {
    const starred = { ...base, travel_star: 1 as const };
    expect(anomaliesOf({ ...starred, inspected_at: '2022-06-28T23:59', test_time: '2022-06-28T08:00' }, on('2022-06-28'))).toEqual(['travel_star']);
    expect(anomaliesOf({ ...starred, inspected_at: '2022-06-29T00:00', test_time: '2022-06-28T08:00' }, on('2022-06-29'))).toEqual([]);
  });

  it('a test exactly at the limit is valid, one minute past it is not: 48 h, and a county’s 72 h and 24 h', () => {
    expect(anomaliesOf({ ...base, test_time: '2022-11-20T10:00' }, on('2022-11-22'))).toEqual([]);
    expect(anomaliesOf({ ...base, test_time: '2022-11-20T09:59' }, on('2022-11-22'))).toEqual(['test_expired']);
    expect(anomaliesOf({ ...base, test_time: '2022-11-19T10:00' }, on('2022-11-22', 72))).toEqual([]);
    expect(anomaliesOf({ ...base, test_time: '2022-11-19T09:59' }, on('2022-11-22', 72))).toEqual(['test_expired']);
    expect(anomaliesOf({ ...base, test_time: '2022-11-21T10:00' }, on('2022-11-22', 24))).toEqual([]);
    expect(anomaliesOf({ ...base, test_time: '2022-11-21T09:59' }, on('2022-11-22', 24))).toEqual(['test_expired']);
  });

  it('a result with no sampling time is "test time unknown"; no test information at all, or none, is no_test; a positive', () => {
    expect(anomaliesOf({ ...base, test_time: null })).toEqual(['test_time_unknown']);
    expect(anomaliesOf({ ...base, test_result: null, test_time: null })).toEqual(['no_test']);
    expect(anomaliesOf({ ...base, test_result: 'none', test_time: null })).toEqual(['no_test']);
    // a sampling time with no result stated is judged by its age
    expect(anomaliesOf({ ...base, test_result: null, test_time: '2022-11-21T10:00' })).toEqual([]);
    expect(anomaliesOf({ ...base, test_result: 'positive' })).toEqual(['test_positive']);
  });

  it('what the register knows: a positive on record, each phase kind', () => {
    const facts = (f: Partial<RegisterFacts>): RegisterFacts => ({ ...NO_FACTS, ...f });
    const phase = (kind: 'centralized' | 'home_quarantine' | 'health_monitoring') => facts({ phase: { kind, day: 2, site: kind === 'centralized' ? '党校' : null, policy: 'p', measure_id: 1 } });
    expect(anomaliesOf(base, DEFAULT_CHECKS, facts({ positive: { test_date: '2022-11-21', decision: null } }))).toEqual(['positive_on_record']);
    expect(anomaliesOf(base, DEFAULT_CHECKS, phase('centralized'))).toEqual(['in_centralized']);
    expect(anomaliesOf(base, DEFAULT_CHECKS, phase('home_quarantine'))).toEqual(['in_home_quarantine']);
    expect(anomaliesOf(base, DEFAULT_CHECKS, phase('health_monitoring'))).toEqual(['home_monitoring']);
    // a positive ruled out on retest is shown, and stops no one
    expect(anomaliesOf(base, DEFAULT_CHECKS, facts({ cleared: { test_date: '2022-11-21', note: '复检阴性' } }))).toEqual([]);
  });
});

describe('the verdict', () => {
  it('not let through: a red code, a fever, a positive (at the checkpoint or on record), a quarantine phase', () => {
    for (const a of [['red_code'], ['fever'], ['test_positive'], ['positive_on_record'], ['in_centralized'], ['in_home_quarantine']] as const) {
      expect(blocked(a), a[0]).toBe(true);
      expect(verdictOf(a).verdict, a[0]).toBe('stop');
    }
    expect(blocked(['yellow_code', 'travel_star', 'no_test', 'test_expired', 'test_time_unknown', 'home_monitoring'])).toBe(false);
  });

  it('the action: a positive is transferred (notify the health authority and the township), quarantine returned (notify the township), a red code quarantined', () => {
    expect(verdictOf(['positive_on_record'])).toEqual({ verdict: 'stop', suggested_action: 'transfer', restrictions: [], notify: ['health', 'township'] });
    expect(verdictOf(['test_positive', 'in_centralized'])).toMatchObject({ suggested_action: 'transfer' });
    expect(verdictOf(['in_centralized'])).toEqual({ verdict: 'stop', suggested_action: 'return', restrictions: [], notify: ['township'] });
    expect(verdictOf(['red_code', 'in_home_quarantine'])).toMatchObject({ verdict: 'stop', suggested_action: 'return', notify: ['township'] });
    expect(verdictOf(['red_code', 'fever'])).toMatchObject({ verdict: 'stop', suggested_action: 'quarantine', notify: [] });
    expect(verdictOf(['yellow_code'])).toMatchObject({ verdict: 'refer', suggested_action: 'refer' });
    expect(verdictOf([])).toMatchObject({ verdict: 'pass', suggested_action: 'pass' });
    expect(suggestedAction(['fever'])).toBe('refer');
  });

  it('home health monitoring: let through for necessities with the restrictions; at a station, airport or port no public transport', () => {
    const all = ['necessities_only', 'no_public_transport', 'no_crowded_places'];
    expect(verdictOf(['home_monitoring'], DEFAULT_CHECKS, 'road')).toEqual({ verdict: 'restricted', suggested_action: 'refer', restrictions: all, notify: [] });
    for (const kind of ['rail', 'bus', 'airport', 'port'] as const) {
      expect(verdictOf(['home_monitoring'], DEFAULT_CHECKS, kind), kind).toEqual({ verdict: 'stop', suggested_action: 'refer', restrictions: all, notify: ['township'] });
    }
  });

  it('overrides: pass is refused for a stop whatever the reason; any other change of action needs a reason when one is required', () => {
    const q: RegisterFacts = { ...NO_FACTS, phase: { kind: 'centralized', day: 3, site: '党校', policy: 'close-contact-5+3', measure_id: 1 } };
    const m: RegisterFacts = { ...NO_FACTS, phase: { kind: 'health_monitoring', day: 1, site: null, policy: 'p', measure_id: 2 } };
    const input = { id_number: '11010519491231002X', code: 'green', test_result: 'negative', test_time: '2022-11-22 08:00', temperature: '36.5' };
    const judge = (over: object, facts: RegisterFacts, kind: 'road' | 'rail' = 'road', reason?: string) =>
      validateInspection({ ...input, ...over }, NOW, NOW, { facts: () => facts, checkpointKind: kind, reason, requireReason: true });
    expect(judge({ action: 'pass' }, q, 'road', '他说有急事').problems).toEqual([{ field: 'action', code: 'not_let_through', params: { anomalies: 'in_centralized' } }]);
    expect(judge({ action: 'pass' }, { ...NO_FACTS, positive: { test_date: '2022-11-21', decision: 'confirmed' } }, 'road', 'x').problems[0]).toMatchObject({ code: 'not_let_through' });
    expect(judge({}, q).record).toMatchObject({ verdict: 'stop', action: 'return', suggested_action: 'return', override_reason: null });
    // another action than the suggested one: with a reason it is taken, without one refused
    expect(judge({ action: 'refer' }, q).problems).toEqual([{ field: 'reason', code: 'override_reason', params: { action: 'refer', suggested: 'return', anomalies: 'in_centralized' } }]);
    expect(judge({ action: 'refer' }, q, 'road', '送医院发热门诊').record).toMatchObject({ action: 'refer', suggested_action: 'return', override_reason: '送医院发热门诊' });
    // monitoring at a railway station: pass is an override the rules allow, with a reason
    expect(judge({ action: 'pass' }, m, 'rail').problems[0]).toMatchObject({ field: 'reason', code: 'override_reason' });
    expect(judge({ action: 'pass' }, m, 'rail', '抵达旅客，家属接站').record).toMatchObject({ verdict: 'stop', action: 'pass', override_reason: '抵达旅客，家属接站' });
    // an import records what was done: no reason required, but still no pass for a stop
    expect(validateInspection({ ...input, action: 'refer' }, NOW, NOW, { facts: () => q }).record).toMatchObject({ action: 'refer', override_reason: null });
    expect(validateInspection({ ...input, action: 'pass' }, NOW, NOW, { facts: () => q }).problems[0]).toMatchObject({ code: 'not_let_through' });
  });
});

describe('inspection validation', () => {
  it('normalises a good inspection and suggests the action', () => {
    const r = validateInspection({ id_number: '11010519491231002x', code: '绿码', temperature: '36.55', test_result: '阴性', test_time: '2022-11-21 08:00', time: '2022-11-22 09:30' }, NOW);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({ id_number: '11010519491231002X', code: 'green', temperature: 36.55, test_result: 'negative', test_time: '2022-11-21T08:00', inspected_at: '2022-11-22T09:30', inspected_date: '2022-11-22', action: 'pass', anomalies: [], passengers: 1, verdict: 'pass' });
  });
  it('refuses bad input, naming each field', () => {
    const codes = (input: Parameters<typeof validateInspection>[0]) => validateInspection(input, NOW).problems.map((p) => `${p.field}:${p.code}`);
    expect(codes({ code: 'green' })).toEqual(['id_number:id_or_vehicle']);
    expect(codes({ vehicle: 'A1', code: 'purple' })).toEqual(['code:enum']);
    expect(codes({ vehicle: 'A1', code: 'green', temperature: '30' })).toEqual(['temperature:temperature']);
    expect(codes({ vehicle: 'A1', code: 'green', temperature: '98.6' })).toEqual(['temperature:temperature']);
    expect(codes({ vehicle: 'A1', code: 'green', temperature: 'hot' })).toEqual(['temperature:temperature']);
    expect(codes({ vehicle: 'A1', code: 'green', time: '2022-11-22 10:01' })).toEqual(['time:date_future']);
    expect(codes({ vehicle: 'A1', code: 'green', time: '2022-11-21 10:00', test_time: '2022-11-21 11:00' })).toEqual(['test_time:test_after_inspection']);
    expect(codes({ vehicle: 'A1', code: 'green', passengers: '0' })).toEqual(['passengers:passengers']);
    expect(codes({ vehicle: 'A1', code: 'green', test_result: 'maybe' })).toEqual(['test_result:enum']);
    expect(codes({ id_number: '110105194912310021', code: 'green' })).toEqual(['id_number:id_check']);
    expect(codes({ vehicle: 'A1', code: 'red', action: 'pass' })).toEqual(['action:not_let_through']);
    expect(codes({ vehicle: 'A1', code: 'green', temperature: '38', action: 'pass' })).toEqual(['action:not_let_through']);
  });
  it('accepts any time of a past day when the latest time is that day’s end', () => {
    expect(validateInspection({ vehicle: 'A1', code: 'green', time: '2022-11-21 23:00' }, '2022-11-21T08:00', '2022-11-21T23:59').problems).toEqual([]);
  });
  it('judges by the checks of the inspection’s own date', () => {
    const input = { vehicle: 'A1', code: 'green', travel_star: true, test_result: 'negative', test_time: '2022-06-28 07:00' };
    const checks = (d: string) => on(d);
    expect(validateInspection({ ...input, time: '2022-06-28 09:00' }, '2022-06-30T10:00', '2022-06-30T10:00', { checks }).record!.anomalies).toEqual(['travel_star']);
    expect(validateInspection({ ...input, time: '2022-06-29 09:00' }, '2022-06-30T10:00', '2022-06-30T10:00', { checks }).record!.anomalies).toEqual([]);
  });
});

describe('temperature, the session’s answers, transport', () => {
  it('a temperature as measured: empty is none, a unit is allowed, never rounded, a reading outside 34–43 °C is refused', () => {
    expect(parseTemperature('')).toEqual({ value: null });
    expect(parseTemperature(undefined)).toEqual({ value: null });
    expect(parseTemperature(' 36.55 ')).toEqual({ value: 36.55 });
    expect(parseTemperature('37.25')).toEqual({ value: 37.25 });
    expect(parseTemperature('37.3℃')).toEqual({ value: 37.3 });
    expect(parseTemperature(36)).toEqual({ value: 36 });
    expect(parseTemperature('98.6')).toEqual({ problem: { field: 'temperature', code: 'temperature', params: { value: '98.6', min: 34, max: 43 } } });
    expect(parseTemperature('hot')).toMatchObject({ problem: { code: 'temperature' } });
  });

  it('a test answer and a sampling time as typed at a checkpoint', () => {
    expect(['1', '阴性', '阴', 'negative', '2', '阳', 'positive', '0', '无', 'none'].map(parseTestAnswer)).toEqual(['negative', 'negative', 'negative', 'negative', 'positive', 'positive', 'positive', 'none', 'none', 'none']);
    expect(parseTestAnswer('')).toBeNull();
    expect(parseTestAnswer('3')).toBeNull();
    expect(parseSampleTime('2022-11-21 09:00', '2022-11-22')).toBe('2022-11-21T09:00');
    expect(parseSampleTime('11-21 9:05', '2022-11-22')).toBe('2022-11-21T09:05');
    expect(parseSampleTime('07:30', '2022-11-22')).toBe('2022-11-22T07:30');
    expect(parseSampleTime('2022-11-21', '2022-11-22')).toBe('2022-11-21T00:00');
    expect(parseSampleTime('yesterday', '2022-11-22')).toBeNull();
    expect(parseSampleTime('02-30 08:00', '2022-11-22')).toBeNull();
  });

  it('every kind of checkpoint suggests a transport that an arrival takes', () => {
    for (const kind of CHECKPOINT_KINDS) expect(TRANSPORTS).toContain(TRANSPORT_OF_CHECKPOINT[kind]);
    expect(TRANSPORT_OF_CHECKPOINT.road).toBe('car');
    expect(TRANSPORT_OF_CHECKPOINT.airport).toBe('plane');
  });
});
