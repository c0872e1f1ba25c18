/**
 * Checkpoint inspections (查双码、验核酸、测体温): validation and the anomaly rules of DOMAIN.md.
 * An inspection is an anomaly when the health code is red or yellow, the temperature is 37.3 °C
 * or higher, the travel code is starred, or the latest negative test is older than the limit in
 * force (48 h by default). A red code or a fever is not let through.
 */
import type { Problem } from './errors.js';
import { parseIdNumber } from './idnumber.js';
import { parsePhone } from './phone.js';
import { hoursBetween, parseDateTime } from './dates.js';

export const CHECKPOINT_KINDS = ['road', 'rail', 'bus', 'airport', 'port', 'other'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];
/** How a checkpoint kind suggests the transport of an arrival registered from an inspection there. */
export const TRANSPORT_OF_CHECKPOINT = { road: 'car', rail: 'train', bus: 'bus', airport: 'plane', port: 'ship', other: 'other' } as const satisfies Record<CheckpointKind, string>;
export const CODES = ['green', 'yellow', 'red'] as const;
export type Code = (typeof CODES)[number];
export const TEST_RESULTS = ['negative', 'positive', 'none'] as const;
export type InspectionTestResult = (typeof TEST_RESULTS)[number];
export const ACTIONS = ['pass', 'refer', 'quarantine', 'turn_back'] as const;
export type Action = (typeof ACTIONS)[number];

export const FEVER_CELSIUS = 37.3;
export const DEFAULT_TEST_VALIDITY_HOURS = 48;
/** Readings outside this range are not a human temperature: a typo, or the wrong unit. */
export const TEMPERATURE_RANGE = { min: 34, max: 43 };

