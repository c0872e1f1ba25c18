/**
 * The one import loop. Opens the file (UTF-8 or GB18030, comma or tab), maps its header for the
 * kind of file (refusing one without the required columns), streams the rows, validates each
 * with the kind's handler and inserts the good ones in one transaction: all or nothing, or
 * (skipInvalid) the good rows and a rejects file naming each bad row and why; dryRun checks and
 * counts and rolls back. One audit row for the whole import, in its transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RowErrors, ValidationError, type Problem, type RowProblem } from '../domain/errors.js';
import { checkRecord, checkText, visible } from '../domain/text.js';
import { csvSink, openCsv, unneutralise, type CsvSink, type CsvSource } from '../io/csv.js';
import { mapHeader, type FieldOf, type HeaderMap, type ImportKind } from '../io/headers.js';
import { maskIdNumber, maskPhone } from '../io/mask.js';
import type { AuditEntry } from '../store/audit.js';
import type { Store } from '../store/db.js';

export interface ImportOptions {
  /** utf8 or gb18030 (and their aliases); default: detected. */
  encoding?: string;
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** Where rejected rows go with skipInvalid; default: <input>.rejects.csv beside the input. */
  rejectsFile?: string;
  onProblem?: (p: RowProblem) => void;
  onProgress?: (bytesRead: number, size: number) => void;
  /** Renders a problem as text for the rejects file. */
  describe: (p: Problem) => string;
}

export interface ImportCounts {
  read: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  rejects_file: string | null;
  dry_run: boolean;
}

export interface ImportResult extends ImportCounts {
  file: string;
  encoding: string;
  delimiter: 'comma' | 'tab';
  /** Headers of the columns no field takes. */
  ignored_columns: string[];
}

export type InsertOutcome = 'inserted' | 'duplicate';

export interface RowHandler<F extends string, R, E extends object = object> {
  /** The fields of a row by name (formula neutralisation undone), and the raw cells; the record, or the problems. */
  validate(fields: Partial<Record<F, string>>, raw: string[]): { record?: R; problems: Problem[] };
  /** Writes a record (in the import's transaction), or finds it there already. */
  insert(record: R): InsertOutcome;
  /** The audit row of the whole import, written in its transaction (not on a dry run). */
  audit(counts: ImportCounts & E): AuditEntry;
  /** Counters of the kind's own (positives, anomalies …), read after the rows; in the result and the audit. */
  extra?(): E;
  /**
   * A row must have as many cells as the header (extra empty cells are fine): a row that is
   * shorter or longer is refused rather than read with its fields shifted.
   */
  strictColumns?: boolean;
}

/** Thrown by an all-or-nothing import with invalid rows, after the rollback. */
export class InvalidRows extends RowErrors {
  constructor(
    readonly file: string,
    readonly rejected: number,
  ) {
    super(`${rejected} invalid row(s) in ${file}: nothing was written`, []);
  }
}

export function defaultRejectsFile(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejects.csv`);
}

/**
 * A rejected cell as the rejects file shows it: hidden characters made visible; on a dry run
 * (a preview, not a file to fix and import again) ID numbers and phones masked like any output.
 */
function rejectCell(field: string | null | undefined, value: string, dryRun: boolean): string {
  if (dryRun && field === 'id_number') return maskIdNumber(value);
  if (dryRun && field === 'phone') return maskPhone(value);
  return visible(value);
}

/** Imports a CSV file of one kind through its handler; see the top of this file. */
export async function importFile<K extends ImportKind, R, E extends object = object>(
  store: Store,
  file: string,
  kind: K,
  handler: RowHandler<FieldOf<K>, R, E>,
  opts: ImportOptions,
): Promise<ImportResult & E> {
  const src = await openCsv(file, { encoding: opts.encoding });
  try {
    // the input policy (domain/text.ts) on the header too: it is echoed in messages (the BOM and
    // zero-width characters a header may carry are dropped when it is matched: io/headers.ts)
    for (const h of src.header) {
      const p = checkText('file', h.replace(/[\uFEFF\u200B-\u200D\u2060]/g, ''));
      if (p) throw new ValidationError(p);
    }
    return await importRows(store, file, src, mapHeader(kind, src.header), handler, opts);
  } finally {
    src.close();
  }
}

async function importRows<F extends string, R, E extends object>(store: Store, file: string, src: CsvSource, map: HeaderMap<F>, handler: RowHandler<F, R, E>, opts: ImportOptions): Promise<ImportResult & E> {
  if (map.missing.length > 0) {
    throw new ValidationError({ field: 'file', code: 'missing_column', params: { columns: map.missing.join(', ') } });
  }
  const counts: ImportCounts = { read: 0, inserted: 0, duplicates: 0, rejected: 0, rejects_file: null, dry_run: Boolean(opts.dryRun) };
  const width = src.header.length;
  let rejects: CsvSink | null = null;
  let rejectsWritten = false;
  const rejectsFile = opts.rejectsFile ?? defaultRejectsFile(file);
  let progressAt = 0;
  store.begin();
  try {
    for await (const rec of src.records) {
      if (rec.fields.every((f) => f.trim() === '')) continue; // a blank spreadsheet row
      counts.read++;
      const fields: Partial<Record<F, string>> = {};
      map.columns.forEach((c, i) => {
        if (c) fields[c] = unneutralise(rec.fields[i] ?? '');
      });
      // one input policy for every value from any source, before the kind's own validation
      const refused = checkRecord(fields);
      let { record, problems } = refused.length > 0 ? { record: undefined, problems: refused as Problem[] } : handler.validate(fields, rec.fields);
      // a row with more cells than the header is fine only when the extra ones are empty
      if (handler.strictColumns && rec.fields.length !== width && !(rec.fields.length > width && rec.fields.slice(width).every((f) => f === ''))) {
        problems = [{ field: 'row', code: 'row_columns', params: { got: rec.fields.length, expected: width } }, ...problems];
        record = undefined;
      }
      if (problems.length > 0 || record === undefined) {
        counts.rejected++;
        for (const p of problems) opts.onProblem?.({ ...p, row: rec.row });
        if (opts.skipInvalid) {
          if (!rejects) {
            rejects = csvSink({ file: rejectsFile }, ['row', ...src.header, 'reason']);
            counts.rejects_file = rejectsFile;
          }
          await rejects.write([rec.row, ...src.header.map((_, i) => rejectCell(map.columns[i], rec.fields[i] ?? '', Boolean(opts.dryRun))), problems.map(opts.describe).join('; ')]);
        }
      } else if (counts.rejected === 0 || opts.skipInvalid) {
        // once a row is bad, an all-or-nothing import only goes on checking
        if (handler.insert(record) === 'inserted') counts.inserted++;
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
      throw new InvalidRows(file, counts.rejected);
    }
    const all = { ...counts, ...(handler.extra?.() ?? ({} as E)) };
    // the rejects file is in place before the rows are committed: a failed write leaves neither
    if (rejects) {
      await rejects.close();
      rejectsWritten = true;
    }
    if (opts.dryRun) store.rollback();
    else {
      store.audit.write(handler.audit(all));
      store.commit();
    }
    return { file, encoding: src.encoding, delimiter: src.delimiter === '\t' ? 'tab' : 'comma', ignored_columns: map.ignored, ...all };
  } catch (err) {
    store.rollback();
    if (rejectsWritten) fs.rmSync(rejectsFile, { force: true });
    else rejects?.abort();
    throw err;
  }
}
