/** Risk areas: set, list, clear, import the province's list. */
import path from 'node:path';
import { inForce, normaliseLevel, regionOf, RISK_LEVELS, type RiskArea } from '../domain/area.js';
import { ValidationError, NotFoundError, type Problem } from '../domain/errors.js';
import { addDays, localDateTime, parseDate } from '../domain/dates.js';
import type { Store } from '../store/db.js';
import type { AreaRow } from '../store/areas.js';
import type { ServiceContext } from './context.js';
import { importFile, type ImportOptions, type ImportResult } from './import.js';

export interface AreaInput {
  region: string;
  level: string;
  from?: string;
  to?: string;
}

/** Validates an area; `from` defaults to today. */
export function validateArea(input: AreaInput, today: string): { area?: RiskArea; problems: Problem[] } {
  const problems: Problem[] = [];
  let region = (input.region ?? '').replace(/\s/g, '');
  let place: { code: string; name: string } | null = null;
  if (!region) problems.push({ field: 'region', code: 'required' });
  else if (region.length > 100) problems.push({ field: 'region', code: 'too_long', params: { max: 100 } });
  else {
    // a place of the mainland, however written (广州海珠): kept by its full name and code
    const r = regionOf(region);
    if ('field' in r) problems.push(r);
    else {
      region = r.region;
      place = { code: r.code, name: r.name };
    }
  }
  const level = normaliseLevel(input.level ?? '');
  if (!level) problems.push({ field: 'level', code: 'enum', params: { value: input.level ?? '', allowed: RISK_LEVELS.join('|') } });
  let from: string | null = today;
  if (input.from && input.from.trim()) {
    from = parseDate(input.from);
    if (!from) problems.push({ field: 'from', code: 'date', params: { value: input.from } });
  }
  let to: string | null = null;
  if (input.to && input.to.trim()) {
    to = parseDate(input.to);
    if (!to) problems.push({ field: 'to', code: 'date', params: { value: input.to } });
    else if (from && to < from) problems.push({ field: 'to', code: 'to_before_from', params: { from, to } });
  }
  if (problems.length) return { problems };
  return { area: { region, region_code: place?.code ?? null, region_name: place?.name ?? null, level: level!, valid_from: from!, valid_to: to }, problems };
}

/** Names an area for a period. An area of the same region in force over the same days is ended the day before. */
export function setArea(store: Store, input: AreaInput, ctx: ServiceContext): AreaRow {
  const { area, problems } = validateArea(input, ctx.today);
  if (!area) throw new ValidationError(problems);
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const id = writeArea(store, area, { at, now: ctx.now }, ctx.actor);
    return store.areas.forRegion(area.region).find((a) => a.id === id)!;
  });
}

/** Writes an area in the caller's transaction: `at` is the record's time, `now` the audit's. */
function writeArea(store: Store, area: RiskArea, when: { at: string; now: Date }, actor: string): number {
  const { at, now } = when;
  for (const old of store.areas.forRegion(area.region)) {
    const overlaps = old.valid_from <= (area.valid_to ?? '9999-12-31') && (old.valid_to ?? '9999-12-31') >= area.valid_from;
    if (!overlaps) continue;
    if (old.valid_from >= area.valid_from) {
      store.areas.delete(old.id);
      store.audit.write({ at: now, actor, action: 'area.replace', record: `area:${old.id}`, before: old });
    } else {
      store.areas.setValidTo(old.id, addDays(area.valid_from, -1));
      store.audit.write({ at: now, actor, action: 'area.end', record: `area:${old.id}`, before: old, after: { valid_to: addDays(area.valid_from, -1) } });
    }
  }
  const id = store.areas.insert(area, at, actor);
  store.audit.write({ at: now, actor, action: 'area.set', record: `area:${id}`, after: area });
  return id;
}

/** All areas, or those in force on a date. */
export function listAreas(store: Store, date?: string): AreaRow[] {
  const all = store.areas.all();
  return date ? all.filter((a) => inForce(a, date)) : all;
}

/** Ends an area: it is no longer in force from `date` (default today). History is kept. */
export function clearArea(store: Store, region: string, date: string, ctx: ServiceContext): AreaRow[] {
  const typed = region.replace(/\s/g, '');
  const place = regionOf(typed);
  const r = 'field' in place || store.areas.forRegion(typed).length > 0 ? typed : place.region;
  return store.transaction(() => {
    const touched: AreaRow[] = [];
    for (const a of store.areas.forRegion(r)) {
      if (a.valid_to !== null && a.valid_to < date) continue;
      if (a.valid_from >= date) {
        store.areas.delete(a.id);
        store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'area.clear', record: `area:${a.id}`, before: a });
      } else {
        store.areas.setValidTo(a.id, addDays(date, -1));
        store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'area.clear', record: `area:${a.id}`, before: a, after: { valid_to: addDays(date, -1) } });
      }
      touched.push(a);
    }
    if (touched.length === 0) throw new NotFoundError({ field: 'region', code: 'unknown_area', params: { region: r, date } });
    return touched;
  });
}

export interface AreasImportResult extends ImportResult {
  /** Areas set (the rows written): each ends or replaces what it overlaps, as `area set` does. */
  set: number;
}

/** Loads the province's list (CSV: region, level, from, to); all or nothing unless skipInvalid (then a rejects file). */
export async function importAreas(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<AreasImportResult> {
  const at = localDateTime(ctx.now, ctx.tz);
  const r = await importFile<'areas', RiskArea>(
    store,
    file,
    'areas',
    {
      validate(fields) {
        const { area, problems } = validateArea({ region: '', level: '', ...fields }, ctx.today);
        return { record: area, problems };
      },
      insert(area) {
        writeArea(store, area, { at, now: ctx.now }, ctx.actor);
        return 'inserted';
      },
      audit: (c) => ({ at: ctx.now, actor: ctx.actor, action: 'area.import', record: `file:${path.basename(file)}`, after: { read: c.read, set: c.inserted, rejected: c.rejected } }),
    },
    opts,
  );
  return { ...r, set: r.inserted };
}
