/** Checkpoints and inspections: log one, import and export many, find who is not registered. */
import path from 'node:path';
import {
  CHECKPOINT_KINDS, NO_FACTS, TRANSPORT_OF_CHECKPOINT, validateInspection,
  type CheckpointKind, type InspectionInput, type JudgedInspection, type OriginFacts, type RegisterFacts,
} from '../domain/inspection.js';
import { DuplicateError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import { addDays, daysBetween, localDateTime } from '../domain/dates.js';
import { checkTable } from './checks.js';
import { writeCsv } from '../io/csv.js';
import { maskRow } from '../io/mask.js';
import { counted } from '../io/progress.js';
import type { Store } from '../store/db.js';
import type { CheckpointRow, InspectionFilter, InspectionRow } from '../store/inspections.js';
import type { TestResultRow } from '../store/tests.js';
import type { ServiceContext } from './context.js';
import { advanceDays } from './arrival-rules.js';
import { policyChooser } from './policy.js';
import { derivedStart, schedule } from '../domain/policy.js';
import { resolvePlace } from '../domain/places.js';
import type { ArrivalRow } from '../store/arrivals.js';
import { detectDocType, type DocType } from '../domain/document.js';
import { importFile, type ImportOptions, type ImportResult, type InsertOutcome } from './import.js';

export function addCheckpoint(store: Store, input: { name: string; kind: string; location?: string }, ctx: ServiceContext): CheckpointRow {
  const problems: Problem[] = [];
  const name = (input.name ?? '').trim();
  if (!name) problems.push({ field: 'checkpoint', code: 'required' });
  if (!(CHECKPOINT_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', code: 'enum', params: { value: input.kind, allowed: CHECKPOINT_KINDS.join('|') } });
  if (problems.length) throw new ValidationError(problems);
  if (store.inspections.checkpoint(name)) throw new DuplicateError({ field: 'checkpoint', code: 'checkpoint_exists', params: { name } });
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const id = store.inspections.addCheckpoint(name, input.kind as CheckpointKind, input.location?.trim() || null, at, ctx.actor);
    const row = store.inspections.checkpoint(name)!;
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'checkpoint.add', record: `checkpoint:${id}`, after: row });
    return row;
  });
}

export function findCheckpoint(store: Store, name: string): CheckpointRow {
  const c = store.inspections.checkpoint((name ?? '').trim());
  if (!c) throw new NotFoundError({ field: 'checkpoint', code: 'unknown_checkpoint', params: { name } });
  return c;
}

export interface CheckpointCounts extends CheckpointRow {
  inspections: number;
  people: number;
  vehicles: number;
  anomalies: number;
}

export function listCheckpoints(store: Store, date: string): CheckpointCounts[] {
  return store.inspections.checkpoints().map((c) => ({ ...c, ...store.inspections.counts(c.id, date) }));
}

/**
 * "now" for an inspection: the clock time on the command's today. On a day other than the real
 * one (--today, for late entry of paper forms) any time of that day is accepted.
 */
export function inspectionNow(ctx: ServiceContext): { now: string; latest: string } {
  const real = localDateTime(ctx.now, ctx.tz).slice(0, 16);
  const now = `${ctx.today}T${real.slice(11, 16)}`;
  return { now, latest: ctx.today === real.slice(0, 10) ? now : `${ctx.today}T23:59` };
}

/**
 * What the register knows of a person on a date: their latest positive not ruled out as false
 * (or the latest ruled out, for the record), and the phase of their measure in force that day.
 */
