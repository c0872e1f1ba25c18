/**
 * A listing of any size written as it is read (a RowStream from the store): JSON lines, JSON,
 * CSV and the plain table, in pieces of about 64 KB, each piece waiting for the one before to
 * drain (stdout, the pager or the atomic --out file), so that memory does not grow with the
 * rows. The bytes are those of the whole-list renderers of io/render.ts.
 */
import type { Lang } from '../domain/i18n.js';
import type { RowStream } from '../domain/row-stream.js';
import type { Format } from './formats.js';
import { listCsvChunks, listJsonParts, plainTableLines, type Column } from './render.js';

type Row = Record<string, unknown>;

export interface StreamOptions {
  lang: Lang;
  color: boolean | number;
  /** The terminal's width, for a table on screen. */
  width?: number;
  bom: boolean;
}

/** The parts of a listing in a format (json, jsonl, csv or table): small strings, in order. */
export async function listParts(rows: RowStream<object>, columns: Column[], format: Format, o: StreamOptions): Promise<Iterable<string>> {
  const data = rows as RowStream<Row>;
  if (format === 'json' || format === 'jsonl') return listJsonParts(data, columns, format === 'jsonl');
  if (format === 'csv') {
    const chunks = listCsvChunks(data, columns);
    return o.bom ? prefixed('\uFEFF', chunks) : chunks;
  }
  if (format !== 'table') throw new Error(`not a streamed format: ${format}`);
  return withNewlines(await plainTableLines(data, columns, { format, lang: o.lang, color: o.color, width: o.width }));
}

function* prefixed(first: string, chunks: Iterable<string>): Generator<string> {
  let head = true;
  for (const c of chunks) {
    yield head ? first + c : c;
    head = false;
  }
}

function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield line + '\n';
}

/** Bytes a piece: a part is copied into the buffer at once, so no string outlives its row. */
const PIECE_BYTES = 64 * 1024;

/** Small strings packed into buffers of PIECE_BYTES (a part too long for one is a buffer of its own). */
export function* packed(parts: Iterable<string>): Generator<Buffer> {
  let buf = Buffer.allocUnsafeSlow(PIECE_BYTES);
  let off = 0;
  for (const s of parts) {
    // a UTF-16 unit is at most three bytes of UTF-8
    if (off + s.length * 3 > PIECE_BYTES) {
      if (off > 0) {
        yield buf.subarray(0, off);
        buf = Buffer.allocUnsafeSlow(PIECE_BYTES);
        off = 0;
      }
      if (s.length * 3 > PIECE_BYTES) {
        yield Buffer.from(s);
        continue;
      }
    }
    off += buf.write(s, off);
  }
  if (off > 0) yield buf.subarray(0, off);
}

/** Writes a piece to a stream, waiting when it is full. */
async function writeChunk(stream: NodeJS.WritableStream, chunk: Buffer): Promise<void> {
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Writes a listing as it is read: to --out (atomically: the file appears whole or not at all,
 * then "wrote FILE" on stderr), through the pager (stopped when the user quits it), or to stdout.
 */
export async function streamList(
  rows: RowStream<object>,
  columns: Column[],
  format: Format,
  o: StreamOptions,
  sink: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  to: { out?: string; pager?: string | null; wrote: (file: string) => string },
): Promise<void> {
  const chunks = packed(await listParts(rows, columns, format, o));
  if (to.out) {
    const { openAtomic } = await import('./files.js');
    const file = openAtomic(to.out);
    try {
      for (const c of chunks) await file.write(c);
      await file.close();
    } catch (err) {
      file.abort();
      throw err;
    }
    sink.stderr.write(to.wrote(to.out) + '\n');
    return;
  }
  if (to.pager) {
    const { openPager } = await import('./pager.js');
    const pager = openPager(to.pager, process.env);
    try {
      for (const c of chunks) if (!(await pager.write(c))) break;
    } finally {
      await pager.close();
    }
    return;
  }
  for (const c of chunks) await writeChunk(sink.stdout, c);
}
