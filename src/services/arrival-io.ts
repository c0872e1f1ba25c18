/**
 * Arrivals in and out as CSV. Import is streamed and all-or-nothing (one transaction),
 * unless skipInvalid, which writes the good rows and a rejects file. Export is streamed.
 */
import path from 'node:path';
import { ARRIVAL_FIELDS, validateArrival, type ArrivalInput, type ArrivalRecord } from '../domain/arrival.js';
import { candidateList } from '../domain/area.js';
import { localDateTime } from '../domain/dates.js';
import { resolvePlace } from '../domain/places.js';
import { writeCsv } from '../io/csv.js';
import { maskIdNumber, maskPhone } from '../io/mask.js';
import type { Store } from '../store/db.js';
import type { ArrivalFilter } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';
import { importFile, type ImportOptions, type ImportResult } from './import.js';

export type { ImportOptions, ImportResult };

export interface ArrivalImportOptions extends ImportOptions {
  /** Refuse rows whose origin names no known place, or several (else they are imported and listed). */
  strictPlaces?: boolean;
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
}

export const MAX_UNRESOLVED_LISTED = 50;

export async function importArrivals(store: Store, file: string, ctx: ServiceContext, opts: ArrivalImportOptions): Promise<ArrivalImportResult> {
  const at = localDateTime(ctx.now);
  let firstId: number | null = null;
  let lastId: number | null = null;
  const unresolved = new Map<string, UnresolvedOrigin>();
  let unresolvedRows = 0;
  const r = await importFile<'arrivals', ArrivalRecord, { unresolved_places: number }>(
    store,
    file,
    'arrivals',
    {
      strictColumns: true,
      extraField: 'note',
      validate: (fields) => validateArrival(fields as ArrivalInput, ctx.today, { strictPlaces: opts.strictPlaces }),
      insert(record) {
        const id = store.arrivals.insert(record, at, ctx.actor);
        if (id === null) return 'duplicate';
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
      },
      audit: (c) => ({
        at,
        actor: ctx.actor,
        action: 'arrival.import',
        record: `file:${path.basename(file)}`,
        after: { read: c.read, inserted: c.inserted, duplicates: c.duplicates, rejected: c.rejected, unresolved_places: c.unresolved_places, first_id: firstId, last_id: lastId },
      }),
      extra: () => ({ unresolved_places: unresolvedRows }),
    },
    opts,
  );
  const listed = [...unresolved.values()].sort((a, b) => b.rows - a.rows).slice(0, MAX_UNRESOLVED_LISTED);
  return { ...r, unresolved_origins: listed };
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
