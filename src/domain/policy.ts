/**
 * Quarantine policies: phases, schedules and the rule table that picks a policy.
 * Pure: the presets and the default table are data (data/policies.json, data/rules.json).
 *
 * Day counting (DOMAIN.md): day 1 is the start date. A phase of N days covers days 1…N;
 * the next phase starts on day N+1. The measure ends at the end of its last day; the person
 * is released on the next day.
 */
import type { Problem } from './errors.js';
import { addDays, daysBetween, isRealDate } from './dates.js';
import { isInbound } from './places.js';

export const PHASE_KINDS = ['centralized', 'home_quarantine', 'health_monitoring'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** The longest phase a policy may have. Queries for a date look back this far, and no further. */
export const MAX_PHASE_DAYS = 60;

export const CATEGORIES = ['close', 'secondary', 'inbound', 'high', 'medium', 'low'] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Where a policy's days count from (DOMAIN.md "Where the days count from"): the day after the
 * last exposure (close contacts), the entry date (入境日期: the days at the port count), the day
 * the person left the risk area (离开风险区日期 when known, else the arrival date), the day
 * the person was brought under management (纳入管理: the day the measure is assigned, seed 001),
 * or the arrival date.
 */
export const ANCHORS = ['exposure', 'entry', 'left_area', 'managed', 'arrival'] as const;
export type Anchor = (typeof ANCHORS)[number];

export interface PolicyPhase {
  kind: PhaseKind;
  days: number;
  /** Test days within the phase, 1…days. */
  tests: number[];
}

export interface Policy {
  id: string;
  name: { zh: string; en: string };
  who?: { zh: string; en: string };
  phases: PolicyPhase[];
  /** For a policy without phases (registration and tests only): test days from the start. */
  tests?: number[];
  source: string;
  in_force_from: string;
  /** Where the days count from; without it, the last exposure for a contact, else the arrival date. */
  anchor?: Anchor;
  /** True for a policy an official added (policy add), false for a shipped preset. */
  local?: boolean;
}

export interface ScheduledPhase {
  kind: PhaseKind;
  start: string;
  end: string;
  days: number;
  tests: Array<{ day: number; date: string }>;
}

export interface Schedule {
  start_date: string;
  phases: ScheduledPhase[];
  /** Every test date, in order (a date may repeat when two phases test on it: it does not). */
  test_dates: string[];
  /** The day after the last day of the measure. */
  release_date: string;
}

/** The dates of a policy started on `start`. */
export function schedule(policy: Pick<Policy, 'phases' | 'tests'>, start: string): Schedule {
  const phases: ScheduledPhase[] = [];
  let day1 = start;
  for (const p of policy.phases) {
    const end = addDays(day1, p.days - 1);
    phases.push({
      kind: p.kind,
      start: day1,
      end,
      days: p.days,
      tests: [...p.tests].sort((a, b) => a - b).map((d) => ({ day: d, date: addDays(day1, d - 1) })),
    });
    day1 = addDays(end, 1);
  }
  let testDates = phases.flatMap((p) => p.tests.map((t) => t.date));
  let release = day1;
  if (policy.phases.length === 0 && policy.tests && policy.tests.length > 0) {
    const days = [...policy.tests].sort((a, b) => a - b);
    testDates = days.map((d) => addDays(start, d - 1));
    release = addDays(start, days[days.length - 1]);
  }
  return { start_date: start, phases, test_dates: testDates, release_date: release };
}

/** Where a person is in a schedule on a date: the phase and its day number, or why not. */
export function phaseOn(s: Schedule, date: string): { phase: ScheduledPhase; index: number; day: number } | null {
  for (let i = 0; i < s.phases.length; i++) {
    const p = s.phases[i];
    if (p.start <= date && date <= p.end) {
      return { phase: p, index: i, day: daysBetween(p.start, date) + 1 };
    }
  }
  return null;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9+._-]{0,63}$/;

function isWholeDays(n: unknown, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;
}

/** Checks a policy definition (a preset or one from `policy add --file`); returns every problem. */
export function validatePolicy(raw: unknown): { policy?: Policy; problems: Problem[] } {
  const problems: Problem[] = [];
  const o = (raw ?? {}) as Record<string, unknown>;
  const add = (field: string, code: string, params?: Record<string, unknown>) => problems.push({ field, code, params });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add('policy', 'policy_not_object');
    return { problems };
  }
  if (typeof o.id !== 'string' || !ID_RE.test(o.id)) add('id', 'policy_id', { value: String(o.id ?? '') });
  const name = o.name as Record<string, unknown> | undefined;
  if (!name || typeof name.zh !== 'string' || typeof name.en !== 'string' || !name.zh.trim() || !name.en.trim()) add('name', 'policy_name');
  if (typeof o.source !== 'string' || !o.source.trim()) add('source', 'required');
  if (typeof o.in_force_from !== 'string' || !isRealDate(o.in_force_from)) add('in_force_from', 'date', { value: String(o.in_force_from ?? '') });
  // the dates the input policy allows (domain/text.ts): a policy in force from 9999 is a typo
  else if (o.in_force_from < '1900-01-01' || o.in_force_from > '2099-12-31') add('in_force_from', 'date_range', { value: o.in_force_from });
  if (o.anchor !== undefined && !(ANCHORS as readonly string[]).includes(o.anchor as string)) add('anchor', 'enum', { value: String(o.anchor), allowed: ANCHORS.join('|') });
  if (!Array.isArray(o.phases)) add('phases', 'policy_phases');
  else {
    (o.phases as unknown[]).forEach((ph, i) => {
      const p = (ph ?? {}) as Record<string, unknown>;
      const where = `phases[${i + 1}]`;
      if (!(PHASE_KINDS as readonly string[]).includes(p.kind as string)) add(where, 'enum', { value: String(p.kind ?? ''), allowed: PHASE_KINDS.join('|') });
      if (!isWholeDays(p.days, MAX_PHASE_DAYS)) add(where, 'phase_days', { value: String(p.days ?? '') });
      if (!Array.isArray(p.tests)) add(where, 'phase_tests');
      else if (isWholeDays(p.days, MAX_PHASE_DAYS)) {
        for (const t of p.tests as unknown[]) {
          if (!isWholeDays(t, p.days as number)) add(where, 'test_outside_phase', { value: String(t), days: p.days });
        }
        if (new Set(p.tests as number[]).size !== (p.tests as number[]).length) add(where, 'test_repeated');
      }
    });
    if ((o.phases as unknown[]).length === 0) {
      if (!Array.isArray(o.tests) || o.tests.length === 0) add('phases', 'policy_empty');
      else for (const t of o.tests as unknown[]) if (!isWholeDays(t, MAX_PHASE_DAYS)) add('tests', 'phase_days', { value: String(t) });
    }
  }
  if (problems.length > 0) return { problems };
  const policy: Policy = {
    id: o.id as string,
    name: { zh: (name!.zh as string).trim(), en: (name!.en as string).trim() },
    phases: (o.phases as PolicyPhase[]).map((p) => ({ kind: p.kind, days: p.days, tests: [...p.tests].sort((a, b) => a - b) })),
    source: (o.source as string).trim(),
    in_force_from: o.in_force_from as string,
  };
  const who = o.who as { zh?: unknown; en?: unknown } | undefined;
  if (who && typeof who.zh === 'string' && typeof who.en === 'string') policy.who = { zh: who.zh, en: who.en };
  if (o.anchor !== undefined) policy.anchor = o.anchor as Anchor;
  if (Array.isArray(o.tests) && policy.phases.length === 0) policy.tests = [...(o.tests as number[])].sort((a, b) => a - b);
  return { policy, problems };
}

