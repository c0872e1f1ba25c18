/**
 * The CSV reader's worker thread (issue 17; see io/csv.ts openCsvPipelined): opens the file with
 * openCsv (the encoding decided over the whole file, csv-parse, the same rules as in-thread),
 * sends what it found (header, encoding, delimiter), then the records in batches, a batch only
 * when the main thread has asked for more (two in flight at most), so the file is read, decoded
 * and parsed while the main thread validates and inserts, and nothing piles up.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StoreError, UsageError, ValidationError } from '../domain/errors.js';
import { openCsv, type CsvReadOptions, type CsvWorkerMessage } from './csv.js';

const port = parentPort!;
const { file, opts } = workerData as { file: string; opts: CsvReadOptions };
const BATCH = 500;
let credit = 2;
let wake: (() => void) | null = null;
port.on('message', (m) => {
  if (m === 'more') {
    credit++;
    wake?.();
    wake = null;
  }
});
const send = (m: CsvWorkerMessage) => port.postMessage(m);

async function run(): Promise<void> {
  try {
    const src = await openCsv(file, opts);
    send({ type: 'open', encoding: src.encoding!, delimiter: src.delimiter!, header: src.header, headerRow: src.headerRow, size: src.size });
    // a batch as compact arrays (one of all the cells, one of row numbers and widths), not
    // objects: cheaper to copy across than an array of records
    let cells: string[] = [];
    let meta: number[] = [];
    const flush = async () => {
      while (credit <= 0) await new Promise<void>((r) => (wake = r));
      credit--;
      const m = Int32Array.from(meta);
      port.postMessage({ type: 'rows', cells, meta: m, bytes: src.bytesRead() } satisfies CsvWorkerMessage, [m.buffer]);
      cells = [];
      meta = [];
    };
    for await (const rec of src.records) {
      meta.push(rec.row, rec.fields.length);
      for (const f of rec.fields) cells.push(f);
      if (meta.length >= 2 * BATCH) await flush();
    }
    if (meta.length) await flush();
    send({ type: 'end' });
  } catch (err) {
    const e = err as Error;
    send({ type: 'error', message: e.message, problems: err instanceof ValidationError ? err.problems : undefined, usage: err instanceof UsageError && !(err instanceof ValidationError), store: err instanceof StoreError });
  }
  port.close();
}

void run();
