/**
 * The one import loop. Opens the file (a CSV in UTF-8, UTF-16 or GB18030, comma or tab; or a
 * sheet of an .xlsx workbook: io/table.ts), finds its header row (under a title row, if any) and
 * maps it for the kind of file (refusing one without the required columns), streams the rows,
 * validates each with the kind's handler and inserts the good ones in one transaction: all or
 * nothing, or (skipInvalid) the good rows and a rejects file naming each bad row and why; dryRun
 * checks and counts and rolls back. A column that is no field's and has values is refused by
 * name, unless keepExtraColumns (then its values go into the kind's note, or are ignored with a
 * note). One audit row for the whole import, in its transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RowErrors, ValidationError, type Problem, type RowProblem } from '../domain/errors.js';
import { checkRecord, checkText, visible } from '../domain/text.js';
import { csvSink, unneutralise, type CsvRecord, type CsvSink, type CsvSource } from '../io/csv.js';
import { chineseHeader, columnLetter, HEADER_SEARCH_ROWS, locateHeader, mapHeader, type FieldOf, type HeaderMap, type ImportKind } from '../io/headers.js';
import { openTable } from '../io/table.js';
import { maskIdNumber, maskPhone } from '../io/mask.js';
import type { AuditEntry } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { StagedRowRefused } from '../store/pg/staging.js';

export interface ImportOptions {
  /** utf8, gb18030 or utf16 (and their aliases); default: decided from the whole file. */
  encoding?: string;
  /** The sheet of a workbook; default: the first. */
  sheet?: string;
  /** Columns that are no field's: their values go into the note (or are ignored) instead of refusing the file. */
  keepExtraColumns?: boolean;
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
  /** On a dry run, each rejected row and why (no rejects file is written). */
  problems?: Array<{ row: number; reason: string }>;
}

export interface ImportResult extends ImportCounts {
  file: string;
  /** csv or xlsx. */
  format: 'csv' | 'xlsx';
  /** A CSV's encoding; null for a workbook. */
  encoding: string | null;
  /** A CSV's delimiter; null for a workbook. */
  delimiter: 'comma' | 'tab' | null;
  /** The sheet read, for a workbook. */
  sheet: string | null;
  /** The row the header was found in (1 unless a title row is above it). */
  header_row: number;
  /** Headers of the columns no field takes (with keepExtraColumns, those whose values went into the note are listed in kept_columns instead). */
  ignored_columns: string[];
  /** Columns that are no field's whose values were kept in the note (keepExtraColumns). */
  kept_columns: string[];
}

/** 'changed': a row already there under its natural key with other values (the kind counts and lists those). */
export type InsertOutcome = 'inserted' | 'duplicate' | 'changed';

export interface RowHandler<F extends string, R, E extends object = object> {
  /** The fields of a row by name (formula neutralisation undone), and the raw cells; the record, or the problems. */
  validate(fields: Partial<Record<F, string>>, raw: string[]): { record?: R; problems: Problem[] };
  /** Writes a record (in the import's transaction), or finds it there already. */
  insert(record: R): InsertOutcome;
  /**
   * Writes records in order, as insert() one after the other would (PostgreSQL: a batch of rows a
   * statement rather than a round trip each); when given, the import hands the valid rows over in
   * batches of IMPORT_BATCH.
   */
  insertBatch?(records: R[]): InsertOutcome[];
  /** Records insertBatch gets at once (default IMPORT_BATCH). */
  batchSize?: number;
  /** The audit row of the whole import, written in its transaction (not on a dry run). */
  audit(counts: ImportCounts & E): AuditEntry;
  /** Counters of the kind's own (positives, anomalies …), read after the rows; in the result and the audit. */
  extra?(): E;
  /**
   * A row must have as many cells as the header (extra empty cells are fine): a row that is
   * shorter or longer is refused rather than read with its fields shifted.
   */
  strictColumns?: boolean;
  /** The field that takes the values of columns that are no field's, with keepExtraColumns ("籍贯：广东"); without one they are ignored. */
  extraField?: F;
}

/** Rows a handler's insertBatch gets at once. */
export const IMPORT_BATCH = 1000;

