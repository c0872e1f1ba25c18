/**
 * Assigning a quarantine policy to an arrival: the one given, or the one the rule table chooses;
 * one at a time, or every pending arrival at once. Each assignment adds a measure and an audit row.
 */
import { DuplicateError, UsageError, ValidationError } from '../../domain/errors.js';
import { localDateTime, parseDate } from '../../domain/dates.js';
import { derivedStart, noMeasureRule, schedule, type Category, type PhaseKind, type Policy, type RiskLevel, type Schedule, type StartBasis } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import type { ArrivalRow } from '../../store/arrivals.js';
import type { ServiceContext } from '../context.js';
import { getPolicy, policyChooser, ruleTable, type Choice } from '../policy.js';
import { noMeasureAfterRule } from './end.js';
import { resolveArrival } from '../registration.js';
import { findSite, firstFullDay } from '../sites.js';

export interface AssignOptions {
  policy?: string;
  start?: string;
  site?: string;
  home?: boolean;
  force?: boolean;
  /** Record a measure that is over before the arrival or before today on purpose (with `reason`, audited). */
  backdate?: boolean;
  reason?: string;
}

/** One category that applies and what it gives (the reasons of the choice). */
export interface AssignmentReason {
  category: Category;
  policy: string | null;
  /** "2022-12-07 inbound → inbound-5+3". */
  rule: string;
}

export interface PlannedPhase {
  kind: PhaseKind;
  start: string;
  end: string;
  days: number;
  tests: Array<{ day: number; date: string }>;
}

export interface Assignment {
  measure_id: number | null;
  arrival_id: number;
  name: string;
  id_number: string;
  assigned: boolean;
  policy: string | null;
  policy_name: { zh: string; en: string } | null;
  /** How the policy was chosen: the rule's period and category, or "--policy". */
  chosen_by: string;
  category: Category;
  risk: RiskLevel;
  risk_area: string | null;
  start_date: string | null;
  start_basis: StartBasis | null;
  /** Every category that applies, with what its rule gives; the policy is the strictest of them (or --policy). */
  reasons: AssignmentReason[];
  /** Set when the official recorded, on purpose, a measure over before the arrival or before today. */
  backdate_reason: string | null;
  phases: PlannedPhase[];
  test_dates: string[];
  release_date: string | null;
  site: string | null;
  home: boolean;
  /** A centralised phase with neither --site nor --home: 待安排隔离点 until a site is given (quarantine transfer --site). */
  awaiting_site: boolean;
  arrival_date: string;
  /**
   * The first day the measure is in force: the arrival date when the measure starts before it (a
   * contact counted from the last exposure), else null (from its start). Days before are never due.
   */
  in_force_from: string | null;
}

function describeRule(c: Pick<Choice, 'rule' | 'category'>): string {
  const since = c.rule?.since_arrival ? ` [${c.rule.since_arrival} d]` : '';
  return c.rule ? `${c.rule.from} ${c.category}${since} → ${c.rule.policy ?? 'none'}${c.rule.local ? ' (local)' : ''}` : `no rule for ${c.category}`;
}

function reasonsOf(c: Pick<Choice, 'reasons'>): AssignmentReason[] {
  return (c.reasons ?? []).map((r) => ({ category: r.category, policy: r.policy?.id ?? null, rule: describeRule(r) }));
}

function centralizedSpan(s: Schedule): { from: string; to: string } | null {
  const c = s.phases.filter((p) => p.kind === 'centralized');
  return c.length ? { from: c[0].start, to: c[c.length - 1].end } : null;
}

function planOf(s: Schedule): Pick<Assignment, 'start_date' | 'phases' | 'test_dates' | 'release_date'> {
  return { start_date: s.start_date, phases: s.phases, test_dates: s.test_dates, release_date: s.release_date };
}

interface Placement {
  siteId: number | null;
  siteName: string | null;
  home: boolean;
}

/** Checks where the person goes; refuses a full site unless force. */
function placementFor(store: Store, policy: Policy, sched: Schedule, opts: AssignOptions): Placement | null {
  if (opts.site && opts.home) throw new UsageError('give --site or --home, not both', '--site 和 --home 只能给一个');
  if (opts.home) return { siteId: null, siteName: null, home: true };
  if (!opts.site) return null;
  const site = findSite(store, opts.site);
  const span = centralizedSpan(sched);
  if (!span) throw new ValidationError({ field: 'site', code: 'site_without_centralized', params: { policy: policy.id } });
  const full = firstFullDay(store, site.id, site.capacity, span.from, span.to);
  if (full && !opts.force) {
    throw new ValidationError({ field: 'site', code: 'site_full', params: { name: site.name, date: full.date, occupied: full.occupied, capacity: site.capacity } });
  }
  return { siteId: site.id, siteName: site.name, home: false };
}

