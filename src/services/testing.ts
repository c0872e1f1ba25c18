/** Nucleic-acid test follow-up: the day's list, results (one or a lab's file), overdue tests, positives. */
import path from 'node:path';
import { DuplicateError, ValidationError, type Problem } from '../domain/errors.js';
import { addDays, localDateTime, parseDate, parseDateTime } from '../domain/dates.js';
import { parseIdNumber } from '../domain/idnumber.js';
import type { Store } from '../store/db.js';
import type { DueRow, TestResult } from '../store/tests.js';
import type { ServiceContext } from './context.js';
import { importFile, type ImportOptions, type ImportResult } from './import.js';
import { resolveArrival } from './registration.js';

export const RESULTS = ['negative', 'positive', 'pending'] as const;
const RESULT_ALIASES: Record<string, TestResult> = { negative: 'negative', 阴性: 'negative', 阴: 'negative', positive: 'positive', 阳性: 'positive', 阳: 'positive', pending: 'pending', 待出: 'pending', 检测中: 'pending' };

export interface FollowUp extends DueRow {
  /** Where to find the person: the site in a centralised phase, else the address. */
  where: string;
  done: boolean;
  positive: boolean;
}

function followUp(r: DueRow): FollowUp {
  return { ...r, where: r.site_name ?? r.destination, done: r.result === 'negative' || r.result === 'positive', positive: r.flag === 'positive' || r.result === 'positive' };
}

/** The day's follow-up list: who is due a test, where, which day of which phase, done or not. */
export function testsDue(store: Store, date: string): FollowUp[] {
  return store.tests.due(date).map(followUp);
}

/** Scheduled tests with no result by the end of their day: due before `date`, back to `since`. */
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

function write(store: Store, idNumber: string, name: string, arrivalId: number | null, v: { date: string; result: TestResult; sample: string | null; lab: string | null }, ctx: ServiceContext, at: string): Recorded | null {
  const m = store.measures.inForceFor(idNumber, v.date) ?? null;
  const id = store.tests.insert({ id_number: idNumber, arrival_id: arrivalId, measure_id: m?.id ?? null, test_date: v.date, sample_time: v.sample, result: v.result, lab: v.lab }, at, ctx.actor);
  if (id === null) return null;
  let flagged = false;
  if (v.result === 'positive' && m) flagged = store.tests.flagPositive(m.id, v.date);
  store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'test.record', record: `test:${id}`, after: { arrival_id: arrivalId, measure_id: m?.id ?? null, test_date: v.date, result: v.result, lab: v.lab, flagged } });
  return { id, id_number: idNumber, name, test_date: v.date, result: v.result, measure_id: m?.id ?? null, flagged };
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

export interface ResultsImportResult extends ImportResult {
  positives: number;
}

/**
 * The lab's CSV: all or nothing unless skipInvalid (then a rejects file). Rows for people with no
 * arrival are refused (register them first); a positive result flags the person's measure.
 */
export async function importResults(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<ResultsImportResult> {
  const at = localDateTime(ctx.now, ctx.tz);
  let positives = 0;
  type Row = { idNumber: string; arrival: { id: number; name: string }; v: Exclude<ReturnType<typeof validateResult>, Problem[]> };
  return importFile<'tests', Row, { positives: number }>(
    store,
    file,
    'tests',
    {
      validate(row) {
        const problems: Problem[] = [];
        const id = parseIdNumber(row.id_number ?? '', ctx.today);
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
        return 'inserted';
      },
      extra: () => ({ positives }),
      audit: (c) => ({ at: ctx.now, actor: ctx.actor, action: 'test.import', record: `file:${path.basename(file)}`, after: { read: c.read, inserted: c.inserted, duplicates: c.duplicates, rejected: c.rejected, positives: c.positives } }),
    },
    opts,
  );
}
