/** Nucleic-acid test follow-up: the day's list, results (one or a lab's file), overdue tests, positives. */
import path from 'node:path';
import { DuplicateError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import type { Decision } from '../domain/inspection.js';
import { addDays, localDateTime, parseDate, parseDateTime } from '../domain/dates.js';
import { parsePersonNumber } from '../domain/document.js';
import type { Store } from '../store/db.js';
import type { DueRow, TestResult } from '../store/tests.js';
import type { ServiceContext } from './context.js';
import { importFile, type ImportOptions, type ImportResult } from './import.js';
import { resolveArrival } from './registration.js';

export const RESULTS = ['negative', 'positive', 'pending'] as const;
const RESULT_ALIASES: Record<string, TestResult> = { negative: 'negative', 阴性: 'negative', 阴: 'negative', positive: 'positive', 阳性: 'positive', 阳: 'positive', pending: 'pending', 待出: 'pending', 检测中: 'pending' };

/** A scheduled test: done (a final result), sampled and awaiting its result, or missing (not sampled). */
export type TestState = 'done' | 'pending' | 'missing';

export interface FollowUp extends DueRow {
  /** Where to find the person: the site in a centralised phase, else the address. */
  where: string;
  state: TestState;
  /** A final result is in (negative or positive). */
  done: boolean;
  /** Sampled, awaiting the result: not done, not missing. */
  pending: boolean;
  /** A positive not ruled out as false: the person's measure is flagged, or this test was positive. */
  positive: boolean;
}

function followUp(r: DueRow): FollowUp {
  const state: TestState = r.result === 'negative' || r.result === 'positive' ? 'done' : r.result === 'pending' ? 'pending' : 'missing';
  const positive = r.flag === 'positive' || (r.result === 'positive' && r.decision !== 'false_positive');
  return { ...r, where: r.site_name ?? r.destination, state, done: state === 'done', pending: state === 'pending', positive };
}

/** How many of a list are done, pending and missing. */
export function tally(rows: FollowUp[]): { due: number; done: number; pending: number; missing: number } {
  const n = { due: rows.length, done: 0, pending: 0, missing: 0 };
  for (const r of rows) n[r.state]++;
  return n;
}

/** The day's follow-up list: who is due a test, where, which day of which phase, done or not. */
export function testsDue(store: Store, date: string): FollowUp[] {
  return store.tests.due(date).map(followUp);
}

/**
 * Scheduled tests with no final result by the end of their day, due before `date`, back to
 * `since`: not sampled (missing), or sampled and still awaiting the result (pending).
 */
export function testsOverdue(store: Store, date: string, since?: string): FollowUp[] {
  return store.tests.overdue(since ?? addDays(date, -30), date).map(followUp);
}

export interface ResultInput {
  date: string;
  result: string;
  sample_time?: string;
  lab?: string;
}

export interface Recorded {
  id: number;
  id_number: string;
  name: string;
  test_date: string;
  result: TestResult;
  measure_id: number | null;
  /** True when this result flagged the person's measure for the official's decision. */
  flagged: boolean;
  /** True when this final result completed a pending one of the same date (sampled, awaiting result). */
  completed: boolean;
}

function validateResult(input: ResultInput, today: string): { date: string; result: TestResult; sample: string | null; lab: string | null } | Problem[] {
  const problems: Problem[] = [];
  const date = parseDate(input.date ?? '');
  if (!date) problems.push({ field: 'date', code: 'date', params: { value: input.date ?? '' } });
  else if (date > today) problems.push({ field: 'date', code: 'date_future', params: { value: date, today } });
  const result = RESULT_ALIASES[(input.result ?? '').trim().toLowerCase()];
  if (!result) problems.push({ field: 'result', code: 'enum', params: { value: input.result ?? '', allowed: RESULTS.join('|') } });
  let sample: string | null = null;
  if (input.sample_time && input.sample_time.trim()) {
    const s = parseDateTime(input.sample_time);
    if (!s) problems.push({ field: 'sample_time', code: 'date', params: { value: input.sample_time } });
    else sample = `${s.date}T${s.time ?? '00:00'}`;
  }
  if (problems.length) return problems;
  return { date: date!, result: result!, sample, lab: input.lab?.trim() || null };
}

type Valid = { date: string; result: TestResult; sample: string | null; lab: string | null };

/** Whether two results of a date are the same sample: same sampling time, or one of them has none. */
function sameSample(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

/**
 * Writes a result: a final one completes the pending result of the same date and sample (sampled,
 * awaiting result) rather than standing beside it; null when it is there already.
 */
function write(store: Store, idNumber: string, name: string, arrivalId: number | null, v: Valid, ctx: ServiceContext, at: string): Recorded | null {
  const m = store.measures.inForceFor(idNumber, v.date) ?? null;
  const sameDay = store.tests.onDate(idNumber, v.date).filter((r) => sameSample(r.sample_time, v.sample));
  let id: number | null = null;
  let completed = false;
  if (v.result === 'pending') {
    // a pending result after the final one of that sample would hide nothing, and say less
    if (sameDay.length > 0) return null;
    id = store.tests.insert({ id_number: idNumber, arrival_id: arrivalId, measure_id: m?.id ?? null, test_date: v.date, sample_time: v.sample, result: v.result, lab: v.lab }, at, ctx.actor);
  } else {
    // a final result of the same sample is there already (a second one without a sampling time cannot be told apart)
    if (sameDay.some((r) => r.result !== 'pending')) return null;
    const pending = sameDay.find((r) => r.result === 'pending');
    if (pending) {
      completed = store.tests.complete(pending.id, { result: v.result, sample_time: v.sample, lab: v.lab, measure_id: m?.id ?? null });
      id = pending.id;
    } else {
      id = store.tests.insert({ id_number: idNumber, arrival_id: arrivalId, measure_id: m?.id ?? null, test_date: v.date, sample_time: v.sample, result: v.result, lab: v.lab }, at, ctx.actor);
    }
  }
  if (id === null) return null;
  let flagged = false;
  if (v.result === 'positive' && m) flagged = store.tests.flagPositive(m.id, v.date);
  store.audit.write({
    at: ctx.now,
    actor: ctx.actor,
    action: completed ? 'test.complete' : 'test.record',
    record: `test:${id}`,
    before: completed ? { result: 'pending' } : undefined,
    after: { arrival_id: arrivalId, measure_id: m?.id ?? null, test_date: v.date, result: v.result, lab: v.lab, flagged },
  });
  return { id, id_number: idNumber, name, test_date: v.date, result: v.result, measure_id: m?.id ?? null, flagged, completed };
}

/** Records one result for a person (by arrival number or ID number). */
export function recordResult(store: Store, who: string, input: ResultInput, ctx: ServiceContext): Recorded {
  const arrival = resolveArrival(store, who, ctx);
  const v = validateResult(input, ctx.today);
  if (Array.isArray(v)) throw new ValidationError(v);
  const at = localDateTime(ctx.now, ctx.tz);
  return store.transaction(() => {
    const r = write(store, arrival.id_number, arrival.name, arrival.id, v, ctx, at);
    if (!r) throw new DuplicateError({ field: 'date', code: 'result_exists', params: { date: v.date } });
    return r;
  });
}

export interface Amended extends Recorded {
  /** The result as it was. */
  previous: TestResult;
  /** True when the amendment took the person's positive flag away. */
  unflagged: boolean;
}

/**
 * Corrects a recorded result of a date (test record --amend): the latest of that date and sample.
 * Audited with before and after; a positive flags the measure, and a positive amended away
 * unflags it when no other positive of it stands.
 */
export function amendResult(store: Store, who: string, input: ResultInput & { reason?: string }, ctx: ServiceContext): Amended {
  const arrival = resolveArrival(store, who, ctx);
  const v = validateResult(input, ctx.today);
  if (Array.isArray(v)) throw new ValidationError(v);
  const sameDay = store.tests.onDate(arrival.id_number, v.date).filter((r) => sameSample(r.sample_time, v.sample));
  const was = sameDay[sameDay.length - 1];
  if (!was) throw new NotFoundError({ field: 'date', code: 'no_result_to_amend', params: { date: v.date } });
  return store.transaction(() => {
    store.tests.amend(was.id, { result: v.result, sample_time: v.sample, lab: v.lab });
    const m = was.measure_id !== null ? store.measures.get(was.measure_id) ?? null : store.measures.inForceFor(arrival.id_number, v.date) ?? null;
    let flagged = false;
    let unflagged = false;
    if (v.result === 'positive' && m) flagged = store.tests.flagPositive(m.id, v.date);
    if (was.result === 'positive' && v.result !== 'positive' && m) unflagged = store.tests.unflagIfClear(m.id);
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'test.amend',
      record: `test:${was.id}`,
      before: { result: was.result, sample_time: was.sample_time, lab: was.lab },
      after: { result: v.result, sample_time: v.sample ?? was.sample_time, lab: v.lab ?? was.lab, date: v.date, arrival_id: arrival.id, reason: input.reason?.trim() || null, flagged, unflagged },
    });
    return { id: was.id, id_number: arrival.id_number, name: arrival.name, test_date: v.date, result: v.result, measure_id: m?.id ?? null, flagged, completed: false, previous: was.result, unflagged };
  });
}