/** Thrown by an all-or-nothing import with invalid rows, after the rollback. */
export class InvalidRows extends RowErrors {
  constructor(
    readonly file: string,
    readonly rejected: number,
  ) {
    super(`${rejected} invalid row(s) in ${file}: nothing was written`, [], `${file} 中有 ${rejected} 行有误，未写入任何记录`);
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


/** The header row and the records after it: the first rows are read ahead to find it (locateHeader). */
async function withHeader(kind: ImportKind, src: CsvSource): Promise<{ header: string[]; headerRow: number; records: AsyncIterable<CsvRecord> }> {
  const it = src.records[Symbol.asyncIterator]();
  const ahead: CsvRecord[] = [{ row: src.headerRow, fields: src.header }];
  while (ahead.length < HEADER_SEARCH_ROWS) {
    const n = await it.next();
    if (n.done) break;
    ahead.push(n.value);
  }
  const at = locateHeader(kind, ahead.map((r) => r.fields));
  const header = ahead[at].fields.map((h) => h.trim());
  const rest = ahead.slice(at + 1);
  async function* records(): AsyncGenerator<CsvRecord> {
    yield* rest;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { header, headerRow: ahead[at].row, records: records() };
}

/** Imports a CSV or .xlsx file of one kind through its handler; see the top of this file. */
export async function importFile<K extends ImportKind, R, E extends object = object>(
  store: Store,
  file: string,
  kind: K,
  handler: RowHandler<FieldOf<K>, R, E>,
  opts: ImportOptions,
): Promise<ImportResult & E> {
  const src = await openTable(file, { encoding: opts.encoding, sheet: opts.sheet });
  try {
    const { header, headerRow, records } = await withHeader(kind, src);
    // the input policy (domain/text.ts) on the header too: it is echoed in messages (the BOM and
    // zero-width characters a header may carry are dropped when it is matched: io/headers.ts)
    for (const h of header) {
      const p = checkText('file', h.replace(/[\uFEFF\u200B-\u200D\u2060]/g, ''));
      if (p) throw new ValidationError(p);
    }
    const map = mapHeader(kind, header);
    if (map.missing.length > 0) {
      throw new ValidationError({
        field: 'file',
        code: 'missing_column',
        params: { columns: map.missing.join(', '), columns_zh: map.missing.map((f) => chineseHeader(kind, f)).join('、'), row: headerRow },
      });
    }
    if (map.repeated.length > 0) {
      // two columns for one field: which one the officer meant is unknown, and the other would be dropped unseen
      const r = map.repeated[0];
      throw new ValidationError({
        field: 'file',
        code: 'repeated_column',
        params: { field: chineseHeader(kind, r.field), field_en: r.field, columns: r.columns.map((i) => `${columnLetter(i)}（${header[i].trim()}）`).join('、'), columns_en: r.columns.map((i) => `${columnLetter(i)} (${header[i].trim()})`).join(', '), row: headerRow },
      });
    }
    return await importRows(store, file, src, { header, headerRow, records }, map, handler, opts);
  } finally {
    src.close();
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** How a column is named in a message: its header, or its letter when it has none. */
function columnName(header: string[], i: number): string {
  return header[i]?.trim() || `(${columnLetter(i)})`;
}

async function importRows<F extends string, R, E extends object>(
  store: Store,
  file: string,
  src: CsvSource,
  table: { header: string[]; headerRow: number; records: AsyncIterable<CsvRecord> },
  map: HeaderMap<F>,
  handler: RowHandler<F, R, E>,
  opts: ImportOptions,
): Promise<ImportResult & E> {
  const counts: ImportCounts = { read: 0, inserted: 0, duplicates: 0, rejected: 0, rejects_file: null, dry_run: Boolean(opts.dryRun) };
  const { header } = table;
  const width = header.length;
  let rejects: CsvSink | null = null;
  let rejectsWritten = false;
  const rejectsFile = opts.rejectsFile ?? defaultRejectsFile(file);
  let progressAt = 0;
  // columns that are no field's, and which of them have a value in some row
  const unknown = map.unknown;
  const filled = new Set<number>();
  const keepInto = opts.keepExtraColumns ? handler.extraField : undefined;
  const pending: R[] = [];
  /** The file's row of each pending record (a row the database refuses is named by it). */
  const pendingRows: number[] = [];
  const count = (outcome: InsertOutcome) => {
    if (outcome === 'inserted') counts.inserted++;
    else if (outcome === 'duplicate') counts.duplicates++;
  };
  const flush = () => {
    if (pending.length === 0) return;
    const rows = pendingRows.splice(0);
    try {
      for (const o of handler.insertBatch!(pending.splice(0))) count(o);
    } catch (err) {
      // PostgreSQL's staging table refused a value (store/pg/staging.ts): the row, then all rolled back
      if (err instanceof StagedRowRefused) throw new ValidationError({ field: err.column ?? 'row', code: 'db_refused', params: { row: rows[err.index] ?? '?', detail: err.constraint ?? err.sqlstate ?? '' } });
      throw err;
    }
  };
  store.begin();
  try {
    for await (const rec of table.records) {
      if (rec.fields.every((f) => f.trim() === '')) continue; // a blank spreadsheet row
      counts.read++;
      const fields: Partial<Record<F, string>> = {};
      map.columns.forEach((c, i) => {
        if (c) fields[c] = unneutralise(rec.fields[i] ?? '');
      });
      // a cell beyond the header's last column is a column with no header (a CSV row with more
      // fields than the header is refused by strictColumns: its fields may have shifted)
      const extras: Array<[string, string]> = [];
      const strict = handler.strictColumns && src.format === 'csv';
      const last = strict ? width : Math.max(width, rec.fields.length);
      for (const i of last > width ? [...unknown, ...range(width, last)] : unknown) {
        const v = (rec.fields[i] ?? '').trim();
        if (v === '') continue;
        filled.add(i);
        if (keepInto) extras.push([columnName(header, i), unneutralise(v)]);
      }
      if (keepInto && extras.length) {
        fields[keepInto] = [(fields[keepInto] ?? '').trim(), ...extras.map(([h, v]) => `${h}：${v}`)].filter(Boolean).join('；');
      }
      // one input policy for every value from any source, before the kind's own validation
      const refused = checkRecord(fields);
      let { record, problems } = refused.length > 0 ? { record: undefined, problems: refused as Problem[] } : handler.validate(fields, rec.fields);
      // a row with more cells than the header is fine only when the extra ones are empty; a
      // workbook's cells are placed by column, so only a CSV row can be short or long
      if (strict && rec.fields.length !== width && !(rec.fields.length > width && rec.fields.slice(width).every((f) => f === ''))) {
        problems = [{ field: 'row', code: 'row_columns', params: { got: rec.fields.length, expected: width } }, ...problems];
        record = undefined;
      }
      if (problems.length > 0 || record === undefined) {
        counts.rejected++;
        for (const p of problems) opts.onProblem?.({ ...p, row: rec.row });
        if (opts.dryRun) {
          // a dry run writes nothing at all: the problems go with the result (and to stderr)
          (counts.problems ??= []).push({ row: rec.row, reason: problems.map(opts.describe).join('; ') });
        } else if (opts.skipInvalid) {
          if (!rejects) {
            rejects = csvSink({ file: rejectsFile }, ['row', ...header, 'reason']);
            counts.rejects_file = rejectsFile;
          }
          await rejects.write([rec.row, ...header.map((_, i) => rejectCell(map.columns[i], rec.fields[i] ?? '', Boolean(opts.dryRun))), problems.map(opts.describe).join('; ')]);
        }
      } else if (counts.rejected === 0 || opts.skipInvalid) {
        // once a row is bad, an all-or-nothing import only goes on checking
        if (handler.insertBatch) {
          pending.push(record);
          pendingRows.push(rec.row);
          if (pending.length >= (handler.batchSize ?? IMPORT_BATCH)) flush();
        } else count(handler.insert(record));
      }
      if (opts.onProgress && counts.read - progressAt >= 1000) {
        progressAt = counts.read;
        opts.onProgress(src.bytesRead(), src.size);
      }
    }
    flush();
    opts.onProgress?.(src.size, src.size);
    const extraColumns = [...filled].sort((a, b) => a - b).map((i) => columnName(header, i));
    if (extraColumns.length > 0 && !opts.keepExtraColumns) {
      throw new ValidationError({ field: 'file', code: handler.extraField ? 'unknown_columns' : 'unknown_columns_ignore', params: { columns: extraColumns.join(', '), columns_zh: extraColumns.join('、') } });
    }
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
    const kept = keepInto ? extraColumns : [];
    return {
      file,
      format: src.format,
      encoding: src.encoding,
      delimiter: src.delimiter === null ? null : src.delimiter === '\t' ? 'tab' : 'comma',
      sheet: src.sheet,
      header_row: table.headerRow,
      ignored_columns: map.ignored.filter((h) => !kept.includes(h.trim())),
      kept_columns: kept,
      ...all,
    };
  } catch (err) {
    store.rollback();
    if (rejectsWritten) fs.rmSync(rejectsFile, { force: true });
    else rejects?.abort();
    throw err;
  }
}
