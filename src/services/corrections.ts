/**
 * Corrections of arrivals (issue 14), audited, never silent: an edit of any registration field
 * (re-validated as at registration, the ID number too), with the fields before and after in the
 * audit row; a deletion of a registration made in error (the arrival, its measures and its tests
 * leave every list, count and report; the audit keeps why), and its undoing.
 */
import { normaliseDocType } from '../domain/document.js';
import { validateArrival, type ArrivalInput, type ArrivalRecord } from '../domain/arrival.js';
import { DuplicateError, NotFoundError, ValidationError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';
import { maskIdNumber } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalRow } from '../store/arrivals.js';
import type { InspectionRow } from '../store/inspections.js';
import type { ServiceContext } from './context.js';
import { resolveArrival } from './registration.js';
import { arrivalRules } from './arrival-rules.js';
import { applyReassign, reassignPlan, type ReassignPlan } from './quarantine/reassign.js';

/** The registration fields, as the input of validateArrival. */
export const EDITABLE = ['name', 'doc_type', 'id_number', 'doc_country', 'phone', 'origin', 'arrival_date', 'arrival_time', 'transport', 'vehicle', 'destination', 'township', 'contact_type', 'exposure_date', 'entry_date', 'left_date', 'note'] as const;
export type Editable = (typeof EDITABLE)[number];

export interface EditResult {
  arrival: ArrivalRow;
  /** The fields that changed, in order; their values before and after (objects keyed by field, so that masking finds the personal ones). */
  fields: Editable[];
  before: Partial<Record<Editable, string | null>>;
  after: Partial<Record<Editable, string | null>>;
  dry_run: boolean;
  /** With reassign, when the arrival date, contact type or exposure date changed: the policy choice run again (planned on a dry run). */
  reassign: ReassignPlan | null;
  /**
   * Without reassign, when a field the policy choice depends on changed and the person's current
   * measure no longer matches the corrected record: what re-running the choice would do (nothing
   * of it done). The edit says so, and how to reassign (issue 24).
   */
  mismatch?: ReassignPlan | null;
}

/** The fields whose change may change the policy chosen (arrival edit --reassign). */
export const POLICY_FIELDS: readonly Editable[] = ['arrival_date', 'contact_type', 'exposure_date', 'origin', 'entry_date', 'left_date'];

function inputOf(row: Omit<ArrivalRecord, 'expected'>): ArrivalInput {
  const out: Record<string, string | undefined> = {};
  for (const f of EDITABLE) {
    const v = (row as unknown as Record<string, unknown>)[f];
    out[f] = v == null ? undefined : String(v);
  }
  return out as ArrivalInput;
}

/** The fields of `next` that differ from `row`. */
export function diffRecord(row: Omit<ArrivalRecord, 'expected'>, next: Omit<ArrivalRecord, 'expected'>): Array<{ field: Editable; before: string | null; after: string | null }> {
  const changes: Array<{ field: Editable; before: string | null; after: string | null }> = [];
  for (const f of EDITABLE) {
    const a = (row as unknown as Record<string, unknown>)[f] ?? null;
    const b = (next as unknown as Record<string, unknown>)[f] ?? null;
    if (a !== b) changes.push({ field: f, before: a as string | null, after: b as string | null });
  }
  return changes;
}

/**
 * Changes registration fields of one arrival. A field given as '' is cleared (optional fields
 * only: the required ones fail validation). Nothing is written on a dry run.
 */
export function editArrival(store: Store, key: string, fields: Partial<Record<Editable, string>>, ctx: ServiceContext, opts: { dryRun?: boolean; reassign?: boolean } = {}): EditResult {
  const given = Object.entries(fields).filter(([, v]) => v !== undefined);
  // --reassign alone: the policy choice run again on the record as it stands (after an edit made without it)
  if (given.length === 0 && !opts.reassign) throw new ValidationError({ field: 'fields', code: 'required' });
  const row = resolveArrival(store, key, ctx);
  const input = { ...inputOf(row), ...Object.fromEntries(given.map(([k, v]) => [k, v === '' ? undefined : v])) } as ArrivalInput;
  // a passport's country goes with it when the document becomes another type
  if (fields.doc_type !== undefined && fields.doc_country === undefined && normaliseDocType(fields.doc_type) !== 'passport') input.doc_country = undefined;
  const { record, problems } = validateArrival(input, ctx.today, arrivalRules(store));
  if (!record) throw new ValidationError(problems);
  const changes = diffRecord(row, record);
  const before = Object.fromEntries(changes.map((c) => [c.field, c.before]));
  const after = Object.fromEntries(changes.map((c) => [c.field, c.after]));
  const policyChanged = changes.some((c) => POLICY_FIELDS.includes(c.field));
  const rerun = !!opts.reassign && (policyChanged || given.length === 0);
  // without --reassign: a measure that no longer matches the corrected record is said, not changed
  const mismatchOf = (next: ArrivalRow): ReassignPlan | null => {
    if (opts.reassign || !policyChanged) return null;
    const plan = reassignPlan(store, next, ctx.today);
    return plan.action === 'replace' || plan.action === 'end' ? plan : null;
  };
  const result = (arrival: ArrivalRow, dry: boolean, reassign: ReassignPlan | null = null): EditResult => ({ arrival, fields: changes.map((c) => c.field), before, after, dry_run: dry, reassign, mismatch: mismatchOf(arrival) });
  if ((changes.length === 0 && !rerun) || opts.dryRun) {
    const next = { ...row, ...record, expected: row.expected };
    return result(next, !!opts.dryRun, rerun ? reassignPlan(store, next, ctx.today) : null);
  }
  if (changes.length === 0) return store.transaction(() => result(row, false, applyReassign(store, row, reassignPlan(store, row, ctx.today), ctx)));
  return store.transaction(() => {
    const clash = store.arrivals.findByKey(record.id_number, record.arrival_date, record.doc_type);
    if (clash && clash.id !== row.id) {
      throw new DuplicateError({ field: 'arrival_date', code: 'duplicate', params: { id_number: maskIdNumber(record.id_number), date: record.arrival_date, id: clash.id } });
    }
    store.arrivals.update(row.id, record);
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'arrival.edit',
      record: `arrival:${row.id}`,
      before,
      after,
    });
    const next = store.arrivals.get(row.id)!;
    // the same transaction: the correction and its consequence stand or fall together
    return result(next, false, rerun ? applyReassign(store, next, reassignPlan(store, next, ctx.today), ctx) : null);
  });
}

