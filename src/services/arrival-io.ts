/**
 * Arrivals in and out as CSV. Import is streamed and all-or-nothing (one transaction),
 * unless skipInvalid, which writes the good rows and a rejects file. Export is streamed.
 */
import path from 'node:path';
import { ARRIVAL_FIELDS, validateArrival, type ArrivalInput, type ArrivalRecord } from '../domain/arrival.js';
import { ValidationError } from '../domain/errors.js';
import { localDateTime } from '../domain/dates.js';
import { openCsv, writeCsv } from '../io/csv.js';
import { mapHeader } from '../io/headers.js';
import { maskIdNumber, maskPhone } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';
import { defaultRejectsFile, importRows, type RowImportCounts, type RowImportOptions } from './csv-import.js';

export interface ImportOptions extends RowImportOptions {
  encoding?: string;
}

export interface ImportResult extends RowImportCounts {
  file: string;
  encoding: string;
  delimiter: string;
  ignored_columns: string[];
}

export { defaultRejectsFile };

export async function importArrivals(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<ImportResult> {
  const src = await openCsv(file, { encoding: opts.encoding });
  const map = mapHeader('arrivals', src.header);
  if (map.missing.length > 0) {
    throw new ValidationError({ field: 'file', code: 'missing_column', params: { columns: map.missing.join(', ') } });
  }
  const at = localDateTime(ctx.now);
  let firstId: number | null = null;
  let lastId: number | null = null;
  const width = src.header.length;
  const counts = await importRows<ArrivalRecord>(
    store,
    file,
    src,
    map.columns,
    {
      validate(fields, raw) {
        const { record, problems } = validateArrival(fields as ArrivalInput, ctx.today);
        // a row with more fields than the header is fine only when the extra ones are empty
        if (raw.length !== width && !(raw.length > width && raw.slice(width).every((f) => f === ''))) {
          return { problems: [{ field: 'row', code: 'row_columns', params: { got: raw.length, expected: width } }, ...problems] };
        }
        return { record, problems };
      },
      insert(record) {
        const id = store.arrivals.insert(record, at, ctx.actor);
        if (id === null) return false;
        firstId ??= id;
        lastId = id;
        return true;
      },
      audit: (c) => ({
        at,
        actor: ctx.actor,
        action: 'arrival.import',
        record: `file:${path.basename(file)}`,
        after: { read: c.read, inserted: c.inserted, duplicates: c.duplicates, rejected: c.rejected, first_id: firstId, last_id: lastId },
      }),
    },
    opts,
  );
  return { file, encoding: src.encoding, delimiter: src.delimiter === '\t' ? 'tab' : 'comma', ignored_columns: map.ignored, ...counts };
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
  const idAt = EXPORT_COLUMNS.indexOf('id_number');
  const phoneAt = EXPORT_COLUMNS.indexOf('phone');
  const n = await writeCsv(target, [...EXPORT_COLUMNS], store.arrivals.iterateColumns(opts.filter ?? {}, EXPORT_COLUMNS), (row) => {
    if (!opts.reveal) {
      row[idAt] = maskIdNumber(row[idAt] as string);
      row[phoneAt] = maskPhone(row[phoneAt] as string);
    }
    return row as Array<string | null>;
  });
  return { exported: n, file: 'file' in target ? target.file : null };
}
