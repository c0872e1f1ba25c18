/**
 * Excel workbooks (.xlsx) in, as rows of text: the same CsvSource the CSV reader gives, so the
 * one import pipeline reads both. Streamed with exceljs's WorkbookReader, so a sheet of 100,000
 * rows is never held in memory (only its shared strings are).
 *
 * A cell becomes the text a person sees in it: a date as 2022-11-20 (and a time as 2022-11-20
 * 14:30), a formula as its last computed result, rich text as its plain text, a hyperlink as its
 * text, a number as its digits. A whole number Excel cannot hold exactly (16 digits or more: an
 * 18-digit ID number typed into a number cell has already lost its last digits) is given as
 * Excel shows it, 4.40105198001011E+17, so the validators refuse it with the fix rather than
 * read a wrong number.
 */
import fs from 'node:fs';
import { UsageError, ValidationError } from '../domain/errors.js';
import type { CsvRecord, CsvSource } from './csv.js';

export interface XlsxReadOptions {
  /** The sheet to read, by name; default: the first visible sheet. */
  sheet?: string;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A date cell: exceljs gives the cell's value as a Date whose UTC fields are what Excel shows. */
export function dateCellText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  const time = `${pad(h)}:${pad(mi)}${s ? `:${pad(s)}` : ''}`;
  // a time of day alone is stored on Excel's day 0 (1899-12-30, or 12-31 in the 1900 system)
  if (y < 1900) return time;
  const date = `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return h || mi || s ? `${date} ${time}` : date;
}

/** A number as Excel's General format would show it: digits when exact, else E-notation. */
export function numberCellText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) {
    if (Math.abs(n) < 1e15) return String(n);
    return n
      .toExponential(14)
      .replace(/\.?0+e/, 'e')
      .replace('e', 'E');
  }
  // 15 significant digits, as Excel keeps: 0.1 + 0.2 is 0.3
  return String(Number(n.toPrecision(15)));
}

type Cell = unknown;

/** The text of any cell value exceljs gives. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberCellText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateCellText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
    // exceljs's stand-in for a shared string when the workbook has no shared strings part
    if ('sharedString' in o) throw new Error(`cell text ${String(o.sharedString)} is missing: the workbook has no shared strings part`);
  }
  // never "[object Object]" in a register: a value of a kind this reader does not know is a broken file
  if (typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol') throw new Error('a cell holds a value of an unknown kind');
  return String(v);
}

/**
 * Makes a cell that points past the end of the shared strings an error: exceljs's reader gives
 * `undefined` for it, read as an empty cell (a name silently gone). The reader sets its
 * `sharedStrings` array once it meets the part; the array is wrapped as it is set.
 */
function guardSharedStrings(reader: object): void {
  let strings: unknown[] | undefined;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => strings,
    set: (v: unknown[] | undefined) => {
      strings = !Array.isArray(v)
        ? v
        : new Proxy(v, {
            get(target, p, receiver) {
              if (typeof p === 'string' && /^\d+$/.test(p) && Number(p) >= target.length) {
                throw new Error(`a cell points at text ${p}, past the ${target.length} the workbook holds`);
              }
              return Reflect.get(target, p, receiver);
            },
          });
    },
  });
}

interface SheetReader extends AsyncIterable<{ number: number; values: unknown[] }> {
  id: number | string;
  name?: string;
  state?: string;
}

interface WorkbookReader extends AsyncIterable<SheetReader> {
  model?: { sheets?: Array<{ name: string; id: number; state?: string }> };
}

function broken(file: string, err: unknown): ValidationError {
  if (err instanceof ValidationError) return err;
  return new ValidationError({ field: 'file', code: 'xlsx_broken', params: { file, detail: (err as Error).message?.split('\n')[0] ?? String(err) } });
}

interface SheetEvents {
  /** The sheet chosen, once it is found. */
  sheet(name: string): void;
  /** Bytes of the file read so far. */
  bytes(n: number): void;
}

/**
 * The rows of one sheet of a workbook, as text: the sheet --sheet names, else the first visible
 * one. Errors are ValidationErrors (no such sheet, a broken workbook) or a UsageError (empty).
 */
export async function* readSheet(file: string, opts: XlsxReadOptions, on: SheetEvents): AsyncGenerator<CsvRecord> {
  // exceljs's streaming reader can meet a worksheet before the workbook's list of sheets when the
  // zip puts xl/workbook.xml last (exceljs itself writes it so) and then fails, now and then, with
  // "Cannot read properties of undefined (reading 'sheets')" before any row is read: read again.
  for (let attempt = 1; ; attempt++) {
    let rows = 0;
    try {
      for await (const r of readSheetOnce(file, opts, on)) {
        rows++;
        yield r;
      }
      return;
    } catch (err) {
      const race = err instanceof ValidationError && err.problems[0]?.code === 'xlsx_broken' && /reading 'sheets'/.test(String(err.problems[0].params?.detail));
      if (!race || rows > 0 || attempt >= 5) throw err;
    }
  }
}

async function* readSheetOnce(file: string, opts: XlsxReadOptions, on: SheetEvents): AsyncGenerator<CsvRecord> {
  const { default: ExcelJS } = await import('exceljs');
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    on.bytes(bytes);
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookReader;
  guardSharedStrings(reader);
  const visible = (s: { state?: string }) => !s.state || s.state === 'visible';

  /** Is this the sheet to read? By name when --sheet, else the first visible one of the workbook. */
  const wanted = (ws: SheetReader, emitted: number): boolean => {
    if (opts.sheet !== undefined) return (ws.name ?? '').trim() === opts.sheet.trim();
    const sheets = reader.model?.sheets;
    if (sheets && sheets.length) {
      const first = sheets.find(visible) ?? sheets[0];
      if (ws.name !== undefined) return ws.name === first.name;
    }
    return emitted === 0;
  };

  let emitted = 0;
  let found = false;
  try {
    for await (const ws of reader) {
      if (found || !wanted(ws, emitted++)) {
        // the reader is read to its end, every sheet through: left half-way, exceljs goes on in
        // the background with temporary files of its own and fails on them after we are gone
        for await (const _row of ws) void _row;
        continue;
      }
      found = true;
      on.sheet(ws.name ?? `Sheet${ws.id}`);
      for await (const row of ws) {
        const values = row.values as unknown[];
        const fields: string[] = [];
        for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]).trim());
        yield { row: row.number, fields };
      }
    }
    if (found) return;
  } catch (err) {
    throw broken(file, err);
  } finally {
    input.destroy();
  }
  const names = (reader.model?.sheets ?? []).map((s) => s.name);
  if (opts.sheet !== undefined) throw new ValidationError({ field: 'file', code: 'no_sheet', params: { file, sheet: opts.sheet, sheets: names.join(', ') } });
  throw new UsageError(`${file} is empty: expected a header row and records`, `${file} 是空文件：应有一行表头和若干记录`);
}

/**
 * The rows of a sheet, read in a worker thread when running compiled (dist/): exceljs makes a
 * great deal of short-lived garbage per cell, and the main thread's heap, sized for a 4 GB limit,
 * lets it pile up (a 100,000-row workbook took the process to 275 MB); a worker with heap limits
 * of its own collects it early (about 210 MB), and parses while the main thread inserts. Batches
 * of rows go to the main thread one or two at a time (flow control), so neither side piles up.
 * Under the TypeScript sources (the tests) there is no compiled worker file: read in-thread.
 */
function sheetRows(file: string, opts: XlsxReadOptions, on: SheetEvents): { rows: AsyncGenerator<CsvRecord>; stop(): void } {
  const compiled = import.meta.url.endsWith('.js');
  if (!compiled) {
    const rows = readSheet(file, opts, on);
    return { rows, stop: () => void rows.return(undefined) };
  }
  let worker: import('node:worker_threads').Worker | null = null;
  async function* viaWorker(): AsyncGenerator<CsvRecord> {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(new URL('./xlsx-worker.js', import.meta.url), {
      workerData: { file, opts },
      resourceLimits: { maxOldGenerationSizeMb: XLSX_WORKER_HEAP_MB, maxYoungGenerationSizeMb: XLSX_WORKER_YOUNG_MB },
    });
    worker = w;
    const queue: WorkerMessage[] = [];
    let wake: (() => void) | null = null;
    const push = (m: WorkerMessage) => {
      queue.push(m);
      wake?.();
      wake = null;
    };
    w.on('message', push);
    w.on('error', (err) => push({ type: 'error', message: (err as Error).message, code: (err as NodeJS.ErrnoException).code }));
    w.on('exit', (code) => push({ type: 'exit', code }));
    try {
      for (;;) {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const m = queue.shift()!;
        if (m.type === 'sheet') on.sheet(m.name);
        else if (m.type === 'rows') {
          on.bytes(m.bytes);
          w.postMessage('more');
          yield* m.rows;
        } else if (m.type === 'end') return;
        else if (m.type === 'error') {
          if (m.problems) throw new ValidationError(m.problems);
          if (m.usage) throw new UsageError(m.message, m.zh);
          if (m.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new ValidationError({ field: 'file', code: 'xlsx_too_large', params: { file } });
          throw new Error(m.message);
        } else if (m.type === 'exit') throw new Error(`the workbook reader stopped (exit code ${m.code})`);
      }
    } finally {
      void w.terminate();
    }
  }
  const rows = viaWorker();
  return {
    rows,
    stop: () => {
      void (worker as import('node:worker_threads').Worker | null)?.terminate();
      void rows.return(undefined);
    },
  };
}

/**
 * The heap of the workbook reader's worker: its shared strings must fit (a million rows' do).
 * A small young generation is what bounds it: exceljs's garbage is collected while young
 * (100,000 rows: 211 MB peak for the whole import, against 237 MB with V8's default, 275 MB
 * in-thread; bench/xlsx.mjs).
 */
export const XLSX_WORKER_HEAP_MB = 512;
export const XLSX_WORKER_YOUNG_MB = 4;

export type WorkerMessage =
  | { type: 'sheet'; name: string }
  | { type: 'rows'; rows: CsvRecord[]; bytes: number }
  | { type: 'end' }
  | { type: 'error'; message: string; zh?: string; problems?: import('../domain/errors.js').Problem[]; usage?: boolean; code?: string }
  | { type: 'exit'; code: number };

/** Opens a sheet of a workbook for streaming; reads its first row before returning. */
export async function openXlsx(file: string, opts: XlsxReadOptions = {}): Promise<CsvSource> {
  const size = fs.statSync(file).size;
  let sheetName: string | null = null;
  let bytes = 0;
  const { rows: it, stop } = sheetRows(file, opts, {
    sheet: (n) => (sheetName = n),
    bytes: (n) => (bytes = n),
  });
  const first = await it.next();
  if (first.done) {
    stop();
    throw new UsageError(`${file} is empty: expected a header row and records`, `${file} 是空文件：应有一行表头和若干记录`);
  }
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheet: sheetName,
    header: first.value.fields,
    headerRow: first.value.row,
    size,
    bytesRead: () => bytes,
    records: { [Symbol.asyncIterator]: () => it },
    close: stop,
  };
}
