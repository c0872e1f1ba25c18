/** Releasing a person from their measure, early or on its planned date; history is kept. */
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { parseDate } from '../../domain/dates.js';
import type { Store } from '../../store/db.js';
import type { ServiceContext } from '../context.js';
import { currentMeasure, measureView, type MeasureView } from './measure.js';

/** Ends a measure: early, or on its planned release date (a normal release). */
export function release(store: Store, key: string, opts: { date?: string; reason: string }, ctx: ServiceContext): MeasureView {
  const reason = (opts.reason ?? '').trim();
  if (!reason) throw new ValidationError({ field: 'reason', code: 'required' });
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  if (date > ctx.today) throw new ValidationError({ field: 'date', code: 'date_future', params: { value: date, today: ctx.today } });
  const { measure } = currentMeasure(store, key, ctx);
  if (date < measure.start_date) throw new ValidationError({ field: 'date', code: 'release_before_start', params: { date, start: measure.start_date } });
  if (date > measure.release_date) throw new ValidationError({ field: 'date', code: 'release_after_end', params: { date, release: measure.release_date } });
  return store.transaction(() => {
    // read above, before the write lock: changed since by another desk, this one is told to retry
    if (!store.measures.release(measure.id, date, reason)) throw new ConflictError(`measure ${measure.id}`, `措施 ${measure.id}`);
    const after = store.measures.get(measure.id)!;
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.release', record: `measure:${measure.id}`, before: { status: measure.status, release_date: measure.release_date }, after: { status: after.status, released_on: date, reason } });
    return measureView(store, after, ctx.today);
  });
}

