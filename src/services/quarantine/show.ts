/** A person's measure (the latest), where they are in it today, and its history. */
import { NotFoundError } from '../../domain/errors.js';
import { phaseOn, schedule, type PhaseKind, type Policy } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import type { ServiceContext } from '../context.js';
import { resolveArrival } from '../registration.js';
import { measureView, type MeasureView } from './measure.js';

export interface QuarantineView extends MeasureView {
  arrival_id: number;
  name: string;
  id_number: string;
  arrival_date: string;
  origin: string;
  /** Where the person is in the measure on `today`. */
  today: { date: string; phase: PhaseKind | null; phase_day: number | null; state: 'before' | 'in' | 'released' | 'cancelled' };
  history: MeasureView[];
}

/** A person's measure (the latest), its dates and its history. */
export function quarantineShow(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>): QuarantineView {
  const arrival = resolveArrival(store, key, ctx);
  const all = store.measures.forArrival(arrival.id);
  if (all.length === 0) throw new NotFoundError({ field: 'arrival', code: 'no_measure', params: { id: arrival.id } });
  const history = all.map((m) => measureView(store, m));
  const cur = history.filter((m) => m.status !== 'superseded').pop() ?? history[history.length - 1];
  const m = all.find((x) => x.id === cur.measure_id)!;
  const sched = schedule(JSON.parse(m.policy) as Policy, m.start_date);
  const on = phaseOn(sched, ctx.today);
  // a cancelled measure is off the books from the day it was cancelled: void, not released
  const cancelled = cur.cancelled_on !== null && ctx.today >= cur.cancelled_on;
  const released = cancelled || ctx.today >= cur.release_date;
  return {
    arrival_id: arrival.id,
    name: arrival.name,
    id_number: arrival.id_number,
    arrival_date: arrival.arrival_date,
    origin: arrival.origin,
    ...cur,
    today: {
      date: ctx.today,
      phase: !released && on ? on.phase.kind : null,
      phase_day: !released && on ? on.day : null,
      state: cancelled ? 'cancelled' : ctx.today < cur.start_date ? 'before' : released ? 'released' : 'in',
    },
    history,
  };
}
