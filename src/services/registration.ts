/**
 * Registering arrivals and finding people. Takes a Store and plain values, returns plain data.
 */
import { validateArrival, type ArrivalInput } from '../domain/arrival.js';
import { DuplicateError, NotFoundError, ValidationError } from '../domain/errors.js';
import { parsePersonNumber, parseAnyDocument } from '../domain/document.js';
import { parsePhone } from '../domain/phone.js';
import { localDateTime } from '../domain/dates.js';
import type { RowStream } from '../domain/row-stream.js';
import { maskIdNumber } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter, ArrivalRow } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';
import { arrivalRules } from './arrival-rules.js';

/** Validates and registers one arrival, in one transaction with its audit row. */
export function registerArrival(store: Store, input: ArrivalInput, ctx: ServiceContext): ArrivalRow {
  const { record, problems } = validateArrival(input, ctx.today, arrivalRules(store));
  if (!record) throw new ValidationError(problems);
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const id = store.arrivals.insert(record, at, ctx.actor);
    if (id === null) {
      const existing = store.arrivals.findByKey(record.id_number, record.arrival_date, record.doc_type)!;
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

/** The same document number already registered under another name: who, and whether under a measure now. */
export interface NameClash {
  id_number: string;
  name: string;
  others: Array<{ id: number; name: string; arrival_date: string; under_measure: boolean }>;
}

/**
 * Whether the arrival about to be registered carries a document number that other arrivals have
 * under another name (a typo in the number, or two people on one number): null when not, or when
 * the input is invalid (registerArrival says why). The officer is told before it is written.
 */
export function nameClash(store: Store, input: ArrivalInput, ctx: ServiceContext): NameClash | null {
  const { record } = validateArrival(input, ctx.today, arrivalRules(store));
  if (!record) return null;
  const others = store.arrivals.otherNames(record.id_number, record.doc_type ?? 'resident_id', record.name);
  if (others.length === 0) return null;
  return {
    id_number: maskIdNumber(record.id_number),
    name: record.name,
    others: others.map((o) => {
      const m = store.measures.currentForArrival(o.id);
      return { ...o, under_measure: !!m && m.start_date <= ctx.today && ctx.today < m.release_date };
    }),
  };
}

export function listArrivals(store: Store, filter: ArrivalFilter): ArrivalRow[] {
  return store.arrivals.list(phoneQuery(filter));
}

/**
 * A whole phone number searched for is searched as it is stored (E.164): 0771-5551234 finds
 * +867715551234; a part of one (its last four digits, 138-0013) is searched as typed.
 */
export function phoneQuery<F extends { phone?: string }>(filter: F): F {
  if (!filter.phone) return filter;
  const p = parsePhone(filter.phone);
  return p.ok ? { ...filter, phone: p.value } : filter;
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
  doc_type: string;
  id_number: string;
  doc_country: string | null;
  name: string;
  birth_date: string | null;
  sex: 'male' | 'female' | null;
  arrivals: ArrivalRow[];
}

/**
 * The arrival a command is about: by its number, or by ID number (the person's latest arrival).
 */
export function resolveArrival(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>, opts: { deleted?: boolean } = {}): ArrivalRow {
  const k = key.trim();
  const numeric = /^\d{1,12}$/.test(k);
  if (numeric) {
    const row = store.arrivals.get(Number(k));
    // a deleted arrival is found only by the verbs that undo or show a deletion
    if (row && (opts.deleted ? row.deleted_at != null : row.deleted_at == null)) return row;
  }
  // not an arrival's number: a document's (8 digits may be a Taiwan permit's)
  if (!numeric || /^\d{8}$/.test(k)) {
    const parsed = parsePersonNumber(k, ctx.today);
    if (!parsed.ok) throw new ValidationError(parsed.problem);
    const all = store.arrivals.list({ idNumber: parsed.value.idNumber, withDeleted: opts.deleted, expected: 'all' }).filter((a) => (opts.deleted ? a.deleted_at != null : a.deleted_at == null));
    if (all.length > 0) return all[all.length - 1];
  }
  throw new NotFoundError({ field: 'id_number', code: 'unknown_arrival', params: { key: numeric && k.length !== 8 ? k : maskIdNumber(k) } });
}

/**
 * A person and every arrival of theirs, found by an arrival's number or by ID number
 * (an old 15-digit number is converted first).
 */
export function showPerson(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>): Person | Matches {
  const k = key.trim();
  // a name has no digit (validateArrival refuses one): anything else is a number
  if (!/\d/.test(k)) {
    // a name: the person when one has it, else everyone whose name contains it, to choose from
    const exact = store.arrivals.list({ name: k }).filter((a) => a.name === k);
    const found = exact.length > 0 ? exact : store.arrivals.list({ name: k });
    const people = new Set(found.map((a) => a.id_number));
    if (people.size === 0) throw new NotFoundError({ field: 'id_number', code: 'unknown_arrival', params: { key: k } });
    if (people.size > 1) return { key: k, matches: found };
    return showPerson(store, String(found[0].id), ctx) as Person;
  }
  const found = resolveArrival(store, key, ctx);
  const arrivals = store.arrivals.list({ idNumber: found.id_number, docType: found.doc_type, expected: 'all' });
  const latest = arrivals[arrivals.length - 1];
  // birth date and sex only where the document carries them
  const info = parseAnyDocument(latest.id_number, '9999-12-31');
  const id = info.ok && info.value.doc_type === latest.doc_type ? info.value : null;
  return { doc_type: latest.doc_type, id_number: latest.id_number, doc_country: latest.doc_country ?? null, name: latest.name, birth_date: id?.birthDate ?? null, sex: id?.sex ?? null, arrivals };
}
