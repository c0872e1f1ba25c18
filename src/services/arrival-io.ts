/**
 * Arrivals in and out as CSV. Import is streamed and all-or-nothing (one transaction),
 * unless skipInvalid, which writes the good rows and a rejects file. Export is streamed.
 */
import path from 'node:path';
import { ARRIVAL_FIELDS, validateArrival, type ArrivalInput, type ArrivalRecord } from '../domain/arrival.js';
import { candidateList } from '../domain/area.js';
import { localDateTime } from '../domain/dates.js';
import { UsageError } from '../domain/errors.js';
import { fieldLabel, valueLabel, type Lang } from '../domain/i18n.js';
import { resolvePlace } from '../domain/places.js';
import { csvField, writeCsvChunks } from '../io/csv.js';
import { maskIdNumber, maskPhone, PERSONAL_FIELDS } from '../io/mask.js';
import { counted } from '../io/progress.js';
import { arrivalRules } from './arrival-rules.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter, ArrivalRow } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';
import { diffRecord } from './corrections.js';
import { importFile, type ImportOptions, type ImportResult, type InsertOutcome } from './import.js';
import { STAGE_BATCH } from '../store/pg/staging.js';

export type { ImportOptions, ImportResult };

export interface ArrivalImportOptions extends ImportOptions {
  /** Refuse rows whose origin names no known place, or several (else they are imported and listed). */
  strictPlaces?: boolean;
  /** Apply the changes of rows already registered under (id_number, arrival_date) with other values (else they are counted and listed, and nothing of them is written). */
  update?: boolean;
}

/** A row of the file that is an arrival already registered, with other values. */
export interface ChangedRow {
  arrival_id: number;
  name: string;
  /** The fields that differ. */
  fields: string[];
}

/** An origin the import could not place, as the summary lists it. */
export interface UnresolvedOrigin {
  origin: string;
  status: 'unknown' | 'ambiguous';
  /** For an ambiguous one, the places it could be. */
  candidates: string | null;
  rows: number;
}

export interface ArrivalImportResult extends ImportResult {
  /** Rows imported whose origin names no known place or several (they have no origin_code). */
  unresolved_places: number;
  /** Those origins, each once, the most frequent first (at most MAX_UNRESOLVED_LISTED). */
  unresolved_origins: UnresolvedOrigin[];
  /** Rows already registered with other values; `duplicates` counts those unchanged. */
  changed: number;
  /** How many of them were applied (--update; 0 otherwise). */
  updated: number;
  /** Those rows (at most MAX_CHANGED_LISTED). */
  changed_rows: ChangedRow[];
  /** Arrivals imported whose document number an earlier arrival has under another name (at most MAX_CLASHES_LISTED). */
  name_clashes: Array<{ id: number; name: string; other_id: number; other_name: string }>;
}

export const MAX_CLASHES_LISTED = 100;

export const MAX_CHANGED_LISTED = 100;

export const MAX_UNRESOLVED_LISTED = 50;

