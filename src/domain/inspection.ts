/**
 * Checkpoint inspections (查双码、验核酸、测体温): validation, the anomaly rules and the verdict of
 * DOMAIN.md. What the checks are on a date (the test-age limit, the travel-code star, the fever
 * threshold, what each code colour means) is dated data (domain/checks.ts, data/checks.json);
 * what the register knows of the person (an unresolved positive, the phase they are in) counts
 * too: a positive on record or a phase that forbids going out is not let through, whatever the
 * codes say, and `--action pass` cannot change that.
 */
import type { Problem } from './errors.js';
import { parsePersonNumber } from './document.js';
import { parsePhone } from './phone.js';
import { hoursBetween, parseDateTime } from './dates.js';
import { DEFAULT_CHECKS, type Checks } from './checks.js';
import type { Category, PhaseKind } from './policy.js';

export const CHECKPOINT_KINDS = ['road', 'rail', 'bus', 'airport', 'port', 'other'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];
/** Checkpoints where people board public transport: a person under monitoring may not. */
export const PUBLIC_TRANSPORT_CHECKPOINTS: readonly CheckpointKind[] = ['rail', 'bus', 'airport', 'port'];
/** How a checkpoint kind suggests the transport of an arrival registered from an inspection there. */
export const TRANSPORT_OF_CHECKPOINT = { road: 'car', rail: 'train', bus: 'bus', airport: 'plane', port: 'ship', other: 'other' } as const satisfies Record<CheckpointKind, string>;
export const CODES = ['green', 'yellow', 'red'] as const;
export type Code = (typeof CODES)[number];
export const TEST_RESULTS = ['negative', 'positive', 'none'] as const;
export type InspectionTestResult = (typeof TEST_RESULTS)[number];
/** transfer: a positive, to the designated hospital; return: back to the quarantine site or home. */
export const ACTIONS = ['pass', 'refer', 'quarantine', 'turn_back', 'transfer', 'return'] as const;
export type Action = (typeof ACTIONS)[number];

export const FEVER_CELSIUS = DEFAULT_CHECKS.fever_celsius;
export const DEFAULT_TEST_VALIDITY_HOURS = DEFAULT_CHECKS.test_validity_hours;
/** Readings outside this range are not a human temperature: a typo, or the wrong unit. */
export const TEMPERATURE_RANGE = { min: 34, max: 43 };

export const ANOMALIES = [
  'red_code', 'yellow_code', 'fever', 'travel_star', 'test_positive', 'test_expired', 'no_test',
  // a result with no sampling time: its age cannot be checked
  'test_time_unknown',
  // what the register knows
  'positive_on_record', 'in_centralized', 'in_home_quarantine', 'home_monitoring',
  // what is known of the origin: the rule table requires a measure for it (issue 24)
  'origin_measure',
] as const;
export type Anomaly = (typeof ANOMALIES)[number];

/** Anomalies that nothing lets through: `--action pass` is refused for them, with or without a reason. */
const STOPPING: ReadonlySet<Anomaly> = new Set(['fever', 'test_positive', 'positive_on_record', 'in_centralized', 'in_home_quarantine']);

/** What the verdict is: let through, referred (an anomaly), let through with restrictions, or not let through. */
export const VERDICTS = ['pass', 'refer', 'restricted', 'stop'] as const;
export type VerdictKind = (typeof VERDICTS)[number];
export const RESTRICTIONS = ['necessities_only', 'no_public_transport', 'no_crowded_places'] as const;
export type Restriction = (typeof RESTRICTIONS)[number];
/** Who is told: the person's township, the health authority (卫健、疾控). */
export type Notify = 'township' | 'health';

export type Decision = 'confirmed' | 'false_positive' | 'transferred';

/** What the register knows of a person on the day of an inspection. */
export interface RegisterFacts {
  /** Their latest positive result up to that day not ruled out as false, decided or not. */
  positive: { test_date: string; decision: Exclude<Decision, 'false_positive'> | null } | null;
  /** Their latest positive ruled out as a false positive (shown, it stops no one). */
  cleared: { test_date: string; note: string | null } | null;
  /** The phase of their measure in force that day. */
  phase: { kind: PhaseKind; day: number; site: string | null; policy: string; measure_id: number } | null;
}