export function registerFacts(store: Store): (idNumber: string, date: string) => RegisterFacts {
  return (idNumber, date) => {
    const pos = store.tests.positiveOnRecord(idNumber, date);
    const cleared = pos ? undefined : store.tests.clearedPositive(idNumber, date);
    let phase: RegisterFacts['phase'] = null;
    const m = store.measures.inForceFor(idNumber, date);
    if (m) {
      const p = store.measures.phases(m.id).find((x) => x.start_date <= date && date <= x.end_date);
      if (p) {
        const site = p.kind === 'centralized' ? (store.measures.placements(m.id).filter((pl) => pl.from_date <= date).pop()?.site_name ?? null) : null;
        phase = { kind: p.kind, day: daysBetween(p.start_date, date) + 1, site, policy: m.policy_id, measure_id: m.id };
      }
    }
    return {
      positive: pos ? { test_date: pos.test_date, decision: pos.decision === 'confirmed' || pos.decision === 'transferred' ? pos.decision : null } : null,
      cleared: cleared ? { test_date: cleared.test_date, note: cleared.decision_note } : null,
      phase,
    };
  };
}

/**
 * What a person's origin requires on the day of an inspection (DOMAIN.md, "The origin at the
 * checkpoint"): the rule table's choice (policyChooser, the one assignment uses) for their arrival
 * — the one registered in advance that the inspection confirms (as arriving that day), else their
 * latest up to that day, not yet under a measure — or, failing that, for the origin the
 * checkpoint recorded, as an arrival of that day (a vehicle, someone not registered). Only a
 * measure with phases counts (not the tests of 三天两检), and only while it would still run on
 * the day: someone under a measure in force is left to what the register says of that measure.
 */
export function originFacts(store: Store): (who: { idNumber: string | null; origin: string | null }, date: string) => OriginFacts | null {
  const choose = policyChooser(store);
  const ahead = advanceDays(store);
  const judge = (a: ArrivalRow, date: string, arrivalId: number | null): OriginFacts | null => {
    if (!a.origin && a.contact_type === 'none') return null;
    const c = choose(a);
    if (!c.policy || c.policy.phases.length === 0) return null;
    // counted as assignment would count it: over before the day, it requires nothing any more
    if (schedule(c.policy, derivedStart(a).date).release_date <= date) return null;
    const p = resolvePlace(a.origin);
    const place = p.status === 'domestic' || p.status === 'inbound' ? p.name + p.rest : null;
    return { origin: a.origin, place, category: c.category, risk_area: c.area?.region ?? null, policy: { id: c.policy.id, name: c.policy.name }, arrival_id: arrivalId };
  };
  const taken = (arrivalId: number) => store.measures.forArrival(arrivalId).some((m) => m.status !== 'cancelled' && m.end_kind !== 'cancelled');
  return ({ idNumber, origin }, date) => {
    let arrival: ArrivalRow | undefined;
    if (idNumber) {
      if (store.measures.inForceFor(idNumber, date)) return null;
      const expected = store.arrivals.expectedFor(idNumber, addDays(date, ahead));
      if (expected) arrival = { ...expected, arrival_date: date };
      else {
        const id = store.inspections.arrivalFor(idNumber, date);
        arrival = id ? store.arrivals.get(id) : undefined;
      }
    }
    if (arrival && !taken(arrival.id)) {
      const f = judge(arrival, date, arrival.id);
      if (f) return f;
    }
    if (!origin) return null;
    // the origin said at the checkpoint, as an arrival of that day (a contact type only from the arrival of that day)
    const today = arrival && arrival.arrival_date === date ? arrival : undefined;
    const blank = { origin, arrival_date: date, contact_type: today?.contact_type ?? 'none', exposure_date: today?.exposure_date ?? null } as ArrivalRow;
    return judge(today ? { ...today, origin } : blank, date, null);
  };
}

/** The person's latest final test result on record up to a date: what a checkpoint session offers. */
export function lastTestOnRecord(store: Store, idNumber: string, date: string): TestResultRow | undefined {
  return store.tests.latestFinal(idNumber, date);
}

export interface Logged extends JudgedInspection {
  id: number;
  checkpoint: string;
  checkpoint_kind: CheckpointKind;
  arrival_id: number | null;
  /** The person's measure in force that day, with a positive flag if any. */
  measure: { id: number; policy: string; flag: string | null; flag_decision: string | null } | null;
  /** Where the person should be: their home address (the arrival's destination), for a return home. */
  address: string | null;
  township: string | null;
  /** The arrival registered in advance that this inspection confirmed (arrived that day), or null. */
  confirmed_arrival: number | null;
}

