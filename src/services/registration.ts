/**
 * Registering arrivals and finding people. Takes a Store and plain values, returns plain data.
 */
import { ADVANCE_DAYS, validateArrival, type ArrivalInput } from '../domain/arrival.js';
import { DuplicateError, NotFoundError, ValidationError } from '../domain/errors.js';
import { parseIdNumber, type IdInfo } from '../domain/idnumber.js';
import { localDateTime } from '../domain/dates.js';
import type { RowStream } from '../domain/row-stream.js';
import { maskIdNumber } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter, ArrivalRow } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';

/** Validates and registers one arrival, in one transaction with its audit row. */
export function registerArrival(store: Store, input: ArrivalInput, ctx: ServiceContext): ArrivalRow {
  const { record, problems } = validateArrival(input, ctx.today, { advanceDays: ADVANCE_DAYS });
  if (!record) throw new ValidationError(problems);
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const id = store.arrivals.insert(record, at, ctx.actor);
    if (id === null) {
      const existing = store.arrivals.findByKey(record.id_number, record.arrival_date)!;
      throw new DuplicateError({
        field: 'arrival_date',
        code: 'duplicate',
        params: { id_number: maskIdNumber(record.id_number), date: record.arrival_date, id: existing.id },
      });
    }
    const row = store.arrivals.get(id)!;
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'arrival.add', record: `arrival:${id}`, after: row });
    return row;
  });
}

export function listArrivals(store: Store, filter: ArrivalFilter): ArrivalRow[] {
  return store.arrivals.list(filter);
}

/** The same listing read as it is shown (a count, then a row at a time): lists of any size in bounded memory. */
export function streamArrivals(store: Store, filter: ArrivalFilter): RowStream<ArrivalRow> {
  return store.arrivals.stream(filter);
}

/** Several people answer to a name: their arrivals, to choose one by number or ID number. */
export interface Matches {
  key: string;
  matches: ArrivalRow[];
}

export interface Person {
  id_number: string;
  name: string;
  birth_date: string;
  sex: 'male' | 'female';
  arrivals: ArrivalRow[];
}

/**
 * The arrival a command is about: by its number, or by ID number (the person's latest arrival).
 */
export function resolveArrival(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>, opts: { deleted?: boolean } = {}): ArrivalRow {
  const k = key.trim();
  if (/^\d{1,12}$/.test(k)) {
    const row = store.arrivals.get(Number(k));
    // a deleted arrival is found only by the verbs that undo or show a deletion
    if (row && (opts.deleted ? row.deleted_at != null : row.deleted_at == null)) return row;
  } else {
    const parsed = parseIdNumber(k, ctx.today);
    if (!parsed.ok) throw new ValidationError(parsed.problem);
    const all = store.arrivals.list({ idNumber: parsed.value.idNumber, withDeleted: opts.deleted, expected: 'all' }).filter((a) => (opts.deleted ? a.deleted_at != null : a.deleted_at == null));
    if (all.length > 0) return all[all.length - 1];
  }
  throw new NotFoundError({ field: 'id_number', code: 'unknown_arrival', params: { key: k.length === 18 ? maskIdNumber(k) : k } });
}

/**
 * A person and every arrival of theirs, found by an arrival's number or by ID number
 * (an old 15-digit number is converted first).
 */
export function showPerson(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>): Person | Matches {
  const k = key.trim();
  if (!/^\d/.test(k)) {
    // a name: the person when one has it, else everyone whose name contains it, to choose from
    const exact = store.arrivals.list({ name: k }).filter((a) => a.name === k);
    const found = exact.length > 0 ? exact : store.arrivals.list({ name: k });
    const people = new Set(found.map((a) => a.id_number));
    if (people.size === 0) throw new NotFoundError({ field: 'id_number', code: 'unknown_arrival', params: { key: k } });
    if (people.size > 1) return { key: k, matches: found };
    return showPerson(store, String(found[0].id), ctx) as Person;
  }
  const arrivals = store.arrivals.list({ idNumber: resolveArrival(store, key, ctx).id_number, expected: 'all' });
  const latest = arrivals[arrivals.length - 1];
  const info = parseIdNumber(latest.id_number, '9999-12-31');
  const id = (info.ok ? info.value : undefined) as IdInfo;
  return { id_number: latest.id_number, name: latest.name, birth_date: id.birthDate, sex: id.sex, arrivals };
}