// ——— the rule table ———

export interface Rule {
  category: Category;
  /** The policy chosen, or null: no measure. */
  policy: string | null;
  from: string;
  source: string;
  /** Set by `policy rules set` (a local row), else shipped. */
  local: boolean;
  /**
   * Only for a person who arrived this many days before being brought under management: '<14',
   * '>=14' (seed 001: "抵X不足14天" / "抵X超过14天"); absent: every arrival.
   */
  since_arrival?: string | null;
}

const SINCE_RE = /^(<|<=|>|>=)\s*(\d{1,3})$/;

/** A since-arrival condition written as '<14', '>= 14' …, normalised ('<14'), or null when it is not one. */
export function parseSinceArrival(raw: string): string | null {
  const m = SINCE_RE.exec(raw.replace(/＜/g, '<').replace(/＞/g, '>').replace(/＝/g, '=').replace(/≥/g, '>=').replace(/≤/g, '<=').trim());
  return m ? `${m[1]}${Number(m[2])}` : null;
}

/** Whether `days` (since the arrival) meets a condition; no condition: always. */
export function meetsSinceArrival(cond: string | null | undefined, days: number | undefined): boolean {
  if (!cond) return true;
  if (days === undefined) return false;
  const m = SINCE_RE.exec(cond);
  if (!m) return false;
  const n = Number(m[2]);
  return m[1] === '<' ? days < n : m[1] === '<=' ? days <= n : m[1] === '>' ? days > n : days >= n;
}

