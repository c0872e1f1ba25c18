/**
 * CSV in and out, through csv-parse / csv-stringify and iconv-lite.
 * Reading: UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode 文本") or GB18030,
 * detected for the whole file or given; comma or tab, detected from the first lines; streamed, so
 * a file of any size is never held in memory. Bytes the chosen encoding cannot read are refused
 * with their row named, never turned into "���".
 * Writing: UTF-8 with BOM (Excel opens it right), formula cells neutralised.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { stringify as stringifySync } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { zhCause } from '../domain/causes.js';
import { StoreError, UsageError, ValidationError } from '../domain/errors.js';
import { openAtomic } from './files.js';
import { openRegular } from './input.js';

export type Encoding = 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

const PEEK_BYTES = 64 * 1024;

export function normaliseEncoding(raw: string): Encoding {
  const e = raw.toLowerCase().replace(/[-_\s]/g, '');
  if (e === 'utf8' || e === 'utf8bom') return 'utf8';
  if (e === 'gb18030' || e === 'gbk' || e === 'gb2312' || e === 'cp936' || e === 'ansi') return 'gb18030';
  if (e === 'utf16' || e === 'utf16le' || e === 'unicode' || e === 'ucs2') return 'utf16le';
  if (e === 'utf16be') return 'utf16be';
  throw new UsageError(`unknown encoding "${raw}": use utf8, gb18030 or utf16`, `不认识的编码“${raw}”：请用 utf8、gb18030 或 utf16`);
}

/** The encoding a byte-order mark says, if the bytes start with one. */
export function bomEncoding(head: Buffer): Encoding | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  return null;
}

/**
 * UTF-16 without a BOM: text that is mostly ASCII or CJK has a zero in one byte of most pairs
 * (ASCII) and never a zero pair; a CSV in UTF-8 or GB18030 has no zero byte at all.
 */
function bomlessUtf16(head: Buffer): Encoding | null {
  const n = head.length - (head.length % 2);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero === 0) return 'utf16le';
  if (evenZero > pairs * 0.3 && oddZero === 0) return 'utf16be';
  return null;
}

/**
 * The encoding of a sample: its BOM, else UTF-8 when it decodes as UTF-8, else GB18030. Only a
 * guess from the first bytes; openCsv decides for the whole file (decideEncoding).
 */
export function detectEncoding(head: Buffer): Encoding {
  const bom = bomEncoding(head) ?? bomlessUtf16(head);
  if (bom) return bom;
  try {
    // stream: true tolerates a character cut in half at the end of the sample
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** Where the first bytes that are not UTF-8 are, in a file: null when the whole file is UTF-8. */
export interface Utf8Scan {
  /** 1-based line of the first invalid byte. */
  line: number;
  /** True when UTF-8 characters beyond ASCII came before it: the file starts as UTF-8. */
  utf8Before: boolean;
}

/**
 * Reads the whole file through a strict UTF-8 check (the rules of the WHATWG decoder: no
 * overlong forms, no surrogates, nothing above U+10FFFF), a megabyte at a time: bounded memory.
 */
export function scanUtf8(file: string): Utf8Scan | null {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    let line = 1;
    let multibyte = false;
    let need = 0; // continuation bytes still expected
    let lo = 0x80; // bounds of the next continuation byte
    let hi = 0xbf;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return need === 0 ? null : { line, utf8Before: multibyte };
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (need > 0) {
          if (b < lo || b > hi) return { line, utf8Before: multibyte };
          need--;
          lo = 0x80;
          hi = 0xbf;
          if (need === 0) multibyte = true;
          continue;
        }
        if (b < 0x80) {
          if (b === 0x0a) line++;
        } else if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0) lo = 0xa0;
          else if (b === 0xed) hi = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0) lo = 0x90;
          else if (b === 0xf4) hi = 0x8f;
        } else return { line, utf8Before: multibyte };
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The encoding of the whole file: its BOM; else UTF-8 when every byte of it is UTF-8; else
 * GB18030 when what comes before the first non-UTF-8 byte is plain ASCII. A file that starts in
 * UTF-8 and goes on in another encoding is refused, naming the row, rather than read as garbage.
 */