export const NO_FACTS: RegisterFacts = { positive: null, cleared: null, phase: null };

/**
 * What the person's origin requires on the day of the inspection, when the rule table chooses a
 * measure with phases for it (a high-risk area, abroad, a close contact) and the person is not
 * under it yet: the township takes them over (转交属地). Found by services/inspection.ts.
 */
export interface OriginFacts {
  /** The origin as written, and the place it resolves to (or null). */
  origin: string;
  place: string | null;
  category: Category;
  /** The risk area that set the level, if any. */
  risk_area: string | null;
  policy: { id: string; name: { zh: string; en: string } };
  /** The arrival it was judged from, or null: from the origin the checkpoint recorded. */
  arrival_id: number | null;
}

const CODE_ALIASES: Record<string, Code> = { green: 'green', 绿: 'green', 绿码: 'green', yellow: 'yellow', 黄: 'yellow', 黄码: 'yellow', red: 'red', 红: 'red', 红码: 'red' };
const RESULT_ALIASES: Record<string, InspectionTestResult> = { negative: 'negative', 阴性: 'negative', 阴: 'negative', positive: 'positive', 阳性: 'positive', 阳: 'positive', none: 'none', 无: 'none', 未检测: 'none', '': 'none' };
const ACTION_ALIASES: Record<string, Action> = {
  pass: 'pass', 放行: 'pass', 通过: 'pass', refer: 'refer', 转送: 'refer', 转诊: 'refer', 移交: 'refer', quarantine: 'quarantine', 隔离: 'quarantine', turn_back: 'turn_back', 劝返: 'turn_back', 返回: 'turn_back',
  transfer: 'transfer', 转运: 'transfer', return: 'return', 送返: 'return',
};
/** The words files and officers write for a code, a test result and an action (绿, 阴, 劝返 …): the value, or null. */
export function normaliseCode(raw: string): Code | null {
  return CODE_ALIASES[raw.trim().toLowerCase()] ?? null;
}
export function normaliseTestResult(raw: string): InspectionTestResult | null {
  return RESULT_ALIASES[raw.trim().toLowerCase()] ?? null;
}
export function normaliseAction(raw: string): Action | null {
  return ACTION_ALIASES[raw.trim().toLowerCase()] ?? null;
}

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

/** An inspection as stored. */
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
  /** Why the officer acted otherwise than the rules suggest (audited). */
  override_reason: string | null;
}

/** An inspection with its verdict: what the rules say, and what was done. */
export interface JudgedInspection extends InspectionRecord {
  verdict: VerdictKind;
  /** The action the rules suggest; `action` differs from it only with a reason. */
  suggested_action: Action;
  restrictions: Restriction[];
  notify: Notify[];
  /** What the register knew of the person that day. */
  register: RegisterFacts;
  /** What their origin requires that day, when it is a measure they are not under yet. */
  origin_facts: OriginFacts | null;
  /** The checks in force that day. */
  checks: { test_validity_hours: number; travel_star: boolean; test_check: boolean; fever_celsius: number; measures: boolean };
}

type Judged = Pick<InspectionRecord, 'code' | 'temperature' | 'travel_star' | 'test_result' | 'test_time' | 'inspected_at'>;

/** The anomalies of an inspection, by the checks in force and what the register knows (DOMAIN.md). */
export function anomaliesOf(r: Judged, checks: Checks = DEFAULT_CHECKS, facts: RegisterFacts = NO_FACTS, origin: OriginFacts | null = null): Anomaly[] {
  const out: Anomaly[] = [];
  if (r.code === 'red' && checks.codes.red !== 'pass') out.push('red_code');
  if (r.code === 'yellow' && checks.codes.yellow !== 'pass') out.push('yellow_code');
  // as measured: 37.25 is below 37.3
  if (r.temperature !== null && r.temperature >= checks.fever_celsius) out.push('fever');
  if (r.travel_star && checks.travel_star) out.push('travel_star');
  if (r.test_result === 'positive') out.push('test_positive');
  // from 2022-12-07 no test certificate is checked: its absence or its age is no anomaly
  else if (checks.test_check) {
    if (r.test_result === 'none' || (r.test_result === null && !r.test_time)) out.push('no_test');
    else if (!r.test_time) out.push('test_time_unknown');
    else if (hoursBetween(r.test_time, r.inspected_at) > checks.test_validity_hours) out.push('test_expired');
  }
  if (facts.positive) out.push('positive_on_record');
  // once the rules end every measure, a measure left on the register stops no one
  const phase = checks.measures === false ? null : facts.phase;
  if (phase?.kind === 'centralized') out.push('in_centralized');
  else if (phase?.kind === 'home_quarantine') out.push('in_home_quarantine');
  else if (phase?.kind === 'health_monitoring') out.push('home_monitoring');
  // not under a measure that day, but their origin requires one: never a plain pass
  if (origin && !facts.phase) out.push('origin_measure');
  return out;
}

