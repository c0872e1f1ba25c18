/** Quarantine sites (隔离点) and their occupancy. */
import { DuplicateError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import { addDays, localDateTime } from '../domain/dates.js';
import type { Store } from '../store/db.js';
import type { SiteRow } from '../store/sites.js';
import type { ServiceContext } from './context.js';

export interface SiteInput {
  name: string;
  capacity: string | number;
  address?: string;
  head?: string;
}

export function addSite(store: Store, input: SiteInput, ctx: ServiceContext): SiteRow {
  const problems: Problem[] = [];
  const name = (input.name ?? '').trim();
  if (!name) problems.push({ field: 'site', code: 'required' });
  else if (name.length > 100) problems.push({ field: 'site', code: 'too_long', params: { max: 100 } });
  const capacity = Number(input.capacity);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100000 || !/^\s*\d+\s*$/.test(String(input.capacity))) {
    problems.push({ field: 'capacity', code: 'capacity', params: { value: String(input.capacity ?? '') } });
  }
  if (problems.length) throw new ValidationError(problems);
  if (store.sites.byName(name)) throw new DuplicateError({ field: 'site', code: 'site_exists', params: { name } });
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const id = store.sites.insert({ name, capacity, address: input.address?.trim() || null, head: input.head?.trim() || null }, at, ctx.actor);
    const row = store.sites.get(id)!;
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'site.add', record: `site:${id}`, after: row });
    return row;
  });
}

export function findSite(store: Store, name: string): SiteRow {
  const s = store.sites.byName(name.trim());
  if (!s) throw new NotFoundError({ field: 'site', code: 'unknown_site', params: { name } });
  return s;
}

export interface SiteOccupancy {
  name: string;
  capacity: number;
  occupied: number;
  free: number;
  address: string | null;
  head: string | null;
}

/** People in a centralised phase on the date with no site yet (待安排隔离点). */
export function awaitingSite(store: Store, date: string): number {
  return store.sites.awaiting(date);
}

export function listSites(store: Store, date: string): SiteOccupancy[] {
  return store.sites.all().map((s) => {
    const occupied = store.sites.occupied(s.id, date);
    return { name: s.name, capacity: s.capacity, occupied, free: s.capacity - occupied, address: s.address, head: s.head };
  });
}

/** The first day in [from, to] on which the site has no room for one more, or null. */
export function firstFullDay(store: Store, siteId: number, capacity: number, from: string, to: string): { date: string; occupied: number } | null {
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const occupied = store.sites.occupied(siteId, d);
    if (occupied + 1 > capacity) return { date: d, occupied };
  }
  return null;
}