export async function importArrivals(store: Store, file: string, ctx: ServiceContext, opts: ArrivalImportOptions): Promise<ArrivalImportResult> {
  const at = localDateTime(ctx.now, ctx.tz);
  let firstId: number | null = null;
  let lastId: number | null = null;
  const unresolved = new Map<string, UnresolvedOrigin>();
  let unresolvedRows = 0;
  let changed = 0;
  let updated = 0;
  const changedRows: ChangedRow[] = [];
  const rules = arrivalRules(store, { strictPlaces: opts.strictPlaces });
  /** What became of one record: inserted (id), or found there already (null): a duplicate, or changed (and updated with --update). */
  const outcome = (record: ArrivalRecord, id: number | null, found?: ArrivalRow): InsertOutcome => {
        if (id === null) {
          const was = found ?? store.arrivals.findByKey(record.id_number, record.arrival_date, record.doc_type)!;
          const diff = was.deleted_at == null ? diffRecord(was, record) : [];
          if (diff.length === 0) return 'duplicate';
          changed++;
          if (changedRows.length < MAX_CHANGED_LISTED) changedRows.push({ arrival_id: was.id, name: was.name, fields: diff.map((d) => d.field) });
          if (opts.update) {
            store.arrivals.update(was.id, record);
            updated++;
            store.audit.write({
              at: ctx.now,
              actor: ctx.actor,
              action: 'arrival.update',
              record: `arrival:${was.id}`,
              before: Object.fromEntries(diff.map((d) => [d.field, d.before])),
              after: { ...Object.fromEntries(diff.map((d) => [d.field, d.after])), file: path.basename(file) },
            });
          }
          return 'changed';
        }
        if (record.origin_code == null && record.origin_name == null) {
          unresolvedRows++;
          const seen = unresolved.get(record.origin);
          if (seen) seen.rows++;
          else {
            const p = resolvePlace(record.origin);
            unresolved.set(record.origin, { origin: record.origin, status: p.status === 'ambiguous' ? 'ambiguous' : 'unknown', candidates: candidateList(p) || null, rows: 1 });
          }
        }
        firstId ??= id;
        lastId = id;
        return 'inserted';
  };
  const r = await importFile<'arrivals', ArrivalRecord, { unresolved_places: number; changed: number; updated: number }>(
    store,
    file,
    'arrivals',
    {
      strictColumns: true,
      extraField: 'note',
      validate: (fields) => validateArrival(fields as ArrivalInput, ctx.today, rules),
      insert(record) {
        return outcome(record, store.arrivals.insert(record, at, ctx.actor));
      },
      // PostgreSQL: the rows through COPY into a staging table, STAGE_BATCH at a time (store/arrivals.ts insertMany), the same outcomes in the same order
      ...(store.backend === 'postgres' ? { batchSize: STAGE_BATCH, insertBatch: (records: ArrivalRecord[]) => store.arrivals.insertMany(records, at, ctx.actor).map((r, i) => outcome(records[i], r.id, r.was)) } : {}),
      audit: (c) => ({
        at: ctx.now,
        actor: ctx.actor,
        action: 'arrival.import',
        record: `file:${path.basename(file)}`,
        after: { read: c.read, inserted: c.inserted, duplicates: c.duplicates, changed: c.changed, updated: c.updated, rejected: c.rejected, unresolved_places: c.unresolved_places, first_id: firstId, last_id: lastId },
      }),
      extra: () => ({ unresolved_places: unresolvedRows, changed, updated }),
    },
    opts,
  );
  const listed = [...unresolved.values()].sort((a, b) => b.rows - a.rows).slice(0, MAX_UNRESOLVED_LISTED);
  // one number, two names (a typo in the number, or two people on one): said, not refused (issue 23)
  const clashes = firstId !== null && lastId !== null && !r.dry_run ? store.arrivals.nameClashes(firstId, lastId, MAX_CLASHES_LISTED) : [];
  return { ...r, unresolved_origins: listed, changed_rows: changedRows, name_clashes: clashes };
}

export interface ExportOptions {
  reveal: boolean;
  filter?: ArrivalFilter;
  /** csv (default) or xlsx; default xlsx when the file's name ends in .xlsx. */
  format?: 'csv' | 'xlsx' | string;
  /**
   * For xlsx: headers and transport/contact words in this language (they import back: they are
   * header aliases and value aliases). Without it, and always in CSV, the stable English keys.
   */
  lang?: Lang;
  /** CSV: the byte-order mark first (default; Excel needs it), or not (--no-bom). */
  bom?: boolean;
  /** Told how many rows are written, of how many (a progress bar; the service counts first only when given). */
  onProgress?: (done: number, total: number) => void;
}

/** The columns of an export: the same as an import takes, so an export imports back. */
export const EXPORT_COLUMNS = ARRIVAL_FIELDS;

