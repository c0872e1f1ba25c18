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
  /** Test dates before the arrival date: shown, never due, missing or overdue. */
  tests_before_arrival: string[];
  /**
   * Where the person is in the measure on `today`: before it starts; counted but not yet arrived
   * (a contact counted from the last exposure); in a phase; or no longer under it (its status says how).
   */
  today: { date: string; phase: PhaseKind | null; phase_day: number | null; state: 'before' | 'before_arrival' | 'in' | 'over' };
  history: MeasureView[];
}

/** A person's measure (the latest), its dates and its history. */
export function quarantineShow(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>): QuarantineView {
  const arrival = resolveArrival(store, key, ctx);
  const all = store.measures.forArrival(arrival.id);
  if (all.length === 0) throw new NotFoundError({ field: 'arrival', code: 'no_measure', params: { id: arrival.id } });
  const history = all.map((m) => measureView(store, m, ctx.today));
  // the measure of the day: not superseded by then, and in force by then (a reassessment's
  // measure takes over on its in_force_from; one counted before the arrival is still the one)
  const live = history.filter((m) => m.status !== 'superseded');
  const inForce = live.filter((m) => m.status === 'active' && m.start_date <= ctx.today && (!m.in_force_from || m.in_force_from <= ctx.today));
  const cur = inForce.pop() ?? live.filter((m) => !m.in_force_from || m.in_force_from <= ctx.today).pop() ?? live.pop() ?? history[history.length - 1];
  const m = all.find((x) => x.id === cur.measure_id)!;
  const sched = schedule(JSON.parse(m.policy) as Policy, m.start_date);
  const on = phaseOn(sched, ctx.today);
  const over = cur.status !== 'active';
  const state = over ? 'over' : ctx.today < cur.start_date ? 'before' : ctx.today < arrival.arrival_date ? 'before_arrival' : 'in';
  return {
    arrival_id: arrival.id,
    name: arrival.name,
    id_number: arrival.id_number,
    arrival_date: arrival.arrival_date,
    origin: arrival.origin,
    ...cur,
    tests_before_arrival: cur.test_dates.filter((d) => d < arrival.arrival_date),
    today: {
      date: ctx.today,
      phase: state === 'in' && on ? on.phase.kind : null,
      phase_day: state === 'in' && on ? on.day : null,
      state,
    },
    history,
  };
}
