import { describe, expect, it } from 'vitest';
import { TRANSPORTS } from '../../src/domain/arrival.js';
import { anomaliesOf, blocked, CHECKPOINT_KINDS, parseTemperature, suggestedAction, TRANSPORT_OF_CHECKPOINT, validateInspection } from '../../src/domain/inspection.js';

const NOW = '2022-11-22T10:00';
const base = { code: 'green' as const, temperature: 36.5, travel_star: 0 as const, test_result: null, test_time: null, inspected_at: NOW };

describe('anomaly rules (DOMAIN.md)', () => {
  it('red or yellow code, 37.3 °C or more, a starred travel code', () => {
    expect(anomaliesOf(base)).toEqual([]);
    expect(anomaliesOf({ ...base, code: 'red' })).toEqual(['red_code']);
    expect(anomaliesOf({ ...base, code: 'yellow' })).toEqual(['yellow_code']);
    expect(anomaliesOf({ ...base, temperature: 37.2 })).toEqual([]);
    expect(anomaliesOf({ ...base, temperature: 37.3 })).toEqual(['fever']);
    expect(anomaliesOf({ ...base, travel_star: 1 })).toEqual(['travel_star']);
  });

  it('a negative test older than 48 hours, no test, a positive test', () => {
    expect(anomaliesOf({ ...base, test_result: 'negative', test_time: '2022-11-20T10:00' })).toEqual([]);
    expect(anomaliesOf({ ...base, test_result: 'negative', test_time: '2022-11-20T09:59' })).toEqual(['test_expired']);
    expect(anomaliesOf({ ...base, test_result: 'negative', test_time: '2022-11-20T09:00' }, 72)).toEqual([]);
    expect(anomaliesOf({ ...base, test_result: 'none' })).toEqual(['no_test']);
    expect(anomaliesOf({ ...base, test_result: 'positive' })).toEqual(['test_positive']);
  });

  it('a red code, a fever or a positive test is not let through; the rules suggest an action', () => {
    expect(blocked(['red_code'])).toBe(true);
    expect(blocked(['fever'])).toBe(true);
    expect(blocked(['test_positive'])).toBe(true);
    expect(blocked(['yellow_code', 'travel_star'])).toBe(false);
    expect(blocked(['no_test', 'test_expired'])).toBe(false);
    expect(suggestedAction([])).toBe('pass');
    expect(suggestedAction(['yellow_code'])).toBe('refer');
    expect(suggestedAction(['fever'])).toBe('refer');
    expect(suggestedAction(['red_code', 'fever'])).toBe('quarantine');
  });
});

describe('inspection validation', () => {
  it('normalises a good inspection and suggests the action', () => {
    const r = validateInspection({ id_number: '11010519491231002x', code: '绿码', temperature: '36.55', test_result: '阴性', test_time: '2022-11-21 08:00', time: '2022-11-22 09:30' }, NOW);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({ id_number: '11010519491231002X', code: 'green', temperature: 36.6, test_result: 'negative', test_time: '2022-11-21T08:00', inspected_at: '2022-11-22T09:30', inspected_date: '2022-11-22', action: 'pass', anomalies: [], passengers: 1 });
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
});

describe('temperature and transport', () => {
  it('a temperature as typed: empty is none, a unit is allowed, a reading outside 34–43 °C is refused', () => {
    expect(parseTemperature('')).toEqual({ value: null });
    expect(parseTemperature(undefined)).toEqual({ value: null });
    expect(parseTemperature(' 36.55 ')).toEqual({ value: 36.6 });
    expect(parseTemperature('37.3℃')).toEqual({ value: 37.3 });
    expect(parseTemperature(36)).toEqual({ value: 36 });
    expect(parseTemperature('98.6')).toEqual({ problem: { field: 'temperature', code: 'temperature', params: { value: '98.6', min: 34, max: 43 } } });
    expect(parseTemperature('hot')).toMatchObject({ problem: { code: 'temperature' } });
  });

  it('every kind of checkpoint suggests a transport that an arrival takes', () => {
    for (const kind of CHECKPOINT_KINDS) expect(TRANSPORTS).toContain(TRANSPORT_OF_CHECKPOINT[kind]);
    expect(TRANSPORT_OF_CHECKPOINT.road).toBe('car');
    expect(TRANSPORT_OF_CHECKPOINT.airport).toBe('plane');
  });
});