/** Streams arrivals as CSV (or an .xlsx workbook) to a file (atomically) or a stream; returns how many. */
export async function exportArrivals(
  store: Store,
  target: { file: string } | { stream: NodeJS.WritableStream },
  ctx: ServiceContext,
  opts: ExportOptions,
): Promise<{ exported: number; file: string | null }> {
  const xlsx = opts.format === 'xlsx' || (opts.format === undefined && 'file' in target && /\.xlsx$/i.test(target.file));
  if (xlsx) return exportXlsx(store, target, opts);
  // the lines are assembled in SQL (store/csv-sql.ts); only the personal fields, masked, are made
  // in JavaScript, by io/mask.ts, through a function SQLite calls
  const fieldFns = new Map<string, (v: string | null) => string>();
  if (!opts.reveal) {
    for (const key of EXPORT_COLUMNS) {
      const mask = Object.hasOwn(PERSONAL_FIELDS, key) ? PERSONAL_FIELDS[key] : undefined;
      if (mask) fieldFns.set(key, (v) => csvField(v === null ? '' : mask(v)));
    }
  }
  const progress = progressOf(store, opts);
  // PostgreSQL: the same lines made here, from the rows read through a cursor (store/csv-sql.ts is SQLite's SQL)
  const chunks = store.backend === 'postgres' ? csvChunksOf(store.arrivals.iterateColumns(opts.filter ?? {}, EXPORT_COLUMNS), fieldFns) : store.arrivals.csvChunks(opts.filter ?? {}, EXPORT_COLUMNS, fieldFns);
  let done = 0;
  const told = progress
    ? (function* () {
        for (const c of chunks) {
          yield c;
          done += c.rows;
          progress(done);
        }
      })()
    : chunks;
  const n = await writeCsvChunks(target, [...EXPORT_COLUMNS], told, { bom: opts.bom });
  return { exported: n, file: 'file' in target ? target.file : null };
}

/** CSV lines of rows (arrays of EXPORT_COLUMNS), a few thousand a chunk, as csvChunks makes them in SQL: the same bytes. */
function* csvChunksOf(rows: IterableIterator<unknown[]>, fieldFns: ReadonlyMap<string, (v: string | null) => string>, size = 4000): Generator<{ bytes: Buffer; rows: number }> {
  const fns = EXPORT_COLUMNS.map((c) => fieldFns.get(c));
  let text = '';
  let n = 0;
  for (const row of rows) {
    text += row.map((v, i) => (fns[i] ? fns[i]!(v === null || v === undefined ? null : String(v)) : csvField(v === null || v === undefined ? '' : String(v)))).join(',') + '\n';
    if (++n === size) {
      yield { bytes: Buffer.from(text), rows: n };
      text = '';
      n = 0;
    }
  }
  if (n > 0) yield { bytes: Buffer.from(text), rows: n };
}

/** The rows-written callback of an export, with its total counted first; none without onProgress. */
function progressOf(store: Store, opts: ExportOptions): ((done: number) => void) | undefined {
  if (!opts.onProgress) return undefined;
  const total = store.arrivals.countOf({ ...opts.filter, limit: undefined, offset: undefined });
  return (done) => opts.onProgress!(done, total);
}

async function exportXlsx(store: Store, target: { file: string } | { stream: NodeJS.WritableStream }, opts: ExportOptions): Promise<{ exported: number; file: string | null }> {
  if (!('file' in target)) throw new UsageError(opts.lang === 'zh' ? 'xlsx 要写入文件：加上 --out 文件名.xlsx' : 'xlsx writes a file: add --out NAME.xlsx');
  const { cellKindOf, xlsxSink } = await import('../io/xlsx-out.js');
  const lang = opts.lang;
  const columns = EXPORT_COLUMNS.map((key) => ({
    header: lang ? fieldLabel(key, lang) : key,
    kind: cellKindOf(key),
    width: ({ id_number: 21, phone: 14, origin: 24, destination: 26, note: 30, arrival_date: 12, exposure_date: 14 } as Record<string, number>)[key] ?? 12,
  }));
  const enums = EXPORT_COLUMNS.map((key) => (lang && (key === 'transport' || key === 'contact_type') ? key : null));
  const idAt = EXPORT_COLUMNS.indexOf('id_number');
  const phoneAt = EXPORT_COLUMNS.indexOf('phone');
  const sink = await xlsxSink(target, lang === 'zh' ? '来返人员' : 'arrivals', columns);
  let n = 0;
  try {
    for (const row of counted(store.arrivals.iterateColumns(opts.filter ?? {}, EXPORT_COLUMNS), progressOf(store, opts))) {
      if (!opts.reveal) {
        row[idAt] = maskIdNumber(row[idAt] as string);
        row[phoneAt] = maskPhone(row[phoneAt] as string);
      }
      sink.write(row.map((v, i) => (enums[i] && v != null ? valueLabel(enums[i]!, String(v), lang!) : v)));
      n++;
    }
    await sink.close();
  } catch (err) {
    sink.abort();
    throw err;
  }
  return { exported: n, file: target.file };
}