/**
 * For each category, the row with the latest `from` on or before the date (a local row wins a
 * tie). A row with a since-arrival condition counts only when `sinceArrival` (days from the
 * arrival to the day the person is brought under management) meets it.
 */
export function rulesInForce(rules: Rule[], date: string, sinceArrival?: number): Map<Category, Rule> {
  const out = new Map<Category, Rule>();
  for (const r of rules) {
    if (r.from > date) continue;
    if (!meetsSinceArrival(r.since_arrival, sinceArrival)) continue;
    const cur = out.get(r.category);
    if (!cur || r.from > cur.from || (r.from === cur.from && r.local && !cur.local)) out.set(r.category, r);
  }
  return out;
}

/** Every row that is in force on a date for some number of days since arrival: what `policy rules` lists. */
export function rulesInForceAll(rules: Rule[], date: string): Rule[] {
  const days = new Set<number>([0]);
  for (const r of rules) {
    const m = r.since_arrival ? SINCE_RE.exec(r.since_arrival) : null;
    if (m) for (const d of [Number(m[2]) - 1, Number(m[2]), Number(m[2]) + 1]) if (d >= 0) days.add(d);
  }
  const seen = new Set<Rule>();
  for (const d of [...days].sort((a, b) => a - b)) for (const r of rulesInForce(rules, date, d).values()) seen.add(r);
  return rules.filter((r) => seen.has(r));
}

export type RiskLevel = 'high' | 'medium' | 'low';

/**
 * The rule that ends every measure, when the rule table in force on a date gives no measure for
 * any category (from 2023-01-08, Class B management: 乙类乙管): the latest of its rows, whose
 * source names it; null while any category still gets a measure, or before the first rule.
 */
export function noMeasureRule(rules: Rule[], date: string): Rule | null {
  const inForce = [...rulesInForce(rules, date).values()];
  if (inForce.length === 0 || inForce.some((r) => r.policy !== null)) return null;
  return inForce.reduce((a, b) => (b.from > a.from ? b : a));
}

/**
 * The category an arrival falls in for the rule table: a contact first, then an inbound
 * traveller, then by the risk level of the origin on the arrival date.
 */
export function categoryOf(contactType: string, origin: string, risk: RiskLevel, inboundPrefixes: string[]): Category {
  if (contactType === 'close') return 'close';
  if (contactType === 'secondary') return 'secondary';
  // abroad, Hong Kong, Macao, Taiwan: by place (美国纽约, Japan, 香港), or by the table's prefixes (境外)
  if (inboundPrefixes.some((p) => origin.startsWith(p)) || isInbound(origin)) return 'inbound';
  return risk;
}

/** Every category an arrival falls in: its contact type (close, secondary), then where it came from (inbound, else the risk level). */
export function categoriesOf(contactType: string, origin: string, risk: RiskLevel, inboundPrefixes: string[]): Category[] {
  const out: Category[] = [];
  if (contactType === 'close' || contactType === 'secondary') out.push(contactType);
  out.push(inboundPrefixes.some((p) => origin.startsWith(p)) || isInbound(origin) ? 'inbound' : risk);
  return out;
}

/** A policy's days: of centralised quarantine, of home quarantine, in all (a policy without phases: to its last test). */
function weight(p: Pick<Policy, 'phases' | 'tests'> | null): [number, number, number] {
  if (!p) return [-1, -1, -1];
  const sum = (k?: PhaseKind) => p.phases.filter((x) => !k || x.kind === k).reduce((n, x) => n + x.days, 0);
  const all = p.phases.length ? sum() : Math.max(0, ...(p.tests ?? []));
  return [sum('centralized'), sum('home_quarantine'), all];
}

/**
 * Compares two policies by strictness (DOMAIN.md "Several categories at once"): the most days of
 * centralised quarantine, then of home quarantine, then the longest in all; no policy is the least
 * strict. Positive when `a` is stricter, negative when `b` is, 0 when they weigh the same.
 */
export function compareStrictness(a: Pick<Policy, 'phases' | 'tests'> | null, b: Pick<Policy, 'phases' | 'tests'> | null): number {
  const wa = weight(a);
  const wb = weight(b);
  for (let i = 0; i < 3; i++) if (wa[i] !== wb[i]) return wa[i] - wb[i];
  return 0;
}