/** Whether the anomalies stop the person whatever the action asked for (a red code by the checks of the day). */
export function stopping(anomalies: readonly Anomaly[], checks: Checks = DEFAULT_CHECKS): Anomaly[] {
  return anomalies.filter((a) => STOPPING.has(a) || (a === 'red_code' && checks.codes.red === 'stop') || (a === 'yellow_code' && checks.codes.yellow === 'stop'));
}

/** Whether the person may not be let through, on the anomalies alone (a red code, a fever, a positive, a quarantine phase). */
export function blocked(anomalies: readonly Anomaly[]): boolean {
  return stopping(anomalies).length > 0;
}

/** The action the rules suggest: a positive is transferred, someone in quarantine returned, a red code quarantined, any other anomaly referred. */
export function suggestedAction(anomalies: readonly Anomaly[]): Action {
  if (anomalies.includes('test_positive') || anomalies.includes('positive_on_record')) return 'transfer';
  if (anomalies.includes('in_centralized') || anomalies.includes('in_home_quarantine')) return 'return';
  if (anomalies.includes('red_code')) return 'quarantine';
  if (anomalies.length > 0) return 'refer';
  return 'pass';
}

/**
 * The verdict: not let through for a stopping anomaly (and, at a station, airport or port, for
 * someone under home health monitoring, who may not take public transport); let through with
 * restrictions under monitoring elsewhere; referred for any other anomaly; else let through.
 */
export function verdictOf(anomalies: readonly Anomaly[], checks: Checks = DEFAULT_CHECKS, kind: CheckpointKind = 'road'): Pick<JudgedInspection, 'verdict' | 'suggested_action' | 'restrictions' | 'notify'> {
  const monitoring = anomalies.includes('home_monitoring');
  const stops = stopping(anomalies, checks);
  const verdict: VerdictKind = stops.length > 0 || (monitoring && PUBLIC_TRANSPORT_CHECKPOINTS.includes(kind)) ? 'stop' : monitoring ? 'restricted' : anomalies.length ? 'refer' : 'pass';
  const notify: Notify[] = [];
  if (anomalies.includes('test_positive') || anomalies.includes('positive_on_record')) notify.push('health', 'township');
  else if (anomalies.includes('in_centralized') || anomalies.includes('in_home_quarantine') || anomalies.includes('origin_measure') || (monitoring && verdict === 'stop')) notify.push('township');
  return { verdict, suggested_action: suggestedAction(anomalies), restrictions: monitoring ? [...RESTRICTIONS] : [], notify };
}

/** A temperature as typed ("36.5", "36.5℃"): none when empty, else a human reading kept as measured, or the problem. */
export function parseTemperature(raw: string | number | undefined): { value: number | null } | { problem: Problem } {
  const text = String(raw ?? '').trim();
  if (!text) return { value: null };
  // a reading as written on a form, in decimal: Number() alone would also take 0x25, 1e1, 0b100100
  const digits = text.replace(/\s*(℃|°C?)$/i, '');
  const n = /^\d{1,3}(?:\.\d{1,3})?$/.test(digits) ? Number(digits) : NaN;
  if (!Number.isFinite(n) || n < TEMPERATURE_RANGE.min || n > TEMPERATURE_RANGE.max) {
    return { problem: { field: 'temperature', code: 'temperature', params: { value: text, ...TEMPERATURE_RANGE } } };
  }
  // as measured, never rounded: 37.25 stays 37.25 and is not a fever at 37.3
  return { value: n };
}

