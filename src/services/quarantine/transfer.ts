/** Moving a person under a measure to another site, or home; a placement row is added, none changed. */
import { ConflictError, UsageError, ValidationError } from '../../domain/errors.js';
import { addDays, localDateTime, parseDate } from '../../domain/dates.js';
import type { Store } from '../../store/db.js';
import type { ServiceContext } from '../context.js';
import { findSite, firstFullDay } from '../sites.js';
import { currentMeasure, measureView, type MeasureView } from './measure.js';

/** Moves a person to another site, or home, from a date (default today). */
export function transfer(store: Store, key: string, opts: { site?: string; home?: boolean; date?: string; force?: boolean }, ctx: ServiceContext): MeasureView {
  if (!opts.site === !opts.home) throw new UsageError('give --site NAME or --home', '请给出 --site 隔离点名称，或 --home');
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  const { measure } = currentMeasure(store, key, ctx);
  if (date < measure.start_date || date >= measure.release_date) {
    throw new ValidationError({ field: 'date', code: 'outside_measure', params: { date, start: measure.start_date, end: addDays(measure.release_date, -1) } });
  }
  let siteId: number | null = null;
  let siteName: string | null = null;
  if (opts.site) {
    const site = findSite(store, opts.site);
    const central = store.measures.phases(measure.id).filter((p) => p.kind === 'centralized' && p.end_date >= date);
    if (central.length === 0) throw new ValidationError({ field: 'site', code: 'site_without_centralized', params: { policy: measure.policy_id } });
    const from = date > central[0].start_date ? date : central[0].start_date;
    const full = firstFullDay(store, site.id, site.capacity, from, central[central.length - 1].end_date);
    if (full && !opts.force) throw new ValidationError({ field: 'site', code: 'site_full', params: { name: site.name, date: full.date, occupied: full.occupied, capacity: site.capacity } });
    siteId = site.id;
    siteName = site.name;
  }
  const before = store.measures.placements(measure.id).filter((p) => p.from_date <= date).pop() ?? null;
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    // read above, before the write lock: a reassessment, release or cancel since then wins, and this desk is told to retry
    if (!store.measures.stillActive(measure.id)) throw new ConflictError(`measure ${measure.id}`, `措施 ${measure.id}`);
    store.measures.place(measure.id, siteId, date, null, at, ctx.actor);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'measure.transfer', record: `measure:${measure.id}`, before: before ? { site: before.site_name, home: before.site_id === null } : null, after: { from: date, site: siteName, home: siteId === null } });
    return measureView(store, store.measures.get(measure.id)!, ctx.today);
  });
}
