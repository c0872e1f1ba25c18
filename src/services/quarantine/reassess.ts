/**
 * Bulk reassessment when a rule changes: everyone under one policy moves to another, or (to
 * `none`) has their measure ended on the date, the rule as the reason.
 */
import { UsageError, ValidationError } from '../../domain/errors.js';
import { localDateTime, parseDate } from '../../domain/dates.js';
import { riskOf } from '../../domain/area.js';
import { categoryOf, changeEffect, rulesInForce, schedule, type ChangeEffect, type PhaseKind, type Policy } from '../../domain/policy.js';
import { reference } from '../../io/reference.js';
import type { Store } from '../../store/db.js';
import type { MeasureRow } from '../../store/measures.js';
import type { ServiceContext } from '../context.js';
import { getPolicy, ruleTable } from '../policy.js';

export interface ReassessRow {
  measure_id: number;
  new_measure_id: number | null;
  arrival_id: number;
  name: string;
  id_number: string;
  start_date: string;
  old_phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  old_release_date: string;
  new_phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  new_release_date: string;
  /**
   * What happens to the person on the date: released (the new measure is over, or there is none),
   * moved home, moved to monitoring, back into quarantine, or in the same kind of phase shortened,
   * extended or unchanged.
   */
  effect: ChangeEffect;
  released_on: string | null;
  /** Why a measure was ended (to `none`): the rule of the date that says no measure, or --reason. */
  reason: string | null;
}

export interface ReassessResult {
  from_policy: string;
  /** The new policy, or 'none': the measures end on the date. */
  to_policy: string;
  date: string;
  dry_run: boolean;
  changes: ReassessRow[];
}

/** `--to-policy none`: no new measure, those under the old one are released on the date. */
export const NO_POLICY = 'none';

/**
 * Moves everyone still under policy A on the date to policy B, from the same start date; or,
 * with B = none, ends their measures on the date with the rule of that date as the reason (a
 * period that abolished the measure: secondary contacts from 2022-11-11, every measure from
 * 2023-01-08), refusing when the rule table still gives a measure unless a reason is given.
 * Nobody is changed silently: dryRun lists the changes; otherwise all are applied in one
 * transaction, each recorded. Whose new measure is already over is released as of the date.
 */
export function reassess(
  store: Store,
  opts: {
    from: string;
    to: string;
    date?: string;
    dryRun: boolean;
    reason?: string;
    /** Told how many measures are done, of how many (a progress bar). */
    onProgress?: (done: number, total: number) => void;
  },
  ctx: ServiceContext,
): ReassessResult {
  const a = getPolicy(store, opts.from);
  const ending = opts.to === NO_POLICY;
  const b = ending ? null : getPolicy(store, opts.to);
  if (b && a.id === b.id) throw new UsageError(`--from-policy and --to-policy are both ${a.id}`, `--from-policy 和 --to-policy 都是 ${a.id}：应是两个不同的措施`);
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  const given = (opts.reason ?? '').trim() || null;
  const endReason = ending ? endingRule(store, date, given) : null;
  const at = localDateTime(ctx.now, ctx.tz);
  const run = (): ReassessRow[] => {
    const rows: ReassessRow[] = [];
    const measures = store.measures.activeByPolicy(a.id);
    let done = 0;
    opts.onProgress?.(0, measures.length);
    for (const m of measures) {
      if (opts.onProgress && ++done % 100 === 0) opts.onProgress(done, measures.length);
      if (m.release_date <= date) continue; // already over: nothing to change
      const arrival = store.arrivals.get(m.arrival_id)!;
      const oldPhases = store.measures.phases(m.id).map((p) => ({ kind: p.kind, start: p.start_date, end: p.end_date }));
      const before = { phases: oldPhases, release_date: m.release_date };
      const row: ReassessRow = {
        measure_id: m.id,
        new_measure_id: null,
        arrival_id: m.arrival_id,
        name: arrival.name,
        id_number: arrival.id_number,
        start_date: m.start_date,
        old_phases: oldPhases,
        old_release_date: m.release_date,
        new_phases: [],
        new_release_date: date,
        effect: 'released',
        released_on: date,
        reason: null,
      };
      if (ending) {
        const reason = endReason!(m, arrival);
        row.reason = reason;
        if (!opts.dryRun) {
          store.measures.endByRule(m.id, date, reason);
          store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.end', record: `measure:${m.id}`, before: { policy: a.id, release_date: m.release_date }, after: { released_on: date, reason } });
        }
        rows.push(row);
        continue;
      }
      const sched = schedule(b!, m.start_date);
      const effect = changeEffect(before, { phases: sched.phases, release_date: sched.release_date }, date);
      const over = sched.release_date <= date;
      Object.assign(row, {
        new_phases: sched.phases.map((p) => ({ kind: p.kind, start: p.start, end: p.end })),
        new_release_date: sched.release_date,
        effect,
        released_on: over ? date : null,
      });
      if (!opts.dryRun) {
        const rule = `reassess ${a.id} → ${b!.id} on ${date}`;
        // in force from the date, and never before the person arrived
        const from = arrival.arrival_date > date ? arrival.arrival_date : date;
        const nid = store.measures.insert(
          { arrival_id: m.arrival_id, policy_id: b!.id, policy: JSON.stringify(b), rule, schedule: sched, status: over ? 'released' : 'active', released_on: over ? date : null, release_reason: over ? `reassessed to ${b!.id}: already over` : null, in_force_from: from },
          at,
          ctx.actor,
        );
        for (const p of store.measures.placements(m.id)) store.measures.place(nid, p.site_id, p.from_date, p.note, at, ctx.actor);
        store.measures.supersede(m.id, nid, date);
        store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.reassess', record: `measure:${m.id}`, before: { policy: a.id, release_date: m.release_date }, after: { measure: nid, policy: b!.id, release_date: sched.release_date, released_on: row.released_on, effect } });
        row.new_measure_id = nid;
      }
      rows.push(row);
    }
    opts.onProgress?.(measures.length, measures.length);
    return rows;
  };
  const changes = opts.dryRun ? run() : store.transaction(run);
  return { from_policy: a.id, to_policy: b?.id ?? NO_POLICY, date, dry_run: opts.dryRun, changes };
}

/**
 * The reason a measure ends on `date` with no new one: the rule of the date for the person's
 * category when it says no measure ("2023-01-08 close → none: Class B management …"), else the
 * reason given; without either it is refused, naming the rule that still applies.
 */
function endingRule(store: Store, date: string, given: string | null): (m: MeasureRow, arrival: { contact_type: string; origin: string; arrival_date: string }) => string {
  const rules = rulesInForce(ruleTable(store), date);
  const areas = store.areas.all();
  const inbound = reference().inboundPrefixes;
  return (m, arrival) => {
    const { level } = riskOf(arrival.origin, areas, arrival.arrival_date);
    const category = categoryOf(arrival.contact_type, arrival.origin, level, inbound);
    const rule = rules.get(category);
    if (rule && rule.policy === null) return `${rule.from} ${category} → none: ${rule.source}`;
    if (given) return given;
    throw new ValidationError({ field: 'reason', code: 'rule_still_applies', params: { date, category, policy: rule?.policy ?? (JSON.parse(m.policy) as Policy).id } });
  };
}
