/** A measure as the quarantine commands show it, and the measure a person is under now. */
import { NotFoundError } from '../../domain/errors.js';
import type { Decision } from '../../domain/inspection.js';
import { measureStatus, type MeasureStatusShown, type PhaseKind } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import type { ArrivalRow } from '../../store/arrivals.js';
import type { MeasureRow } from '../../store/measures.js';
import type { ServiceContext } from '../context.js';
import { resolveArrival } from '../registration.js';

export interface MeasureView {
  measure_id: number;
  /** The one status, from the dates on the day shown: active, released, ended_by_rule, cancelled (superseded in a history). */
  status: MeasureStatusShown;
  policy: string;
  rule: string;
  start_date: string;
  phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  test_dates: string[];
  release_date: string;
  planned_release_date: string;
  released_on: string | null;
  release_reason: string | null;
  placements: Array<{ from: string; site: string | null; home: boolean }>;
  superseded_by: number | null;
  in_force_from: string | null;
  flag: string | null;
  flagged_on: string | null;
  /** The decision on the positive that flagged it (a false positive clears the flag). */
  flag_decision: Decision | null;
  /** The positive results recorded during the measure, and what was decided about each. */
  positives: Array<{ test_date: string; decision: Decision | null; note: string | null; decided_on: string | null }>;
  /** Set when the measure was cancelled (assigned in error): the day it left the books, and why. */
  cancelled_on: string | null;
  cancel_reason: string | null;
}

/** A measure as shown on `today`: its dates, places, positives, and its one status that day. */
export function measureView(store: Store, m: MeasureRow, today: string): MeasureView {
  return {
    measure_id: m.id,
    status: measureStatus(m, today),
    policy: m.policy_id,
    rule: m.rule,
    start_date: m.start_date,
    phases: store.measures.phases(m.id).map((p) => ({ kind: p.kind, start: p.start_date, end: p.end_date })),
    test_dates: store.measures.tests(m.id).map((t) => t.test_date),
    release_date: m.released_on ?? m.release_date,
    planned_release_date: m.release_date,
    released_on: m.released_on,
    release_reason: m.release_reason,
    placements: store.measures.placements(m.id).map((p) => ({ from: p.from_date, site: p.site_name, home: p.site_id === null })),
    superseded_by: m.superseded_by,
    in_force_from: m.in_force_from,
    flag: m.flag,
    flagged_on: m.flagged_on,
    flag_decision: m.flag_decision,
    positives: store.tests.positivesOf(m.id).map((r) => ({ test_date: r.test_date, decision: r.decision, note: r.decision_note, decided_on: r.decided_on })),
    cancelled_on: m.cancelled_on ?? null,
    cancel_reason: m.cancel_reason ?? null,
  };
}

/** The arrival a key names and its current measure; refuses one without an active measure. */
export function currentMeasure(store: Store, key: string, ctx: ServiceContext): { arrival: ArrivalRow; measure: MeasureRow } {
  const arrival = resolveArrival(store, key, ctx);
  const measure = store.measures.currentForArrival(arrival.id);
  if (!measure) throw new NotFoundError({ field: 'arrival', code: 'no_active_measure', params: { id: arrival.id } });
  return { arrival, measure };
}