export function decideEncoding(file: string, head: Buffer, given?: string): Encoding {
  const forced = given ? normaliseEncoding(given) : null;
  if (forced && forced !== 'utf8') return forced;
  const bom = bomEncoding(head);
  if (!forced && bom && bom !== 'utf8') return bom;
  if (!forced && !bom) {
    const u16 = bomlessUtf16(head);
    if (u16) return u16;
  }
  const bad = scanUtf8(file);
  if (!bad) return 'utf8';
  if (bom === 'utf8' || bad.utf8Before) throw new ValidationError({ field: 'file', code: 'mixed_encoding', params: { file, row: bad.line } });
  if (forced === 'utf8') throw new ValidationError({ field: 'file', code: 'not_utf8', params: { file, row: bad.line } });
  return 'gb18030';
}

/** Tab when the first lines have more tabs than commas, else comma (a title line has neither). */
export function detectDelimiter(text: string): ',' | '\t' {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 6).slice(0, 5);
  let tabs = 0;
  let commas = 0;
  for (const l of lines) {
    tabs = Math.max(tabs, l.split('\t').length - 1);
    commas = Math.max(commas, l.split(',').length - 1);
  }
  return tabs > commas ? '\t' : ',';
}

export interface CsvRecord {
  /** Spreadsheet row number: the first row of the file (or sheet) is row 1. */
  row: number;
  fields: string[];
}