/**
 * A sampling time as an officer types it at a checkpoint: "2022-11-21 09:00", "11-21 09:00" (this
 * year), "09:00" (today) or a date alone; 'YYYY-MM-DDTHH:MM', or null when it is none of these.
 */
export function parseSampleTime(raw: string, today: string): string | null {
  const v = raw.trim();
  if (/^\d{1,2}:\d{2}$/.test(v)) return toDateTime(`${today} ${v}`);
  if (/^\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2})?$/.test(v)) return toDateTime(`${today.slice(0, 4)}-${v.replace(/[/.]/, '-')}`);
  return toDateTime(v);
}

/** A test result as typed in a session: 1 or 阴性 or negative, 2 or 阳性 or positive, 0 or 无 or none. */
export function parseTestAnswer(raw: string): InspectionTestResult | null {
  const v = raw.trim().toLowerCase();
  if (v === '1') return 'negative';
  if (v === '2') return 'positive';
  if (v === '0') return 'none';
  return v ? (RESULT_ALIASES[v] ?? null) : null;
}

function toDateTime(raw: string): string | null {
  const d = parseDateTime(raw);
  return d ? `${d.date}T${d.time ?? '00:00'}` : null;
}

/** What judging an inspection needs besides its input: the checks, the register, the checkpoint, an override's reason. */
export interface JudgeOptions {
  /** The checks in force on a date (default: DEFAULT_CHECKS). */
  checks?: (date: string) => Checks;
  /** What the register knows of a person on a date (default: nothing). */
  facts?: (idNumber: string, date: string) => RegisterFacts;
  /** What the person's origin requires on a date (default: nothing): by their ID number's arrival, or the origin recorded. */
  origin?: (who: { idNumber: string | null; origin: string | null }, date: string) => OriginFacts | null;
  checkpointKind?: CheckpointKind;
  /** Why the officer acts otherwise than the rules suggest. */
  reason?: string;
  /**
   * Whether an action other than the suggested one needs a reason (an officer at a checkpoint);
   * an import of paper forms records what was done, and has no reason to give.
   */
  requireReason?: boolean;
}

/**
 * Validates an inspection. `now` ('YYYY-MM-DDTHH:MM') is the default inspection time and
 * `latest` the latest time accepted (default `now`). Returns every problem found.
 */
export function validateInspection(input: InspectionInput, now: string, latest = now, o: JudgeOptions = {}): { record?: JudgedInspection; problems: Problem[] } {
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
    const r = parsePersonNumber(rawId, now.slice(0, 10));
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
  const date = at.slice(0, 10);
  const checks = o.checks ? o.checks(date) : DEFAULT_CHECKS;
  const facts = idNumber && o.facts ? o.facts(idNumber, date) : NO_FACTS;
  const originFacts = o.origin && (idNumber || origin) ? o.origin({ idNumber, origin }, date) : null;
  const anomalies = anomaliesOf(base, checks, facts, originFacts);
  const v = verdictOf(anomalies, checks, o.checkpointKind);
  const reason = (o.reason ?? '').trim() || null;
  if (reason && reason.length > 200) return { problems: [{ field: 'reason', code: 'too_long', params: { max: 200 } }] };
  // a person whose origin requires a measure is handed to the township: never a plain pass
  const stops = [...stopping(anomalies, checks), ...anomalies.filter((a) => a === 'origin_measure')];
  if (action === 'pass' && stops.length > 0) {
    return { problems: [{ field: 'action', code: 'not_let_through', params: { anomalies: stops.join(',') } }] };
  }
  if (action && action !== v.suggested_action && o.requireReason && !reason) {
    return { problems: [{ field: 'reason', code: 'override_reason', params: { action, suggested: v.suggested_action, anomalies: anomalies.join(',') } }] };
  }
  return {
    problems,
    record: {
      ...base,
      inspected_date: date,
      id_number: idNumber,
      name,
      phone,
      vehicle,
      passengers,
      action: action ?? v.suggested_action,
      origin,
      anomalies,
      override_reason: reason,
      ...v,
      register: facts,
      origin_facts: anomalies.includes('origin_measure') ? originFacts : null,
      checks: { test_validity_hours: checks.test_validity_hours, travel_star: checks.travel_star, test_check: checks.test_check, fever_celsius: checks.fever_celsius, measures: checks.measures !== false },
    },
  };
}
