/**
 * After a correction of an arrival's date or contact type (arrival edit --reassign): the policy
 * choice run again on the corrected record, shown as a dry run first, then applied — the person's
 * current measure superseded by the one now chosen (from today, its sites kept, as a reassessment
 * does), or ended when the rules now give none. Nothing changes when the choice and its dates are
 * the same.
 */
import { localDateTime } from '../../domain/dates.js';
import { derivedStart, noMeasureRule, schedule, type PhaseKind, type Policy } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import type { ArrivalRow } from '../../store/arrivals.js';
import type { MeasureRow } from '../../store/measures.js';
import type { ServiceContext } from '../context.js';
import { policyChooser, ruleTable } from '../policy.js';

export interface ReassignPlan {
  arrival_id: number;
  /** replace: a new measure supersedes the current one; end: the rules now give none; unchanged; no_measure: nothing to re-run. */
  action: 'replace' | 'end' | 'unchanged' | 'no_measure';
  measure_id: number | null;
  old_policy: string | null;
  old_start_date: string | null;
  old_release_date: string | null;
  new_policy: string | null;
  /** The rule that chose it: "2022-11-11 close → close-contact-5+3". */
  chosen_by: string | null;
  new_start_date: string | null;
  new_release_date: string | null;
  new_phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  /** The measure that replaced the old one, once applied. */
  new_measure_id: number | null;
}

/**
 * The day the person was brought under management: the start of their first measure when it
 * counted from that day ('managed'), else the day it was recorded (never after today).
 */
function managedSince(store: Store, current: MeasureRow, today: string): string {
  const first = store.measures.forArrival(current.arrival_id).reduce((a, b) => (b.id < a.id ? b : a), current);
  if ((JSON.parse(first.policy) as Policy).anchor === 'managed') return first.start_date;
  const recorded = first.created_at.slice(0, 10);
  return recorded < today ? recorded : today;
}

/** What re-running the policy choice on `arrival` (as corrected) would do; writes nothing. */
export function reassignPlan(store: Store, arrival: ArrivalRow, today: string): ReassignPlan {
  const current = store.measures.currentForArrival(arrival.id);
  const base: ReassignPlan = {
    arrival_id: arrival.id, action: 'no_measure', measure_id: null, old_policy: null, old_start_date: null, old_release_date: null,
    new_policy: null, chosen_by: null, new_start_date: null, new_release_date: null, new_phases: [], new_measure_id: null,
  };
  if (!current) return base;
  Object.assign(base, { measure_id: current.id, old_policy: current.policy_id, old_start_date: current.start_date, old_release_date: current.release_date });
  // brought under management when the current measure was first assigned: the days since arrival and a 'managed' anchor count from then
  // once the rules end every measure (2023-01-08), a correction gives none: the measure ends by that rule
  const ended = noMeasureRule(ruleTable(store), today);
  if (ended) return { ...base, chosen_by: `${ended.from} ${ended.source}`, action: 'end' };
  const managedOn = managedSince(store, current, today);
  const choice = policyChooser(store)(arrival, managedOn);
  base.chosen_by = choice.rule ? `${choice.rule.from} ${choice.category} → ${choice.rule.policy ?? 'none'}` : `no rule for ${choice.category}`;
  if (!choice.policy) return { ...base, action: 'end' };
  const sched = schedule(choice.policy, derivedStart(arrival, choice.policy.anchor, managedOn).date);
  Object.assign(base, {
    new_policy: choice.policy.id,
    new_start_date: sched.start_date,
    new_release_date: sched.release_date,
    new_phases: sched.phases.map((p) => ({ kind: p.kind, start: p.start, end: p.end })),
  });
  const same = choice.policy.id === current.policy_id && sched.start_date === current.start_date && sched.release_date === current.release_date;
  return { ...base, action: same ? 'unchanged' : 'replace' };
}

/** Applies a plan, inside the caller's transaction; audited as measure.reassign. */
export function applyReassign(store: Store, arrival: ArrivalRow, plan: ReassignPlan, ctx: ServiceContext): ReassignPlan {
  if (plan.measure_id === null || (plan.action !== 'replace' && plan.action !== 'end')) return plan;
  const m = store.measures.get(plan.measure_id)!;
  const date = ctx.today;
  const reason = `arrival ${arrival.id} corrected: ${plan.chosen_by}`;
  if (plan.action === 'end') {
    store.measures.endByRule(m.id, date, reason);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.reassign', record: `measure:${m.id}`, before: { policy: m.policy_id, release_date: m.release_date }, after: { released_on: date, reason } });
    return plan;
  }
  const policy = policyChooser(store)(arrival, managedSince(store, m, ctx.today)).policy!;
  const sched = schedule(policy, plan.new_start_date!);
  const over = sched.release_date <= date;
  const at = localDateTime(ctx.now, ctx.tz);
  const from = arrival.arrival_date > date ? arrival.arrival_date : date;
  const nid = store.measures.insert(
    { arrival_id: arrival.id, policy_id: policy.id, policy: JSON.stringify(policy), rule: reason, schedule: sched, status: over ? 'released' : 'active', released_on: over ? date : null, release_reason: over ? `reassigned to ${policy.id}: already over` : null, in_force_from: from },
    at,
    ctx.actor,
  );
  for (const p of store.measures.placements(m.id)) store.measures.place(nid, p.site_id, p.from_date, p.note, at, ctx.actor);
  store.measures.supersede(m.id, nid, date);
  store.audit.write({
    at: ctx.now,
    actor: ctx.actor,
    action: 'measure.reassign',
    record: `measure:${m.id}`,
    before: { policy: m.policy_id, start_date: m.start_date, release_date: m.release_date },
    after: { measure: nid, policy: policy.id, start_date: sched.start_date, release_date: sched.release_date, reason },
  });
  return { ...plan, new_measure_id: nid };
}
