/**
 * Arrivals in and out as CSV. Import is streamed and all-or-nothing (one transaction),
 * unless skipInvalid, which writes the good rows and a rejects file. Export is streamed.
 */
import path from 'node:path';
import { ARRIVAL_FIELDS, validateArrival, type ArrivalInput, type ArrivalRecord } from '../domain/arrival.js';
import { localDateTime } from '../domain/dates.js';
import { writeCsv } from '../io/csv.js';
import { maskIdNumber, maskPhone } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';
import { importFile, type ImportOptions, type ImportResult } from './import.js';

export type { ImportOptions, ImportResult };

export async function importArrivals(store: Store, file: string, ctx: ServiceContext, opts: ImportOptions): Promise<ImportResult> {
  const at = localDateTime(ctx.now);
  let firstId: number | null = null;
  let lastId: number | null = null;
  return importFile<'arrivals', ArrivalRecord>(
    store,
    file,
    'arrivals',
    {
      strictColumns: true,
      extraField: 'note',
      validate: (fields) => validateArrival(fields as ArrivalInput, ctx.today),
      insert(record) {
        const id = store.arrivals.insert(record, at, ctx.actor);
        if (id === null) return 'duplicate';
        firstId ??= id;
        lastId = id;
        return 'inserted';
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
