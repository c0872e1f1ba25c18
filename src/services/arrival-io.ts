/**
 * Arrivals in and out as CSV. Import is streamed and all-or-nothing (one transaction),
 * unless skipInvalid, which writes the good rows and a rejects file. Export is streamed.
 */
import path from 'node:path';
import { ARRIVAL_FIELDS, mapHeader, validateArrival, type ArrivalInput } from '../domain/arrival.js';
import { RowErrors, ValidationError, type Problem, type RowProblem } from '../domain/errors.js';
import { localDateTime } from '../domain/dates.js';
import { csvSink, openCsv, unneutralise, type CsvSink } from '../io/csv.js';
import { maskRow } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';

export interface ImportOptions {
  encoding?: string;
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** Where rejected rows go with skipInvalid; default: <input>.rejects.csv beside the input. */
  rejectsFile?: string;
  /** Called as bytes are read, for a progress bar. */
  onProgress?: (bytesRead: number, size: number) => void;
  /** Called for each problem of each bad row, as it is found. */
  onProblem?: (p: RowProblem) => void;
  /** Renders a problem as text for the rejects file. */
  describe: (p: Problem) => string;
}

export interface ImportResult {
  file: string;
  encoding: string;
  delimiter: string;
  read: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  dry_run: boolean;
  rejects_file: string | null;
  ignored_columns: string[];
}

export function defaultRejectsFile(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejects.csv`);
}

export async function importArrivals(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<ImportResult> {
  const src = await openCsv(file, { encoding: opts.encoding });
  const map = mapHeader(src.header);
  if (map.missing.length > 0) {
    throw new ValidationError({ field: 'file', code: 'missing_column', params: { columns: map.missing.join(', ') } });
  }
  const at = localDateTime(ctx.now);
  const result: ImportResult = {
    file,
    encoding: src.encoding,
    delimiter: src.delimiter === '\t' ? 'tab' : 'comma',
    read: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    dry_run: Boolean(opts.dryRun),
    rejects_file: null,
    ignored_columns: map.ignored,
  };
  let rejects: CsvSink | null = null;
  const rejectsFile = opts.rejectsFile ?? defaultRejectsFile(file);
  let firstId: number | null = null;
  let lastId: number | null = null;
  let progressAt = 0;

  store.begin();
  try {
    for await (const rec of src.records) {
      if (rec.fields.every((f) => f.trim() === '')) continue; // a blank spreadsheet row
      result.read++;
      const input: Record<string, string> = {};
      map.columns.forEach((field, i) => {
        if (field) input[field] = unneutralise(rec.fields[i] ?? '');
      });
      const problems: Problem[] = [];
      if (rec.fields.length !== src.header.length && !(rec.fields.length > src.header.length && rec.fields.slice(src.header.length).every((f) => f === ''))) {
        problems.push({ field: 'row', code: 'row_columns', params: { got: rec.fields.length, expected: src.header.length } });
      }
      const { record, problems: fieldProblems } = validateArrival(input as ArrivalInput, ctx.today);
      problems.push(...fieldProblems);
      if (problems.length > 0 || !record) {
        result.rejected++;
        for (const p of problems) opts.onProblem?.({ ...p, row: rec.row });
        if (opts.skipInvalid) {
          if (!rejects) {
            rejects = csvSink({ file: rejectsFile }, ['row', ...src.header, 'reason']);
            result.rejects_file = rejectsFile;
          }
          await rejects.write([rec.row, ...src.header.map((_, i) => rec.fields[i] ?? ''), problems.map(opts.describe).join('; ')]);
        }
      } else if (result.rejected === 0 || opts.skipInvalid) {
        const id = store.arrivals.insert(record, at, ctx.actor);
        if (id === null) result.duplicates++;
        else {
          result.inserted++;
          firstId ??= id;
          lastId = id;
        }
      }
      if (opts.onProgress && result.read - progressAt >= 1000) {
        progressAt = result.read;
        opts.onProgress(src.bytesRead(), src.size);
      }
    }
    opts.onProgress?.(src.size, src.size);
    if (result.rejected > 0 && !opts.skipInvalid) {
      store.rollback();
      result.inserted = 0;
      throw new RowErrors(`${result.rejected} invalid row(s) in ${file}: nothing was written`, []);
    }
    if (opts.dryRun) {
      store.rollback();
    } else {
      store.audit.write({
        at,
        actor: ctx.actor,
        action: 'arrival.import',
        record: `file:${path.basename(file)}`,
        after: { read: result.read, inserted: result.inserted, duplicates: result.duplicates, rejected: result.rejected, first_id: firstId, last_id: lastId },
      });
      store.commit();
    }
    if (rejects) await rejects.close();
    return result;
  } catch (err) {
    store.rollback();
    rejects?.abort();
    throw err;
  }
}

export interface ExportOptions {
  reveal: boolean;
  filter?: ArrivalFilter;
}

/** The columns of an export: the same as an import takes, so an export imports back. */
export const EXPORT_COLUMNS = ARRIVAL_FIELDS;

/** Streams arrivals as CSV to a file (atomically) or a stream; returns how many. */
export async function exportArrivals(
  store: Store,
  target: { file: string } | { stream: NodeJS.WritableStream },
  ctx: ServiceContext,
  opts: ExportOptions,
): Promise<{ exported: number; file: string | null }> {
  const sink = csvSink(target, [...EXPORT_COLUMNS]);
  let n = 0;
  try {
    for (const row of store.arrivals.iterate(opts.filter ?? {})) {
      const r = opts.reveal ? row : maskRow(row);
      const wait = sink.write(EXPORT_COLUMNS.map((c) => r[c] as string | null));
      if (wait) await wait;
      n++;
    }
    await sink.close();
  } catch (err) {
    sink.abort();
    throw err;
  }
  return { exported: n, file: 'file' in target ? target.file : null };
}
