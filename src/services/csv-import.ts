/**
 * The shape every import shares: stream the rows, validate each, insert the good ones in one
 * transaction; all or nothing, or (skipInvalid) the good rows and a rejects file naming each bad
 * row and why; dryRun checks and counts and rolls back.
 */
import path from 'node:path';
import { RowErrors, type Problem, type RowProblem } from '../domain/errors.js';
import { csvSink, unneutralise, type CsvSink, type CsvSource } from '../io/csv.js';
import type { AuditEntry } from '../store/audit.js';
import type { Store } from '../store/db.js';

export interface RowImportOptions {
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** Where rejected rows go with skipInvalid; default: <input>.rejects.csv beside the input. */
  rejectsFile?: string;
  onProblem?: (p: RowProblem) => void;
  onProgress?: (bytesRead: number, size: number) => void;
  /** Renders a problem as text for the rejects file. */
  describe: (p: Problem) => string;
}

export interface RowImportCounts {
  read: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  rejects_file: string | null;
  dry_run: boolean;
}

export interface RowHandler<R> {
  /** The fields of a row by column name (formula neutralisation undone); the problems, or the record. */
  validate(fields: Record<string, string>, raw: string[]): { record?: R; problems: Problem[] };
  /** Inserts a record; false when it was there already (a duplicate). */
  insert(record: R): boolean;
  /** The audit row of the whole import, written in its transaction. */
  audit(counts: RowImportCounts): AuditEntry;
}

export function defaultRejectsFile(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejects.csv`);
}

export async function importRows<R>(store: Store, file: string, src: CsvSource, columns: Array<string | null>, handler: RowHandler<R>, opts: RowImportOptions): Promise<RowImportCounts> {
  const counts: RowImportCounts = { read: 0, inserted: 0, duplicates: 0, rejected: 0, rejects_file: null, dry_run: Boolean(opts.dryRun) };
  let rejects: CsvSink | null = null;
  const rejectsFile = opts.rejectsFile ?? defaultRejectsFile(file);
  let progressAt = 0;
  store.begin();
  try {
    for await (const rec of src.records) {
      if (rec.fields.every((f) => f.trim() === '')) continue; // a blank spreadsheet row
      counts.read++;
      const fields: Record<string, string> = {};
      columns.forEach((c, i) => {
        if (c) fields[c] = unneutralise(rec.fields[i] ?? '');
      });
      const { record, problems } = handler.validate(fields, rec.fields);
      if (problems.length > 0 || record === undefined) {
        counts.rejected++;
        for (const p of problems) opts.onProblem?.({ ...p, row: rec.row });
        if (opts.skipInvalid) {
          if (!rejects) {
            rejects = csvSink({ file: rejectsFile }, ['row', ...src.header, 'reason']);
            counts.rejects_file = rejectsFile;
          }
          await rejects.write([rec.row, ...src.header.map((_, i) => rec.fields[i] ?? ''), problems.map(opts.describe).join('; ')]);
        }
      } else if (counts.rejected === 0 || opts.skipInvalid) {
        // once a row is bad, an all-or-nothing import only goes on checking
        if (handler.insert(record)) counts.inserted++;
        else counts.duplicates++;
      }
      if (opts.onProgress && counts.read - progressAt >= 1000) {
        progressAt = counts.read;
        opts.onProgress(src.bytesRead(), src.size);
      }
    }
    opts.onProgress?.(src.size, src.size);
    if (counts.rejected > 0 && !opts.skipInvalid) {
      store.rollback();
      throw new RowErrors(`${counts.rejected} invalid row(s) in ${file}: nothing was written`, []);
    }
    if (opts.dryRun) store.rollback();
    else {
      store.audit.write(handler.audit(counts));
      store.commit();
    }
    if (rejects) await rejects.close();
    return counts;
  } catch (err) {
    store.rollback();
    rejects?.abort();
    throw err;
  }
}