/**
 * A person registered in advance (提前报备) who is inspected at a checkpoint has arrived: the
 * arrival is confirmed on the inspection's date (so it is counted once, as a new arrival of that
 * day), audited as arrival.confirm. Not when they already have an arrival that day, nor for an
 * inspection more than the advance window (config set advance-days) before the expected date
 * (another journey).
 */
function arriveOnInspection(store: Store, idNumber: string, date: string, ctx: ServiceContext): number | null {
  const e = store.arrivals.expectedFor(idNumber, addDays(date, advanceDays(store)));
  if (!e) return null;
  const same = store.arrivals.findByKey(e.id_number, date, e.doc_type);
  if (same && same.id !== e.id) return null;
  store.arrivals.confirm(e.id, date);
  store.audit.write({
    at: ctx.now,
    actor: ctx.actor,
    action: 'arrival.confirm',
    record: `arrival:${e.id}`,
    before: { expected: true, arrival_date: e.arrival_date },
    after: { expected: false, arrival_date: date, by: 'inspection' },
  });
  return e.id;
}

/**
 * Validates and saves one inspection, linked to the person's arrival by ID number, judged by the
 * checks in force and what the register knows. An action other than the one the rules suggest
 * needs a reason (audited); `pass` for a person the rules stop is refused whatever the reason.
 */
export function logInspection(store: Store, checkpointName: string, input: InspectionInput, ctx: ServiceContext, opts: { reason?: string } = {}): Logged {
  const checkpoint = findCheckpoint(store, checkpointName);
  const { now, latest } = inspectionNow(ctx);
  const { record, problems } = validateInspection(input, now, latest, { checks: checkTable(store), facts: registerFacts(store), origin: originFacts(store), checkpointKind: checkpoint.kind, reason: opts.reason, requireReason: true });
  if (!record) throw new ValidationError(problems);
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const confirmed = record.id_number ? arriveOnInspection(store, record.id_number, record.inspected_date, ctx) : null;
    const arrivalId = record.id_number ? store.inspections.arrivalFor(record.id_number, record.inspected_date) : null;
    const arrival = arrivalId ? store.arrivals.get(arrivalId)! : null;
    if (arrival && !record.name) record.name = arrival.name;
    const id = store.inspections.insert(checkpoint.id, record, arrivalId, at, ctx.actor);
    if (id === null) throw new DuplicateError({ field: 'time', code: 'inspection_exists', params: { time: record.inspected_at.replace('T', ' ') } });
    const overridden = record.action !== record.suggested_action;
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'inspection.add',
      record: `inspection:${id}`,
      after: {
        // the audit writer makes the image safe (store/audit.ts)
        ...storedPart(record),
        checkpoint: checkpoint.name,
        ...(overridden ? { override: { suggested: record.suggested_action, action: record.action, reason: record.override_reason } } : {}),
      },
    });
    const m = record.id_number ? store.measures.inForceFor(record.id_number, record.inspected_date) : undefined;
    return {
      ...record,
      id,
      checkpoint: checkpoint.name,
      checkpoint_kind: checkpoint.kind,
      arrival_id: arrivalId,
      measure: m ? { id: m.id, policy: m.policy_id, flag: m.flag, flag_decision: m.flag_decision } : null,
      address: arrival?.destination ?? null,
      township: arrival?.township ?? null,
      confirmed_arrival: confirmed,
    };
  });
}

/** The fields of an inspection that are stored (what its audit row shows). */
function storedPart(r: JudgedInspection): Record<string, unknown> {
  const { verdict: _v, suggested_action: _s, restrictions: _r, notify: _n, register: _g, origin_facts: _o, checks: _c, ...stored } = r;
  return stored;
}