function result(arrival: ArrivalRow, c: Omit<Choice, 'rule' | 'since_arrival'> & { chosenBy: string }, fields: Partial<Assignment>): Assignment {
  return {
    measure_id: null,
    arrival_id: arrival.id,
    name: arrival.name,
    id_number: arrival.id_number,
    assigned: false,
    policy: c.policy?.id ?? null,
    policy_name: c.policy?.name ?? null,
    chosen_by: c.chosenBy,
    category: c.category,
    risk: c.risk,
    risk_area: c.area?.region ?? null,
    start_date: null,
    start_basis: null,
    reasons: reasonsOf(c),
    backdate_reason: null,
    phases: [],
    test_dates: [],
    release_date: null,
    site: null,
    home: false,
    awaiting_site: false,
    arrival_date: arrival.arrival_date,
    in_force_from: null,
    ...fields,
  };
}

/** A measure that starts before the arrival is in force from the arrival: the days before it are never due. */
function inForceFrom(arrival: ArrivalRow, sched: Schedule): string | null {
  return sched.start_date < arrival.arrival_date ? arrival.arrival_date : null;
}

/** A measure counted from an exposure that is over before the person arrives: said, not assigned. */
function endsBeforeArrival(arrival: ArrivalRow, sched: Schedule): ValidationError | null {
  if (sched.release_date > arrival.arrival_date) return null;
  return new ValidationError({
    field: 'start',
    code: 'ends_before_arrival',
    params: { exposure: arrival.exposure_date ?? '', start: sched.start_date, release: sched.release_date, arrival: arrival.arrival_date },
  });
}

/**
 * A measure whose whole length lies before the arrival, or before the day it is assigned (today),
 * begins after it has ended (DOMAIN.md): refused, unless the official backdates it on purpose.
 * Counted from an exposure and over before the arrival, it says so (ends_before_arrival).
 */
function overBeforeItBegins(arrival: ArrivalRow, sched: Schedule, basis: StartBasis, today: string): ValidationError | null {
  const params = { start: sched.start_date, release: sched.release_date, arrival: arrival.arrival_date, today };
  if (sched.release_date <= arrival.arrival_date) {
    if (basis === 'exposure') return endsBeforeArrival(arrival, sched);
    return new ValidationError({ field: 'start', code: 'measure_before_arrival', params });
  }
  if (sched.release_date <= today) return new ValidationError({ field: 'start', code: 'measure_before_assigned', params });
  return null;
}

/** --backdate and --reason go together; the reason, or null when not backdating. */
function backdateReason(opts: AssignOptions): string | null {
  const reason = (opts.reason ?? '').trim();
  if (!opts.backdate) {
    if (opts.reason !== undefined) throw new UsageError('--reason goes with --backdate', '--reason 只与 --backdate 一起用');
    return null;
  }
  if (!reason) throw new UsageError('--backdate needs --reason TEXT: why the measure is recorded for past dates (it is audited)', '--backdate 须用 --reason 说明为何按过去的日期补录（记入审计）');
  return reason;
}

function writeMeasure(store: Store, arrival: ArrivalRow, policy: Policy, rule: string, sched: Schedule, place: Placement | null, ctx: ServiceContext, at: string, backdated: string | null = null): number {
  const id = store.measures.insert(
    { arrival_id: arrival.id, policy_id: policy.id, policy: JSON.stringify(policy), rule, schedule: sched, status: 'active', released_on: null, release_reason: null, in_force_from: inForceFrom(arrival, sched) },
    at,
    ctx.actor,
  );
  if (place) store.measures.place(id, place.siteId, sched.start_date, null, at, ctx.actor);
  store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.assign', record: `measure:${id}`, after: { arrival_id: arrival.id, policy: policy.id, rule, start_date: sched.start_date, release_date: sched.release_date, site: place?.siteName ?? null, home: place?.home ?? false, ...(backdated ? { backdate: true, reason: backdated } : {}) } });
  return id;
}