export interface ResultsImportResult extends ImportResult {
  positives: number;
  /** Pending results completed by a final one (counted in `inserted` too). */
  completed: number;
}

/**
 * The lab's CSV: all or nothing unless skipInvalid (then a rejects file). Rows for people with no
 * arrival are refused (register them first); a positive result flags the person's measure.
 */
export async function importResults(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<ResultsImportResult> {
  const at = localDateTime(ctx.now, ctx.tz);
  let positives = 0;
  let completed = 0;
  type Row = { idNumber: string; arrival: { id: number; name: string }; v: Exclude<ReturnType<typeof validateResult>, Problem[]> };
  return importFile<'tests', Row, { positives: number; completed: number }>(
    store,
    file,
    'tests',
    {
      validate(row) {
        const problems: Problem[] = [];
        const id = parsePersonNumber(row.id_number ?? '', ctx.today);
        if (!id.ok) problems.push(id.problem);
        const v = validateResult({ date: row.date ?? '', result: row.result ?? '', sample_time: row.sample_time, lab: row.lab }, ctx.today);
        if (Array.isArray(v)) problems.push(...v);
        let arrival: { id: number; name: string } | undefined;
        if (id.ok) {
          const list = store.arrivals.list({ idNumber: id.value.idNumber });
          arrival = list[list.length - 1];
          if (!arrival) problems.push({ field: 'id_number', code: 'unknown_arrival', params: { key: `${id.value.idNumber.slice(0, 6)}********${id.value.idNumber.slice(-4)}` } });
        }
        if (problems.length || Array.isArray(v) || !id.ok || !arrival) return { problems };
        return { record: { idNumber: id.value.idNumber, arrival, v }, problems };
      },
      insert({ idNumber, arrival, v }) {
        const r = write(store, idNumber, arrival.name, arrival.id, v, ctx, at);
        if (!r) return 'duplicate';
        if (r.result === 'positive') positives++;
        if (r.completed) completed++;
        return 'inserted';
      },
      extra: () => ({ positives, completed }),
      audit: (c) => ({ at: ctx.now, actor: ctx.actor, action: 'test.import', record: `file:${path.basename(file)}`, after: { read: c.read, inserted: c.inserted, completed: c.completed, duplicates: c.duplicates, rejected: c.rejected, positives: c.positives } }),
    },
    opts,
  );
}

// ——— the decision on a positive ———

export const DECISIONS = ['confirmed', 'false-positive', 'transferred'] as const;
const DECISION_ALIASES: Record<string, Decision> = {
  confirmed: 'confirmed', 确诊: 'confirmed', 'false-positive': 'false_positive', false_positive: 'false_positive', 假阳性: 'false_positive', 排除: 'false_positive',
  transferred: 'transferred', 转运: 'transferred', 已转运: 'transferred',
};

export interface Reviewed {
  test_id: number;
  arrival_id: number;
  name: string;
  id_number: string;
  test_date: string;
  decision: Decision;
  /** The decision before this one, when a decision is changed (confirmed, then transferred). */
  previous: Decision | null;
  note: string;
  decided_on: string;
  measure_id: number | null;
  /** Whether the person is still flagged: a false positive clears the flag, the others keep it. */
  flagged: boolean;
  /**
   * Transferred: the measure the person was under, ended that day with the outcome 转运 (the bed
   * freed, no test due from then on); null when they were under none still running.
   */
  transferred_measure: { measure_id: number; ended_on: string } | null;
}

/**
 * Records what was decided about a person's positive (the latest, or the one of `date`):
 * confirmed, false positive after a retest (clears the flag, and the checkpoint no longer stops
 * them for it), or transferred to hospital (keeps it). Audited; a later review replaces the decision.
 */
export function reviewPositive(store: Store, who: string, input: { decision: string; note: string; date?: string }, ctx: ServiceContext): Reviewed {
  const arrival = resolveArrival(store, who, ctx);
  const problems: Problem[] = [];
  const decision = DECISION_ALIASES[(input.decision ?? '').trim().toLowerCase()];
  if (!decision) problems.push({ field: 'decision', code: 'enum', params: { value: input.decision ?? '', allowed: DECISIONS.join('|') } });
  const note = (input.note ?? '').trim();
  if (!note) problems.push({ field: 'note', code: 'required' });
  else if (note.length > 200) problems.push({ field: 'note', code: 'too_long', params: { max: 200 } });
  let date: string | null = null;
  if (input.date) {
    date = parseDate(input.date);
    if (!date) problems.push({ field: 'date', code: 'date', params: { value: input.date } });
  }
  if (problems.length) throw new ValidationError(problems);
  const positives = store.tests.forPerson(arrival.id_number).filter((r) => r.result === 'positive' && (!date || r.test_date === date));
  const test = positives[positives.length - 1];
  if (!test) throw new NotFoundError({ field: 'date', code: 'no_positive', params: { id: arrival.id, date: date ?? '' } });
  return store.transaction(() => {
    store.tests.review(test.id, decision!, note, ctx.today, ctx.actor);
    let flagged = false;
    if (test.measure_id !== null) {
      const open = store.tests.openPositives(test.measure_id);
      store.tests.decideFlag(test.measure_id, decision!, open === 0);
      flagged = store.measures.get(test.measure_id)!.flag === 'positive';
    }
    const transferred = decision === 'transferred' ? transferOut(store, arrival, note, ctx) : null;
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'test.review',
      record: `test:${test.id}`,
      before: { decision: test.decision },
      after: { test_date: test.test_date, decision, note, measure_id: test.measure_id, flagged },
    });
    return { test_id: test.id, arrival_id: arrival.id, name: arrival.name, id_number: arrival.id_number, test_date: test.test_date, decision: decision!, previous: test.decision, note, decided_on: ctx.today, measure_id: test.measure_id, flagged, transferred_measure: transferred };
  });
}

/**
 * A positive transferred (转运) to hospital or a designated site leaves the books: the measure the
 * person is under, still running, ends on the day of the decision (or its start, if not begun)
 * with the outcome 'transferred' — not a release, not a cancellation — audited.
 */
function transferOut(store: Store, arrival: { id: number; id_number: string }, note: string, ctx: ServiceContext): { measure_id: number; ended_on: string } | null {
  // the person's measure in force today (of any of their arrivals), else the one of this arrival not begun yet
  const m = store.measures.inForceFor(arrival.id_number, ctx.today) ?? store.measures.currentForArrival(arrival.id);
  if (!m || m.status !== 'active' || m.release_date <= ctx.today) return null;
  const on = ctx.today < m.start_date ? m.start_date : ctx.today;
  if (!store.measures.transferOut(m.id, on, note)) return null;
  store.audit.write({
    at: ctx.now,
    actor: ctx.actor,
    action: 'measure.end',
    record: `measure:${m.id}`,
    before: { status: m.status, policy: m.policy_id, release_date: m.release_date },
    after: { outcome: 'transferred', released_on: on, reason: note },
  });
  return { measure_id: m.id, ended_on: on };
}