export function listInspections(store: Store, f: { date?: string; checkpoint?: string; anomalies?: boolean }): InspectionRow[] {
  const filter: InspectionFilter = { date: f.date, anomalies: f.anomalies };
  if (f.checkpoint) filter.checkpointId = findCheckpoint(store, f.checkpoint).id;
  return store.inspections.list(filter);
}

/** Inspected people whose ID number has no arrival registered (不漏一人). */
export function unregistered(store: Store, date: string | null) {
  return store.inspections.unregistered(date);
}

/** One person inspected with no arrival, from their first inspection: a row of the sheet `arrival import` takes. */
export interface UnregisteredPerson {
  name: string;
  /** The document its number's shape says (a checkpoint records the number only). */
  doc_type: DocType;
  id_number: string;
  phone: string;
  origin: string;
  /** The day of the inspection. */
  arrival_date: string;
  /** Suggested by the kind of checkpoint (a road checkpoint: car). */
  transport: (typeof TRANSPORT_OF_CHECKPOINT)[CheckpointKind];
  /** Not known at a checkpoint: to be filled in before the sheet is imported. */
  destination: string;
  /** Not known at a checkpoint either: the township the sheet is for (inspect unregistered --township), or empty. */
  township: string;
  vehicle: string;
  checkpoint: string;
  inspected_at: string;
}

/** People inspected with no arrival registered, one per person (their first inspection), as import rows. */
export function unregisteredPeople(store: Store, date: string | null, township = ''): UnregisteredPerson[] {
  const seen = new Set<string>();
  const people: UnregisteredPerson[] = [];
  for (const r of store.inspections.unregistered(date)) {
    if (!r.id_number || seen.has(r.id_number)) continue;
    seen.add(r.id_number);
    people.push({
      name: r.name ?? '', doc_type: detectDocType(r.id_number), id_number: r.id_number, phone: r.phone ?? '', origin: r.origin ?? '', arrival_date: r.inspected_date,
      transport: TRANSPORT_OF_CHECKPOINT[r.checkpoint_kind], destination: '', township, vehicle: r.vehicle ?? '', checkpoint: r.checkpoint, inspected_at: r.inspected_at,
    });
  }
  return people;
}

// ——— import / export ———

export const INSPECTION_COLUMNS = ['checkpoint', 'time', 'id_number', 'name', 'phone', 'vehicle', 'passengers', 'code', 'travel_star', 'test_time', 'test_result', 'temperature', 'action', 'origin'] as const;
export interface InspectionImportResult extends ImportResult {
  anomalies: number;
}