export interface CsvSource {
  /** csv, or xlsx (a workbook's sheet read as rows of text). */
  format: 'csv' | 'xlsx';
  /** The text encoding; null for a workbook. */
  encoding: Encoding | null;
  /** The field delimiter; null for a workbook. */
  delimiter: string | null;
  /** The sheet read, for a workbook. */
  sheet: string | null;
  /** The first row of the file; the import pipeline may take a later one as the header (a title row above it). */
  header: string[];
  /** Row number of `header`. */
  headerRow: number;
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

/** The first bytes of a file and its size: a regular file only (io/input.ts), else a StoreError. */
export function readHead(file: string, bytes = PEEK_BYTES): { head: Buffer; size: number } {
  const { fd, size } = openRegular(file);
  try {
    const head = Buffer.alloc(Math.min(bytes, size));
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return { head: head.subarray(0, n), size };
  } catch (err) {
    throw new StoreError(`cannot read ${file}: ${(err as Error).message}`, `无法读取 ${file}：${zhCause(err)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** csv-parse's error codes, in Chinese. */
const CSV_ZH: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '有一个引号没有闭合',
  CSV_INVALID_CLOSING_QUOTE: '闭合引号后面紧跟着其他字符',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '闭合引号后面紧跟着其他字符',
  CSV_INVALID_OPENING_QUOTE: '字段中间出现了引号',
  CSV_MAX_RECORD_SIZE: '有一行太长',
};

function csvError(file: string, err: unknown): UsageError {
  const e = err as Error & { code?: string; lines?: number };
  if (e instanceof ValidationError) return e;
  const where = e.lines ? ` near line ${e.lines}` : '';
  const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : e.message.replace(/^Invalid [^:]*:\s*/, '');
  const whereZh = e.lines ? `（约第 ${e.lines} 行）` : '';
  return new UsageError(`${file}${where} is not valid CSV: ${what}`, `${file}${whereZh}不是有效的 CSV：${CSV_ZH[e.code ?? ''] ?? what}`);
}

/**
 * Opens a CSV file for streaming; reads its first row before returning. The encoding is decided
 * for the whole file (decideEncoding); in GB18030 or UTF-16, a row with bytes the encoding cannot
 * read (decoded as U+FFFD) is refused with its number.
 */
export async function openCsv(file: string, opts: CsvReadOptions = {}): Promise<CsvSource> {
  const { head, size } = readHead(file);
  if (size === 0) throw new UsageError(`${file} is empty: expected a header row and records`, `${file} 是空文件：应有一行表头和若干记录`);
  const encoding = decideEncoding(file, head, opts.encoding);
  const delimiter = detectDelimiter(iconv.decode(head, encoding));
  // a regular file (readHead checked it)
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const parser = input.pipe(iconv.decodeStream(encoding, { stripBOM: true })).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }),
  );
  input.on('error', (err) => parser.destroy(err));
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  // UTF-8 was checked byte by byte; the others decode bad bytes as U+FFFD
  const checkReplacement = encoding !== 'utf8';
  const check = (row: number, fields: string[]) => {
    if (checkReplacement && fields.some((f) => f.includes('\uFFFD'))) {
      input.destroy();
      throw new ValidationError({ field: 'file', code: 'bad_bytes', params: { file, row, encoding } });
    }
  };
  let first: IteratorResult<string[]>;
  try {
    first = await it.next();
  } catch (err) {
    input.destroy();
    throw csvError(file, err);
  }
  if (first.done) throw new UsageError(`${file} is empty: expected a header row and records`, `${file} 是空文件：应有一行表头和若干记录`);
  check(1, first.value);
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
        check(row, next.value);
        yield { row, fields: next.value };
      }
    } finally {
      input.destroy();
    }
  }
  return { format: 'csv', encoding, delimiter, sheet: null, header, headerRow: 1, size, bytesRead: () => bytes, records: records(), close: () => input.destroy() };
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
  const { put, finish, abort } = sinkOf(target);
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

/**
 * One CSV field as csvSink writes it (csv-stringify's rules, the formula start neutralised): null
 * and '' as nothing; quoted when it has a quote, comma, LF or CR, its quotes doubled. The export
 * assembled in SQL (store/csv-sql.ts) follows the same rules; a test compares the two.
 */
export function csvField(v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const n = neutralise(v);
  if (n.includes('"')) return `"${n.replaceAll('"', '""')}"`;
  return /[,\n\r]/.test(n) ? `"${n}"` : n;
}

/**
 * Writes CSV made elsewhere (chunks of whole lines, each ending in LF, as UTF-8 bytes: an export
 * assembled in SQL) after the header (and the BOM, unless bom is false), to a file (atomically, as
 * csvSink) or a stream. Returns how many lines.
 */
export async function writeCsvChunks(
  target: { file: string } | { stream: NodeJS.WritableStream },
  header: string[],
  chunks: Iterable<{ bytes: Buffer; rows: number }>,
  opts: { bom?: boolean } = {},
): Promise<number> {
  const { put, finish, abort } = sinkOf(target);
  const it = chunks[Symbol.iterator]();
  let n = 0;
  try {
    const head = put((opts.bom === false ? '' : '\uFEFF') + header.map(csvField).join(',') + '\n');
    if (head) await head;
    for (let c = it.next(); !c.done; c = it.next()) {
      n += c.value.rows;
      const wait = put(c.value.bytes);
      if (wait) await wait;
    }
    await finish();
  } catch (err) {
    it.return?.(undefined);
    abort();
    throw err;
  }
  return n;
}

/** Where CSV text goes: a file through the atomic writer, or a stream (waits on drain). */
function sinkOf(target: { file: string } | { stream: NodeJS.WritableStream }): { put: (text: string | Buffer) => Promise<void> | undefined; finish: () => Promise<void>; abort: () => void } {
  if ('file' in target) {
    const file = openAtomic(target.file);
    return { put: (text) => file.write(text), finish: () => file.close(), abort: () => file.abort() };
  }
  const out = target.stream;
  let failed: Error | null = null;
  out.on('error', (err: Error) => {
    failed = err;
  });
  return {
    put: (text) => {
      if (failed) throw failed;
      if (out.write(text)) return undefined;
      return new Promise((resolve) => out.once('drain', resolve));
    },
    finish: async () => {
      if (failed) throw failed;
    },
    abort: () => undefined,
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