/** Assigns a policy to an arrival: the one given, or the one the rule table chooses. */
export function assign(store: Store, key: string, opts: AssignOptions, ctx: ServiceContext): Assignment {
  const arrival = resolveArrival(store, key, ctx);
  const current = store.measures.currentForArrival(arrival.id);
  if (current) {
    throw new DuplicateError({ field: 'arrival', code: 'already_assigned', params: { id: arrival.id, policy: current.policy_id, measure: current.id } });
  }
  if (opts.site && opts.home) throw new UsageError('give --site or --home, not both', '--site 和 --home 只能给一个');
  const backdate = backdateReason(opts);
  // brought under management today: the day a 'managed' preset counts from, and the days since arrival
  const choice = policyChooser(store)(arrival, ctx.today);
  let policy = choice.policy;
  let chosenBy = describeRule(choice);
  if (opts.policy) {
    policy = getPolicy(store, opts.policy);
    chosenBy = '--policy';
  }
  if (!policy) return result(arrival, { ...choice, chosenBy }, {});
  let start: string;
  let basis: Assignment['start_basis'];
  if (opts.start) {
    const d = parseDate(opts.start);
    if (!d) throw new ValidationError({ field: 'start', code: 'date', params: { value: opts.start } });
    start = d;
    basis = 'given';
  } else {
    const s = derivedStart(arrival, policy.anchor, ctx.today);
    start = s.date;
    basis = s.basis;
  }
  const sched = schedule(policy, start);
  // a measure that ends before it begins (before the arrival, or before today): refused unless backdated on purpose
  const over = overBeforeItBegins(arrival, sched, basis, ctx.today);
  if (over && backdate === null) throw over;
  const place = placementFor(store, policy, sched, opts);
  // from the day the rules end every measure (2023-01-08): none starts or is assigned, whatever the policy
  noMeasureAfterRule(ruleTable(store), start, ctx.today);
  const at = localDateTime(ctx.now, ctx.tz);
  const id = store.transaction(() => {
    // read above, before the write lock: another desk may have assigned the person since
    const now = store.measures.currentForArrival(arrival.id);
    if (now) throw new DuplicateError({ field: 'arrival', code: 'already_assigned', params: { id: arrival.id, policy: now.policy_id, measure: now.id } });
    return writeMeasure(store, arrival, policy!, chosenBy, sched, place, ctx, at, over ? backdate : null);
  });
  return result(arrival, { ...choice, policy, chosenBy }, {
    measure_id: id,
    assigned: true,
    start_basis: basis,
    backdate_reason: over ? backdate : null,
    ...planOf(sched),
    site: place?.siteName ?? null,
    home: place?.home ?? false,
    awaiting_site: !place && centralizedSpan(sched) !== null,
    in_force_from: inForceFrom(arrival, sched),
  });
}

export interface PendingResult {
  assigned: Assignment[];
  /** Arrivals for which the rule table says no measure. */
  no_measure: number;
  /** Arrivals whose measure, counted from the last exposure, is over before they arrived: not assigned. */
  over_before_arrival: Array<{ arrival_id: number; name: string; id_number: string; start_date: string; release_date: string; arrival_date: string; start_basis?: StartBasis }>;
  /** Arrivals whose measure is over before today, the day it would be assigned: not assigned (unless --backdate --reason). */
  over_before_today: Array<{ arrival_id: number; name: string; id_number: string; start_date: string; release_date: string; arrival_date: string; start_basis?: StartBasis }>;
}

/** Assigns every arrival that has never had a measure (of one arrival date, or all), in one transaction. */
export function assignPending(store: Store, date: string | null, ctx: ServiceContext, opts: Pick<AssignOptions, 'backdate' | 'reason'> = {}): PendingResult {
  // --backdate --reason: those whose measure is over before it begins (forms entered late) are recorded too, each audited with the reason
  const backdate = backdateReason(opts);
  const choose = policyChooser(store);
  const rules = ruleTable(store);
  noMeasureAfterRule(rules, null, ctx.today);
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const out: PendingResult = { assigned: [], no_measure: 0, over_before_arrival: [], over_before_today: [] };
    for (const { id } of store.measures.pendingArrivals(date)) {
      const arrival = store.arrivals.get(id)!;
      const choice = choose(arrival, ctx.today);
      if (!choice.policy) {
        out.no_measure++;
        continue;
      }
      const s = derivedStart(arrival, choice.policy.anchor, ctx.today);
      // a measure that would start once the rules end them all: none
      if (noMeasureRule(rules, s.date)) {
        out.no_measure++;
        continue;
      }
      const sched = schedule(choice.policy, s.date);
      const over = overBeforeItBegins(arrival, sched, s.basis, ctx.today);
      if (over && backdate === null) {
        const row = { arrival_id: arrival.id, name: arrival.name, id_number: arrival.id_number, start_date: sched.start_date, release_date: sched.release_date, arrival_date: arrival.arrival_date, start_basis: s.basis };
        (sched.release_date <= arrival.arrival_date ? out.over_before_arrival : out.over_before_today).push(row);
        continue;
      }
      const rule = describeRule(choice);
      const mid = writeMeasure(store, arrival, choice.policy, rule, sched, null, ctx, at, over ? backdate : null);
      out.assigned.push(result(arrival, { ...choice, chosenBy: rule }, { measure_id: mid, assigned: true, start_basis: s.basis, backdate_reason: over ? backdate : null, ...planOf(sched), awaiting_site: centralizedSpan(sched) !== null, in_force_from: inForceFrom(arrival, sched) }));
    }
    return out;
  });
}