/** Imports inspections; all or nothing unless skipInvalid (then a rejects file). */
export async function importInspections(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<InspectionImportResult> {
  const { now, latest } = inspectionNow(ctx);
  const at = localDateTime(ctx.now, ctx.tz);
  const checkpoints = new Map(store.inspections.checkpoints().map((c) => [c.name, c]));
  const checks = checkTable(store);
  // only people with a measure or a positive on record are looked up: a million rows stay fast
  const known = new Set([...store.measures.idNumbersWithMeasures(), ...store.tests.positiveIdNumbers()]);
  const lookup = registerFacts(store);
  const facts = (idNumber: string, date: string) => (known.has(idNumber) ? lookup(idNumber, date) : NO_FACTS);
  // what an origin requires: by the register for those with a measure or registered in advance,
  // else by the origin column alone, once per origin and day (no lookup a row)
  const judgeOrigin = originFacts(store);
  const registered = new Set(store.arrivals.expectedIdNumbers());
  const byOrigin = new Map<string, OriginFacts | null>();
  const origin = (who: { idNumber: string | null; origin: string | null }, date: string): OriginFacts | null => {
    if (who.idNumber && (known.has(who.idNumber) || registered.has(who.idNumber))) return judgeOrigin(who, date);
    if (!who.origin) return null;
    const key = `${date}|${who.origin}`;
    if (!byOrigin.has(key)) byOrigin.set(key, judgeOrigin({ idNumber: null, origin: who.origin }, date));
    return byOrigin.get(key)!;
  };
  let anomalies = 0;
  const insertOne = ({ checkpointId, record }: { checkpointId: number; record: JudgedInspection }): InsertOutcome => {
    if (record.id_number) arriveOnInspection(store, record.id_number, record.inspected_date, ctx);
    const arrivalId = record.id_number ? store.inspections.arrivalFor(record.id_number, record.inspected_date) : null;
    if (store.inspections.insert(checkpointId, record, arrivalId, at, ctx.actor) === null) return 'duplicate';
    if (record.anomalies.length) anomalies++;
    return 'inserted';
  };
  // those registered in advance, not arrived yet (an import only confirms them: the set only shrinks)
  const expected = new Set(store.backend === 'postgres' ? store.arrivals.expectedIdNumbers() : []);
  return importFile<'inspections', { checkpointId: number; record: JudgedInspection }, { anomalies: number }>(
    store,
    file,
    'inspections',
    {
      validate(input) {
        const problems: Problem[] = [];
        const cp = checkpoints.get((input.checkpoint ?? '').trim());
        if (!cp) problems.push({ field: 'checkpoint', code: 'unknown_checkpoint', params: { name: input.checkpoint ?? '' } });
        // a paper form records what was done: an action other than the suggested one is taken as
        // recorded (there is no reason column), but a pass for someone the rules stop is refused
        const { record, problems: more } = validateInspection(input, now, latest, { checks, facts, origin, checkpointKind: cp?.kind });
        problems.push(...more);
        return { record: cp && record ? { checkpointId: cp.id, record } : undefined, problems };
      },
      insert: insertOne,
      // PostgreSQL: the rows through COPY into a staging table, a thousand at a time (store/inspections.ts insertMany; 5,000 was slower here), the same outcomes in the same order;
      // a batch with someone registered in advance goes row by row, as on SQLite (the inspection confirms the arrival first)
      ...(store.backend === 'postgres'
        ? {
            insertBatch: (batch: Array<{ checkpointId: number; record: JudgedInspection }>) =>
              batch.some(({ record }) => record.id_number !== null && expected.has(record.id_number))
                ? batch.map(insertOne)
                : store.inspections.insertMany(batch, at, ctx.actor).map((id, i): InsertOutcome => {
                    if (id === null) return 'duplicate';
                    if (batch[i].record.anomalies.length) anomalies++;
                    return 'inserted';
                  }),
          }
        : {}),
      extra: () => ({ anomalies }),
      audit: (c) => ({ at: ctx.now, actor: ctx.actor, action: 'inspection.import', record: `file:${path.basename(file)}`, after: { read: c.read, inserted: c.inserted, duplicates: c.duplicates, rejected: c.rejected } }),
    },
    opts,
  );
}

/** Streams inspections as CSV (the columns an import takes). */
export async function exportInspections(
  store: Store,
  target: { file: string } | { stream: NodeJS.WritableStream },
  f: { date?: string; checkpoint?: string; anomalies?: boolean },
  reveal: boolean,
  /** Told how many rows are written, of how many (a progress bar). */
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const filter: InspectionFilter = { date: f.date, anomalies: f.anomalies };
  if (f.checkpoint) filter.checkpointId = findCheckpoint(store, f.checkpoint).id;
  const total = onProgress ? store.inspections.countOf(filter) : 0;
  const rows = counted(store.inspections.iterate(filter), onProgress && ((done) => onProgress(done, total)));
  const n = await writeCsv(target, [...INSPECTION_COLUMNS, 'anomalies'], rows, (row) => {
    const r = reveal ? row : maskRow(row);
    return [r.checkpoint, r.inspected_at.replace('T', ' '), r.id_number, r.name, r.phone, r.vehicle, r.passengers, r.code, r.travel_star ? 'yes' : 'no', r.test_time?.replace('T', ' ') ?? '', r.test_result, r.temperature, r.action, r.origin, r.anomalies];
  });
  return n;
}
