/** Bulk reassessment when a rule changes: everyone under one policy moves to another. */
import { UsageError, ValidationError } from '../../domain/errors.js';
import { localDateTime, parseDate } from '../../domain/dates.js';
import { schedule, type PhaseKind } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import type { ServiceContext } from '../context.js';
import { getPolicy } from '../policy.js';

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
  /** released: the new measure is already over, so the person is released on the reassessment date. */
  effect: 'released' | 'shortened' | 'extended' | 'unchanged';
  released_on: string | null;
}

export interface ReassessResult {
  from_policy: string;
  to_policy: string;
  date: string;
  dry_run: boolean;
  changes: ReassessRow[];
}

/**
 * Moves everyone still under policy A on the date to policy B, from the same start date.
 * Nobody is changed silently: dryRun lists the changes; otherwise all are applied in one
 * transaction, each recorded. Whose new measure is already over is released as of the date.
 */
export function reassess(store: Store, opts: { from: string; to: string; date?: string; dryRun: boolean }, ctx: ServiceContext): ReassessResult {
  const a = getPolicy(store, opts.from);
  const b = getPolicy(store, opts.to);
  if (a.id === b.id) throw new UsageError(`--from-policy and --to-policy are both ${a.id}`);
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  const at = localDateTime(ctx.now, ctx.tz);
  const run = (): ReassessRow[] => {
    const rows: ReassessRow[] = [];
    for (const m of store.measures.activeByPolicy(a.id)) {
      if (m.release_date <= date) continue; // already over: nothing to change
      const arrival = store.arrivals.get(m.arrival_id)!;
      const sched = schedule(b, m.start_date);
      const over = sched.release_date <= date;
      const effect: ReassessRow['effect'] = over ? 'released' : sched.release_date < m.release_date ? 'shortened' : sched.release_date > m.release_date ? 'extended' : 'unchanged';
      const row: ReassessRow = {
        measure_id: m.id,
        new_measure_id: null,
        arrival_id: m.arrival_id,
        name: arrival.name,
        id_number: arrival.id_number,
        start_date: m.start_date,
        old_phases: store.measures.phases(m.id).map((p) => ({ kind: p.kind, start: p.start_date, end: p.end_date })),
        old_release_date: m.release_date,
        new_phases: sched.phases.map((p) => ({ kind: p.kind, start: p.start, end: p.end })),
        new_release_date: sched.release_date,
        effect,
        released_on: over ? date : null,
      };
      if (!opts.dryRun) {
        const rule = `reassess ${a.id} → ${b.id} on ${date}`;
        const nid = store.measures.insert(
          { arrival_id: m.arrival_id, policy_id: b.id, policy: JSON.stringify(b), rule, schedule: sched, status: over ? 'released' : 'active', released_on: over ? date : null, release_reason: over ? `reassessed to ${b.id}: already over` : null, in_force_from: date },
          at,
          ctx.actor,
        );
        for (const p of store.measures.placements(m.id)) store.measures.place(nid, p.site_id, p.from_date, p.note, at, ctx.actor);
        store.measures.supersede(m.id, nid, date);
        store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.reassess', record: `measure:${m.id}`, before: { policy: a.id, release_date: m.release_date }, after: { measure: nid, policy: b.id, release_date: sched.release_date, released_on: row.released_on } });
        row.new_measure_id = nid;
      }
      rows.push(row);
    }
    return rows;
  };
  const changes = opts.dryRun ? run() : store.transaction(run);
  return { from_policy: a.id, to_policy: b.id, date, dry_run: opts.dryRun, changes };
}
