/**
 * A listing of any size written as it is read (a RowStream from the store): JSON lines, JSON,
 * CSV and the plain table, a thousand rows a piece, each piece waiting for the one before to
 * drain (stdout, the pager or the atomic --out file), so that memory does not grow with the
 * rows. The bytes are those of the whole-list renderers of io/render.ts.
 */
import type { Lang } from '../domain/i18n.js';
import type { RowStream } from '../domain/row-stream.js';
import type { Format } from './formats.js';
import { listCsvChunks, listJsonChunks, plainTableLines, type Column } from './render.js';

type Row = Record<string, unknown>;

export interface StreamOptions {
  lang: Lang;
  color: boolean | number;
  /** The terminal's width, for a table on screen. */
  width?: number;
  bom: boolean;
}

/** The pieces of a listing in a format (json, jsonl, csv or table). */
export async function listChunks(rows: RowStream<object>, columns: Column[], format: Format, o: StreamOptions): Promise<Iterable<string>> {
  const data = rows as RowStream<Row>;
  if (format === 'json' || format === 'jsonl') return listJsonChunks(data, columns, format === 'jsonl');
  if (format === 'csv') {
    const chunks = listCsvChunks(data, columns);
    return o.bom ? prefixed('\uFEFF', chunks) : chunks;
  }
  if (format !== 'table') throw new Error(`not a streamed format: ${format}`);
  const lines = await plainTableLines(data, columns, { format, lang: o.lang, color: o.color, width: o.width });
  return batched(lines);
}

function* prefixed(first: string, chunks: Iterable<string>): Generator<string> {
  let head = true;
  for (const c of chunks) {
    yield head ? first + c : c;
    head = false;
  }
}

/** Lines a thousand at a time, each with its newline. */
function* batched(lines: Iterable<string>): Generator<string> {
  let s = '';
  let n = 0;
  for (const line of lines) {
    s += line + '\n';
    if (++n === 1000) {
      yield s;
      s = '';
      n = 0;
    }
  }
  if (s) yield s;
}

/** Writes a piece to a stream, waiting when it is full. */
async function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
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
  const chunks = await listChunks(rows, columns, format, o);
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