export interface DeletionResult {
  arrival: ArrivalRow;
  measures: number;
  tests: number;
}

function counts(store: Store, id: number): { measures: number; tests: number } {
  const measures = store.measures.forArrival(id);
  return { measures: measures.length, tests: store.tests.countForArrival(id) };
}

/** Deletes a registration made in error: it, its measures and its tests leave every list and report. */
export function deleteArrival(store: Store, key: string, reasonText: string, ctx: ServiceContext): DeletionResult {
  const reason = (reasonText ?? '').trim();
  if (!reason) throw new ValidationError({ field: 'reason', code: 'required' });
  const row = resolveArrival(store, key, ctx);
  return store.transaction(() => {
    const at = ctx.now.toISOString().slice(0, 19) + 'Z';
    store.arrivals.setDeleted(row.id, at, reason);
    const c = counts(store, row.id);
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'arrival.delete',
      record: `arrival:${row.id}`,
      before: { deleted_at: null, arrival_date: row.arrival_date },
      after: { deleted_at: at, reason, arrival_date: row.arrival_date, measures: c.measures, tests: c.tests },
    });
    return { arrival: store.arrivals.get(row.id)!, ...c };
  });
}

/** Undoes a deletion: the arrival, its measures and its tests are back where they were. */
export function restoreArrival(store: Store, key: string, ctx: ServiceContext): DeletionResult {
  const row = resolveArrival(store, key, ctx, { deleted: true });
  if (row.deleted_at == null) throw new NotFoundError({ field: 'id_number', code: 'unknown_arrival', params: { key } });
  return store.transaction(() => {
    const clash = store.arrivals.list({ idNumber: row.id_number, docType: row.doc_type }).find((a) => a.arrival_date === row.arrival_date);
    if (clash) throw new DuplicateError({ field: 'arrival_date', code: 'duplicate', params: { id_number: maskIdNumber(row.id_number), date: row.arrival_date, id: clash.id } });
    store.arrivals.setDeleted(row.id, null, null);
    const c = counts(store, row.id);
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'arrival.restore',
      record: `arrival:${row.id}`,
      before: { deleted_at: row.deleted_at, reason: row.deleted_reason, arrival_date: row.arrival_date },
      after: { deleted_at: null, arrival_date: row.arrival_date, measures: c.measures, tests: c.tests },
    });
    return { arrival: store.arrivals.get(row.id)!, ...c };
  });
}

/** Voids an inspection typed in error: it leaves the lists, the checkpoint's counts and the report; the audit keeps why. */
export function voidInspection(store: Store, id: number, reasonText: string, ctx: ServiceContext): InspectionRow {
  const reason = (reasonText ?? '').trim();
  if (!reason) throw new ValidationError({ field: 'reason', code: 'required' });
  const row = Number.isSafeInteger(id) ? store.inspections.get(id) : undefined;
  if (!row || row.voided_at != null) throw new NotFoundError({ field: 'inspection', code: 'unknown_inspection', params: { id } });
  return store.transaction(() => {
    const at = ctx.now.toISOString().slice(0, 19) + 'Z';
    store.inspections.void(row.id, at, reason);
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'inspection.void',
      record: `inspection:${row.id}`,
      before: { voided_at: null, checkpoint: row.checkpoint, inspected_at: row.inspected_at, anomalies: row.anomalies },
      after: { voided_at: at, reason, date: row.inspected_date, arrival_id: row.arrival_id },
    });
    return store.inspections.get(row.id)!;
  });
}

/** An expected arrival (registered in advance) has arrived: on `date` (default today, not after it). Audited. */
export function confirmArrival(store: Store, key: string, opts: { date?: string }, ctx: ServiceContext): ArrivalRow {
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'arrival_date', code: 'date', params: { value: opts.date } });
  if (date > ctx.today) throw new ValidationError({ field: 'arrival_date', code: 'date_future', params: { value: date, today: ctx.today } });
  const row = resolveArrival(store, key, ctx);
  if (!row.expected) throw new ValidationError({ field: 'arrival_date', code: 'not_expected', params: { id: row.id, date: row.arrival_date } });
  return store.transaction(() => {
    const clash = store.arrivals.findByKey(row.id_number, date, row.doc_type);
    if (clash && clash.id !== row.id) throw new DuplicateError({ field: 'arrival_date', code: 'duplicate', params: { id_number: maskIdNumber(row.id_number), date, id: clash.id } });
    store.arrivals.confirm(row.id, date);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'arrival.confirm', record: `arrival:${row.id}`, before: { expected: true, arrival_date: row.arrival_date }, after: { expected: false, arrival_date: date } });
    return store.arrivals.get(row.id)!;
  });
}