/** How a start date was found: given by the official, or the policy's anchor. */
export type StartBasis = 'given' | 'exposure' | 'entry' | 'left_area' | 'managed' | 'arrival';

/**
 * The start date of a measure when the official does not set one, from the policy's anchor:
 * the day after the last exposure (a contact with a known one), the entry date (when known), the
 * day the person left the risk area (离开风险区日期, when known), the day brought under management
 * (`managedOn`, never before the arrival), else the arrival date. Without an anchor: the
 * last exposure for a contact, else the arrival.
 */
export function derivedStart(
  a: { contact_type: string; exposure_date: string | null; arrival_date: string; entry_date?: string | null; left_date?: string | null },
  anchor?: Anchor,
  managedOn?: string,
): { date: string; basis: StartBasis } {
  const anchored = anchor ?? 'exposure';
  if (anchored === 'exposure' && (a.contact_type === 'close' || a.contact_type === 'secondary') && a.exposure_date) {
    return { date: addDays(a.exposure_date, 1), basis: 'exposure' };
  }
  if (anchored === 'entry' && a.entry_date) return { date: a.entry_date, basis: 'entry' };
  if (anchored === 'left_area' && a.left_date) return { date: a.left_date, basis: 'left_area' };
  if (anchored === 'managed') return { date: managedOn && managedOn > a.arrival_date ? managedOn : a.arrival_date, basis: 'managed' };
  return { date: a.arrival_date, basis: 'arrival' };
}

// ——— a measure's status and a change to it (issue 11) ———

/** A measure's one status, from its dates on a day: what `quarantine show` says. */
export const MEASURE_STATUSES = ['active', 'released', 'ended_by_rule', 'transferred', 'cancelled', 'superseded'] as const;
export type MeasureStatusShown = (typeof MEASURE_STATUSES)[number];

/**
 * The status of a measure on a day, computed from its dates: superseded by a reassessment,
 * cancelled (assigned in error) — each from its date on, so a day before it answers as it was — else ended (by a rule, or released) once the day it ends has
 * come (its release date, or the date it was ended early), else active.
 */
export function measureStatus(
  m: { status: string; end_kind: string | null; released_on: string | null; release_date: string; cancelled_on?: string | null; superseded_on?: string | null },
  today: string,
): MeasureStatusShown {
  // as of the day: a reassessment or a cancellation dated after it had not happened yet (issue 24)
  if (m.status === 'superseded' && !(m.superseded_on && today < m.superseded_on)) return 'superseded';
  // quarantine cancel: assigned in error, void (never a release)
  if ((m.status === 'cancelled' || m.end_kind === 'cancelled') && !(m.cancelled_on && today < m.cancelled_on)) return 'cancelled';
  if (today >= (m.released_on ?? m.release_date)) return m.end_kind === 'rule' ? 'ended_by_rule' : m.end_kind === 'transferred' ? 'transferred' : 'released';
  return 'active';
}

/** What a change of policy does to the person on the day it is made. */
export const CHANGE_EFFECTS = ['released', 'moved_home', 'moved_to_monitoring', 'back_into_quarantine', 'shortened', 'extended', 'unchanged'] as const;
export type ChangeEffect = (typeof CHANGE_EFFECTS)[number];

const STRICTNESS: Record<PhaseKind, number> = { centralized: 3, home_quarantine: 2, health_monitoring: 1 };

type Dated = { phases: Array<{ kind: PhaseKind; start: string; end: string }>; release_date: string };

function kindOn(s: Dated, date: string): PhaseKind | null {
  return s.phases.find((p) => p.start <= date && date <= p.end)?.kind ?? null;
}

/**
 * What happens to a person on `date` when their measure `before` becomes `after` (same start):
 * released (the new one is over), moved home (out of a site), moved to monitoring (out of home
 * quarantine: may go out for necessities), back into quarantine (a stricter phase than the one they were in), else, in the
 * same kind of phase, shortened, extended or unchanged by the release date.
 */
export function changeEffect(before: Dated, after: Dated, date: string): ChangeEffect {
  if (after.release_date <= date) return 'released';
  const was = kindOn(before, date);
  const now = kindOn(after, date);
  const a = was ? STRICTNESS[was] : 0;
  const b = now ? STRICTNESS[now] : 0;
  if (b > a) return 'back_into_quarantine';
  if (b < a) return was === 'centralized' ? 'moved_home' : was === 'home_quarantine' ? 'moved_to_monitoring' : 'shortened';
  return after.release_date < before.release_date ? 'shortened' : after.release_date > before.release_date ? 'extended' : 'unchanged';
}
