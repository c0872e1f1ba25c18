/**
 * What a checkpoint checks, as dated data (data/checks.json), like the rule table: per period the
 * test-age limit, whether the travel code's star counts, the fever threshold and what each
 * health-code colour means. Pure: the periods are read in services/checks.ts.
 */
import type { Problem } from './errors.js';
import { isRealDate } from './dates.js';

export const CODE_RULES = ['stop', 'refer', 'pass'] as const;
/** What a health-code colour means at a checkpoint: not let through, an anomaly referred, or nothing. */
export type CodeRule = (typeof CODE_RULES)[number];

export interface Checks {
  /** The first day of the period. */
  from: string;
  source: string;
  /** How old the latest negative test may be, in hours from its sampling time. */
  test_validity_hours: number;
  /** True when the county's own limit (config set test-validity-hours) replaces the period's. */
  local_validity: boolean;
  /** Whether a starred travel code is an anomaly (until 2022-06-28). */
  travel_star: boolean;
  /**
   * Whether the latest test is checked (its result, its age): not from 2022-12-07, when travel
   * between regions no longer needs a test certificate. A positive shown is still a positive.
   */
  test_check: boolean;
  /** A temperature at or above this, as measured (never rounded up), is a fever. */
  fever_celsius: number;
  codes: { red: CodeRule; yellow: CodeRule; green: CodeRule };
  /**
   * Whether a measure on the register (a quarantine or monitoring phase) counts at the
   * checkpoint: false once the rule table gives no measure at all (2023-01-08: no inspection
   * stops a person because of a measure). Absent: it counts.
   */
  measures?: boolean;
}

/** The checks of the first shipped period: what a test or a caller without the data file uses. */
export const DEFAULT_CHECKS: Checks = {
  from: '2020-01-01',
  source: 'default',
  test_validity_hours: 48,
  local_validity: false,
  travel_star: true,
  test_check: true,
  fever_celsius: 37.3,
  codes: { red: 'stop', yellow: 'refer', green: 'pass' },
};

/** The longest test-age limit a county may set: a week. */
export const MAX_VALIDITY_HOURS = 168;

/** The period in force on a date (the latest starting on or before it), with the county's own limit if set. */
export function checksOn(periods: Checks[], date: string, validityHours?: number): Checks {
  let cur: Checks | undefined;
  for (const p of periods) if (p.from <= date && (!cur || p.from > cur.from)) cur = p;
  const base = cur ?? periods[0] ?? DEFAULT_CHECKS;
  return validityHours ? { ...base, test_validity_hours: validityHours, local_validity: true } : base;
}

/** A test-age limit as a county sets it: whole hours, 1 to 168. */
export function parseValidityHours(raw: string): number | Problem {
  const v = raw.trim();
  const n = Number(v);
  if (!/^\d{1,3}$/.test(v) || n < 1 || n > MAX_VALIDITY_HOURS) return { field: 'test_validity_hours', code: 'validity_hours', params: { value: v, max: MAX_VALIDITY_HOURS } };
  return n;
}

/** Checks the periods of data/checks.json; returns them sorted, or what is wrong with them. */
export function validateChecks(raw: unknown): { periods?: Checks[]; problems: string[] } {
  const problems: string[] = [];
  const periods = (raw as { periods?: unknown })?.periods;
  if (!Array.isArray(periods) || periods.length === 0) return { problems: ['no periods'] };
  const out: Checks[] = [];
  for (const p of periods as Array<Record<string, unknown>>) {
    const at = `period ${String(p?.from)}`;
    if (typeof p?.from !== 'string' || !isRealDate(p.from)) problems.push(`${at}: from is not a date`);
    if (typeof p?.source !== 'string') problems.push(`${at}: no source`);
    if (typeof p?.test_validity_hours !== 'number' || !(p.test_validity_hours > 0)) problems.push(`${at}: test_validity_hours`);
    if (typeof p?.travel_star !== 'boolean') problems.push(`${at}: travel_star`);
    // absent: checked, as in every period before 2022-12-07
    if (p?.test_check !== undefined && typeof p.test_check !== 'boolean') problems.push(`${at}: test_check`);
    if (typeof p?.fever_celsius !== 'number') problems.push(`${at}: fever_celsius`);
    const codes = p?.codes as Record<string, unknown> | undefined;
    for (const c of ['red', 'yellow', 'green']) if (!codes || !(CODE_RULES as readonly unknown[]).includes(codes[c])) problems.push(`${at}: codes.${c}`);
    if (problems.length === 0) {
      out.push({
        from: p.from as string,
        source: p.source as string,
        test_validity_hours: p.test_validity_hours as number,
        local_validity: false,
        travel_star: p.travel_star as boolean,
        test_check: p.test_check !== false,
        fever_celsius: p.fever_celsius as number,
        codes: codes as Checks['codes'],
      });
    }
  }
  if (problems.length) return { problems };
  return { periods: out.sort((a, b) => (a.from < b.from ? -1 : 1)), problems };
}
