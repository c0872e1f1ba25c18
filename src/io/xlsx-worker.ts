/**
 * The workbook reader's worker thread (see io/xlsx.ts sheetRows): reads one sheet with
 * readSheet and posts its rows to the main thread in batches, a batch only when the main thread
 * has asked for more (two in flight at most), so a fast reader never piles rows up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FangkongError, UsageError, ValidationError } from '../domain/errors.js';
import type { CsvRecord } from './csv.js';
import { readSheet, type WorkerMessage, type XlsxReadOptions } from './xlsx.js';

const port = parentPort!;
const { file, opts } = workerData as { file: string; opts: XlsxReadOptions };
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
const send = (m: WorkerMessage) => port.postMessage(m);

async function run(): Promise<void> {
  let bytes = 0;
  let batch: CsvRecord[] = [];
  const flush = async () => {
    while (credit <= 0) await new Promise<void>((r) => (wake = r));
    credit--;
    send({ type: 'rows', rows: batch, bytes });
    batch = [];
  };
  try {
    for await (const rec of readSheet(file, opts, { sheet: (name) => send({ type: 'sheet', name }), bytes: (n) => (bytes = n) })) {
      batch.push(rec);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    send({ type: 'end' });
  } catch (err) {
    const e = err as Error;
    send({ type: 'error', message: e.message, zh: err instanceof FangkongError ? err.zh : undefined, problems: err instanceof ValidationError ? err.problems : undefined, usage: err instanceof UsageError && !(err instanceof ValidationError) });
  }
  port.close();
}

void run();
