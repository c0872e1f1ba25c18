/**
 * CSV in and out, through csv-parse / csv-stringify and iconv-lite.
 * Reading: UTF-8 (with or without BOM) or GB18030, detected or given; comma or tab,
 * detected from the header line; streamed, so a file of any size is never held in memory.
 * Writing: UTF-8 with BOM (Excel opens it right), formula cells neutralised.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { stringify as stringifySync } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { StoreError, UsageError } from '../domain/errors.js';
import { openAtomic } from './files.js';
import { openRegular } from './input.js';

export type Encoding = 'utf8' | 'gb18030';

const PEEK_BYTES = 64 * 1024;

export function normaliseEncoding(raw: string): Encoding {
  const e = raw.toLowerCase().replace(/[-_]/g, '');
  if (e === 'utf8' || e === 'utf8bom') return 'utf8';
  if (e === 'gb18030' || e === 'gbk' || e === 'gb2312' || e === 'cp936') return 'gb18030';
  throw new UsageError(`unknown encoding "${raw}": use utf8 or gb18030`);
}

/** UTF-8 when the bytes have a UTF-8 BOM or decode as UTF-8 without error, else GB18030. */
export function detectEncoding(head: Buffer): Encoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  try {
    // stream: true tolerates a character cut in half at the end of the sample
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** Tab when the header line has more tabs than commas, else comma. */
export function detectDelimiter(text: string): ',' | '\t' {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

export interface CsvRecord {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  fields: string[];
}

export interface CsvSource {
  encoding: Encoding;
  delimiter: string;
  header: string[];
  size: number;
  /** Bytes read so far, for a progress bar. */
  bytesRead(): number;
  records: AsyncIterable<CsvRecord>;
  /** Stops reading and closes the file (done by itself when the records are read to the end). */
  close(): void;
}

export interface CsvReadOptions {
  encoding?: string;
}

/** Opens the file (a regular file only: io/input.ts) and reads its first bytes; the descriptor stays open. */
function readHead(file: string): { fd: number; head: Buffer; size: number } {
  const { fd, size } = openRegular(file);
  try {
    const head = Buffer.alloc(Math.min(PEEK_BYTES, size));
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return { fd, head: head.subarray(0, n), size };
  } catch (err) {
    fs.closeSync(fd);
    throw new StoreError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function csvError(file: string, err: unknown): UsageError {
  const e = err as Error & { code?: string; lines?: number };
  const where = e.lines ? ` near line ${e.lines}` : '';
  const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : e.message.replace(/^Invalid [^:]*:\s*/, '');
  return new UsageError(`${file}${where} is not valid CSV: ${what}`);
}

/** Opens a CSV file for streaming; reads the header before returning. */
export async function openCsv(file: string, opts: CsvReadOptions = {}): Promise<CsvSource> {
  const { fd, head, size } = readHead(file);
  let encoding: Encoding;
  try {
    if (size === 0) throw new UsageError(`${file} is empty: expected a header row and records`);
    encoding = opts.encoding ? normaliseEncoding(opts.encoding) : detectEncoding(head);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  const delimiter = detectDelimiter(iconv.decode(head, encoding));
  // the descriptor checked in readHead, read from its start
  const input = fs.createReadStream('', { fd, start: 0, highWaterMark: 256 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const parser = input.pipe(iconv.decodeStream(encoding, { stripBOM: true })).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }),
  );
  input.on('error', (err) => parser.destroy(err));
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let first: IteratorResult<string[]>;
  try {
    first = await it.next();
  } catch (err) {
    input.destroy();
    throw csvError(file, err);
  }
  if (first.done) throw new UsageError(`${file} is empty: expected a header row and records`);
  const header = first.value.map((h) => h.trim());
  async function* records(): AsyncGenerator<CsvRecord> {
    let row = 1;
    try {
      while (true) {
        let next: IteratorResult<string[]>;
        try {
          next = await it.next();
        } catch (err) {
          throw csvError(file, err);
        }
        if (next.done) return;
        row++;
        yield { row, fields: next.value };
      }
    } finally {
      input.destroy();
    }
  }
  return { encoding, delimiter, header, size, bytesRead: () => bytes, records: records(), close: () => input.destroy() };
}

/**
 * A cell a spreadsheet would run as a formula (= + - @, | for DDE, a tab or CR before one) gets a
 * leading apostrophe.
 */
export function neutralise(v: string): string {
  return /^[=+\-@|\t\r]/.test(v) ? `'${v}` : v;
}

/** Undoes neutralise() on import, so an export imports back to the same values. */
export function unneutralise(v: string): string {
  return /^'[=+\-@|\t\r]/.test(v) ? v.slice(1) : v;
}

export interface CsvSink {
  /** Writes a row; returns a promise only when the reader is behind (await it, then go on). */
  write(values: Array<string | number | null | undefined>): Promise<void> | undefined;
  /** Flushes and, for a file, moves it into place. */
  close(): Promise<void>;
  /** Removes a half-written file. */
  abort(): void;
}

/**
 * A CSV writer to a file (through the one atomic writer, io/files.ts: a random exclusive
 * temporary name, 0600, fsync'd and renamed when complete, removed on failure or a signal) or to
 * a stream. UTF-8 with BOM, formula cells neutralised. Rows are turned into text by
 * csv-stringify in batches, which is several times faster for a million rows than a stream
 * transform per row.
 */
export function csvSink(target: { file: string } | { stream: NodeJS.WritableStream }, header: string[]): CsvSink {
  const BATCH = 2000;
  let put: (text: string) => Promise<void> | undefined;
  let finish: () => Promise<void>;
  let abort: () => void;
  if ('file' in target) {
    const file = openAtomic(target.file);
    put = (text) => file.write(text);
    finish = () => file.close();
    abort = () => file.abort();
  } else {
    const out = target.stream;
    let failed: Error | null = null;
    out.on('error', (err: Error) => {
      failed = err;
    });
    put = (text) => {
      if (failed) throw failed;
      if (out.write(text)) return undefined;
      return new Promise((resolve) => out.once('drain', resolve));
    };
    finish = async () => {
      if (failed) throw failed;
    };
    abort = () => undefined;
  }
  // the header (and the BOM before it) go out with the first batch
  let batch: unknown[][] = [header];
  let bom = '\uFEFF';
  const flush = (): Promise<void> | undefined => {
    if (batch.length === 0) return undefined;
    const text = bom + stringifySync(batch, { cast: { string: neutralise } });
    batch = [];
    bom = '';
    return put(text);
  };
  return {
    write(values) {
      batch.push(values.map((v) => (v == null ? '' : v)));
      return batch.length >= BATCH ? flush() : undefined;
    },
    async close() {
      await flush();
      await finish();
    },
    abort() {
      abort();
    },
  };
}

/** Writes every row of an iterable as CSV (see csvSink); returns how many. Nothing is left half-written. */
export async function writeCsv<T>(target: { file: string } | { stream: NodeJS.WritableStream }, header: string[], rows: Iterable<T>, toRow: (r: T) => Array<string | number | null | undefined>): Promise<number> {
  const sink = csvSink(target, header);
  let n = 0;
  try {
    for (const row of rows) {
      const wait = sink.write(toRow(row));
      if (wait) await wait;
      n++;
    }
    await sink.close();
  } catch (err) {
    sink.abort();
    throw err;
  }
  return n;
}