export const ANOMALIES = ['red_code', 'yellow_code', 'fever', 'travel_star', 'test_positive', 'test_expired', 'no_test'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

const CODE_ALIASES: Record<string, Code> = { green: 'green', 绿: 'green', 绿码: 'green', yellow: 'yellow', 黄: 'yellow', 黄码: 'yellow', red: 'red', 红: 'red', 红码: 'red' };
const RESULT_ALIASES: Record<string, InspectionTestResult> = { negative: 'negative', 阴性: 'negative', 阴: 'negative', positive: 'positive', 阳性: 'positive', 阳: 'positive', none: 'none', 无: 'none', 未检测: 'none', '': 'none' };
const ACTION_ALIASES: Record<string, Action> = { pass: 'pass', 放行: 'pass', 通过: 'pass', refer: 'refer', 转送: 'refer', 转诊: 'refer', 移交: 'refer', quarantine: 'quarantine', 隔离: 'quarantine', turn_back: 'turn_back', 劝返: 'turn_back', 返回: 'turn_back' };
const YES = new Set(['1', 'true', 'yes', 'y', '是', '有', '带星', '带星号', '*']);
const NO = new Set(['', '0', 'false', 'no', 'n', '否', '无', '不带星']);

export interface InspectionInput {
  checkpoint?: string;
  time?: string;
  id_number?: string;
  name?: string;
  phone?: string;
  vehicle?: string;
  passengers?: string | number;
  code?: string;
  travel_star?: string | boolean;
  test_time?: string;
  test_result?: string;
  temperature?: string | number;
  action?: string;
  origin?: string;
}

export interface InspectionRecord {
  inspected_at: string;
  inspected_date: string;
  id_number: string | null;
  name: string | null;
  phone: string | null;
  vehicle: string | null;
  passengers: number;
  code: Code;
  travel_star: 0 | 1;
  test_time: string | null;
  test_result: InspectionTestResult | null;
  temperature: number | null;
  action: Action;
  origin: string | null;
  anomalies: Anomaly[];
}


/** The anomalies of an inspection, by the rules of DOMAIN.md. */
export function anomaliesOf(r: Pick<InspectionRecord, 'code' | 'temperature' | 'travel_star' | 'test_result' | 'test_time' | 'inspected_at'>, validityHours = DEFAULT_TEST_VALIDITY_HOURS): Anomaly[] {
  const out: Anomaly[] = [];
  if (r.code === 'red') out.push('red_code');
  if (r.code === 'yellow') out.push('yellow_code');
  if (r.temperature !== null && r.temperature >= FEVER_CELSIUS) out.push('fever');
  if (r.travel_star) out.push('travel_star');
  if (r.test_result === 'positive') out.push('test_positive');
  else if (r.test_result === 'none') out.push('no_test');
  else if (r.test_result === 'negative' && r.test_time && hoursBetween(r.test_time, r.inspected_at) > validityHours) out.push('test_expired');
  else if (r.test_result === null && r.test_time && hoursBetween(r.test_time, r.inspected_at) > validityHours) out.push('test_expired');
  return out;
}

/** Whether the person may not be let through: a red code, a fever or a positive test. */
export function blocked(anomalies: Anomaly[]): boolean {
  return anomalies.includes('red_code') || anomalies.includes('fever') || anomalies.includes('test_positive');
}

/** The action the rules suggest. */
export function suggestedAction(anomalies: Anomaly[]): Action {
  if (anomalies.includes('red_code') || anomalies.includes('test_positive')) return 'quarantine';
  if (anomalies.length > 0) return 'refer';
  return 'pass';
}

/** A temperature as typed ("36.5", "36.5℃"): none when empty, else a human reading to 0.1 °C, or the problem. */
export function parseTemperature(raw: string | number | undefined): { value: number | null } | { problem: Problem } {
  const text = String(raw ?? '').trim();
  if (!text) return { value: null };
  const n = Number(text.replace(/℃|°C?$/i, ''));
  if (!Number.isFinite(n) || n < TEMPERATURE_RANGE.min || n > TEMPERATURE_RANGE.max) {
    return { problem: { field: 'temperature', code: 'temperature', params: { value: text, ...TEMPERATURE_RANGE } } };
  }
  return { value: Math.round(n * 10) / 10 };
}

function toDateTime(raw: string): string | null {
  const d = parseDateTime(raw);
  return d ? `${d.date}T${d.time ?? '00:00'}` : null;
}

/**
 * Validates an inspection. `now` ('YYYY-MM-DDTHH:MM') is the default inspection time and
 * `latest` the latest time accepted (default `now`). Returns every problem found.
 */
export function validateInspection(input: InspectionInput, now: string, latest = now, validityHours = DEFAULT_TEST_VALIDITY_HOURS): { record?: InspectionRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const text = (v: string | undefined) => (v ?? '').trim() || null;

  let at = now;
  const rawTime = text(input.time);
  if (rawTime) {
    const t = toDateTime(rawTime);
    if (!t) problems.push({ field: 'time', code: 'date', params: { value: rawTime } });
    else if (t > latest) problems.push({ field: 'time', code: 'date_future', params: { value: rawTime, today: latest.replace('T', ' ') } });
    else at = t;
  }

  let idNumber: string | null = null;
  const rawId = text(input.id_number);
  if (rawId) {
    const r = parseIdNumber(rawId, now.slice(0, 10));
    if (r.ok) idNumber = r.value.idNumber;
    else problems.push(r.problem);
  }
  const vehicle = text(input.vehicle);
  if (!idNumber && !vehicle && !rawId) problems.push({ field: 'id_number', code: 'id_or_vehicle' });
  if (vehicle && vehicle.length > 30) problems.push({ field: 'vehicle', code: 'too_long', params: { max: 30 } });

  let phone: string | null = null;
  const rawPhone = text(input.phone);
  if (rawPhone) {
    const p = parsePhone(rawPhone);
    if (p.ok) phone = p.value;
    else problems.push(p.problem);
  }
  const name = text(input.name);
  if (name && name.length > 50) problems.push({ field: 'name', code: 'too_long', params: { max: 50 } });

  let passengers = 1;
  const rawPass = String(input.passengers ?? '').trim();
  if (rawPass) {
    if (!/^\d{1,3}$/.test(rawPass) || Number(rawPass) < 1) problems.push({ field: 'passengers', code: 'passengers', params: { value: rawPass } });
    else passengers = Number(rawPass);
  }

  const rawCode = text(input.code) ?? '';
  const code = CODE_ALIASES[rawCode.toLowerCase()];
  if (!rawCode) problems.push({ field: 'code', code: 'required' });
  else if (!code) problems.push({ field: 'code', code: 'enum', params: { value: rawCode, allowed: CODES.join('|') } });

  let star: 0 | 1 = 0;
  if (typeof input.travel_star === 'boolean') star = input.travel_star ? 1 : 0;
  else {
    const s = String(input.travel_star ?? '').trim().toLowerCase();
    if (YES.has(s)) star = 1;
    else if (!NO.has(s)) problems.push({ field: 'travel_star', code: 'yes_no', params: { value: s } });
  }

  let testTime: string | null = null;
  const rawTest = text(input.test_time);
  if (rawTest) {
    const t = toDateTime(rawTest);
    if (!t) problems.push({ field: 'test_time', code: 'date', params: { value: rawTest } });
    else if (t > at) problems.push({ field: 'test_time', code: 'test_after_inspection', params: { value: rawTest } });
    else testTime = t;
  }
  let testResult: InspectionTestResult | null = null;
  const rawResult = input.test_result === undefined ? null : input.test_result.trim().toLowerCase();
  if (rawResult !== null && rawResult !== '') {
    testResult = RESULT_ALIASES[rawResult] ?? null;
    if (!testResult) problems.push({ field: 'test_result', code: 'enum', params: { value: rawResult, allowed: TEST_RESULTS.join('|') } });
  }

  const temp = parseTemperature(input.temperature);
  if ('problem' in temp) problems.push(temp.problem);
  const temperature = 'value' in temp ? temp.value : null;

  let action: Action | null = null;
  const rawAction = text(input.action);
  if (rawAction) {
    action = ACTION_ALIASES[rawAction.toLowerCase()] ?? null;
    if (!action) problems.push({ field: 'action', code: 'enum', params: { value: rawAction, allowed: ACTIONS.join('|') } });
  }
  const origin = text(input.origin);
  if (problems.length > 0) return { problems };

  const base = { code: code!, temperature, travel_star: star, test_result: testResult, test_time: testTime, inspected_at: at };
  const anomalies = anomaliesOf(base, validityHours);
  if (action === 'pass' && blocked(anomalies)) {
    return { problems: [{ field: 'action', code: 'not_let_through', params: { anomalies: anomalies.join(',') } }] };
  }
  return {
    problems,
    record: {
      ...base,
      inspected_date: at.slice(0, 10),
      id_number: idNumber,
      name,
      phone,
      vehicle,
      passengers,
      action: action ?? suggestedAction(anomalies),
      origin,
      anomalies,
    },
  };
}
