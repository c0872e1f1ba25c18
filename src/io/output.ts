/**
 * The one output pipeline. A verb's `view()` turns its result into a View; this module decides
 * the format once (--format, else the --out file's extension, else table on a terminal and JSON
 * when piped), renders it with the one renderer for that format, and writes it to stdout or,
 * atomically, to --out. CSV, to a file or stdout, starts with a BOM so that Excel on Chinese
 * Windows reads it as UTF-8 (unless bom: false, for programs). xlsx (a file only) is a workbook
 * for people: headers and values in the user's language, ID numbers and phones as text cells,
 * dates as dates, a frozen header row (io/xlsx-out.ts). Personal data is masked before view() sees it (io/mask.ts maskDeep), so
 * no verb masks, and no verb tests the format.
 */
import { UsageError } from '../domain/errors.js';
import { valueLabel, type Lang } from '../domain/i18n.js';
import { FORMATS, type Format } from './formats.js';
import { RowStream } from '../domain/row-stream.js';
import { BIG_TABLE, dataCsv, flatten, heading, listCsv, listJsonChunks, pick, renderBlocks, renderList, renderRecord, type Block, type Column } from './render.js';

export type { Block, Column } from './render.js';

interface Common {
  /** Lines for stderr, before the output (a default that was chosen, say). */
  before?: string[];
  /** Lines for stderr, after the output (a count, a hint). */
  after?: string[];
  /**
   * Lines for stderr when the output is data (JSON, CSV) rather than the blocks people read: a
   * warning that a script's log must show, said once on a terminal by the blocks themselves.
   */
  whenData?: string[];
  /** A line on stderr under a table on screen only ("12 arrival(s)"); programs count for themselves. */
  tally?: string;
  /**
   * How the command ends when it is not plain success: `rejections`, it did its work but
   * rejected some input (exit 3, DESIGN.md); `failed`, what it found is a failure (a broken audit
   * chain, a failed check): shown in full, then `failure` as the error line, exit 1.
   */
  outcome?: 'rejections' | 'failed';
  failure?: string;
  /**
   * Called once the output is written (to --out, or to stdout), with the exact text written: a
   * report kept as issued. Returns lines for stderr.
   */
  written?: (w: { text: string; format: Format; file?: string }) => Promise<string[]>;
}

/** What a verb shows. */
export type View = Common &
  (
    | {
        kind: 'list';
        rows: object[];
        /** Every column, in JSON and CSV. */
        columns: Column[];
        /** The columns a table or Markdown shows (default: all). */
        screen?: Column[];
        /**
         * The rows read as they are written (a listing of any size; `rows` is then empty): JSON,
         * JSON lines, CSV and a table of more than BIG_TABLE rows are written a piece at a time.
         */
        stream?: RowStream<object>;
      }
    | { kind: 'record'; record: object; columns: Column[] }
    /** A verb that does something (init, release, backup): a line for people, its data for programs. */
    | { kind: 'done'; data: object; text: string }
    /** A report, a person's measure, a verdict: blocks for people, data for programs. */
    | { kind: 'document'; data: object; blocks: Block[]; csv?: { rows: object[]; columns: Column[] } }
    /** Text that is the same in every format (a shell's completion script): written as it is. */
    | { kind: 'text'; text: string }
    /** The verb has written its output itself (an export to stdout, a session): only the notes. */
    | { kind: 'nothing' }
  );

export interface Sink {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdoutIsTTY: boolean;
}

/** Past this many rows of a table on a terminal, a hint to use --limit or --format. */
export const HINT_ROWS = 5000;

export interface OutputOptions {
  /** --format, when given. */
  format?: Format;
  lang: Lang;
  /** Colour: false / 0 none, else chalk's level (io/render.ts painter). */
  color: boolean | number;
  /** --out FILE. */
  out?: string;
  /** A BOM before CSV (default true: Excel needs it; false for a program that does not want one). */
  bom?: boolean;
  /** The pager's command, when output longer than the terminal may go through one (io/pager.ts; a real terminal only). */
  pager?: string | null;
}

const BY_EXTENSION: Record<string, Format> = { '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'table', '.xlsx': 'xlsx', '.html': 'html', '.htm': 'html' };

/** The one decision of the format: --format, else --out's extension, else table on a terminal, JSON otherwise. */
export function decideFormat(given: Format | undefined, stdoutIsTTY: boolean, out?: string): Format {
  if (given) return given;
  if (out) {
    const m = /\.[^./\\]+$/.exec(out.toLowerCase());
    return (m && BY_EXTENSION[m[0]]) || 'json';
  }
  return stdoutIsTTY ? 'table' : 'json';
}

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** A value as a workbook shows it to a person: enums and yes/no in the user's language, numbers as numbers. */
function xlsxValue(row: Record<string, unknown>, c: Column, lang: Lang): unknown {
  const v = row[c.key];
  if (v === null || v === undefined) return null;
  if (c.enumField) return valueLabel(c.enumField, String(v), lang);
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.join(lang === 'zh' ? '、' : ', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** A view as the bytes of a workbook: one sheet of its rows (a list, a record, a document's table), or of its data as key–value pairs. */
export async function renderXlsx(view: View, lang: Lang): Promise<Buffer> {
  const { cellKindOf, widthFor, xlsxBuffer } = await import('./xlsx-out.js');
  const sheet = lang === 'zh' ? '数据' : 'data';
  const table = (rows: object[], columns: Column[]) => {
    const data = rows as Array<Record<string, unknown>>;
    const values = data.map((r) => columns.map((c) => xlsxValue(r, c, lang)));
    const cols = columns.map((c, i) => {
      const header = heading(c, lang);
      return { header, kind: cellKindOf(c.key), width: widthFor(header, values.map((v) => v[i]), c.key) };
    });
    return xlsxBuffer(sheet, cols, values);
  };
  const pairs = (data: object) => {
    const rows = flatten(data);
    const key = lang === 'zh' ? '项目' : 'key';
    const value = lang === 'zh' ? '数值' : 'value';
    return xlsxBuffer(sheet, [{ header: key, kind: 'text', width: widthFor(key, rows.map((r) => r[0])) }, { header: value, kind: 'auto', width: widthFor(value, rows.map((r) => r[1])) }], rows.map(([k, v]) => [k, v !== '' && Number.isFinite(Number(v)) && !/^0\d/.test(v) ? Number(v) : v]));
  };
  switch (view.kind) {
    case 'list':
      return table(view.rows, view.columns);
    case 'record':
      return table([view.record], view.columns);
    case 'document':
      return view.csv ? table(view.csv.rows, view.csv.columns) : pairs(view.data);
    case 'done':
      return pairs(view.data);
    case 'text':
      return Buffer.from(view.text);
    case 'nothing':
      return Buffer.alloc(0);
  }
}

/** Renders a view in a format (xlsx: see renderXlsx). */
export async function render(view: View, format: Format, lang: Lang, color: boolean | number, screen = false, width?: number): Promise<string> {
  const o = { format, lang, color, screen, width };
  if (format === 'xlsx') throw new Error('xlsx is rendered by renderXlsx');
  if (format === 'html') return (await import('./html.js')).renderHtml(view, lang);
  switch (view.kind) {
    case 'nothing':
      return '';
    case 'text':
      return view.text;
    case 'list':
      return renderList(view.rows, isData(format) ? view.columns : (view.screen ?? view.columns), o);
    case 'record':
      return renderRecord(view.record, view.columns, o);
    case 'done':
      if (format === 'jsonl') return JSON.stringify(view.data) + '\n';
      if (format === 'json') return JSON.stringify(view.data, null, 2) + '\n';
      if (format === 'csv') return dataCsv(view.data, 'row');
      return view.text.endsWith('\n') ? view.text : view.text + '\n';
    case 'document':
      if (format === 'jsonl') return JSON.stringify(view.data) + '\n';
      if (format === 'json') return JSON.stringify(view.data, null, 2) + '\n';
      if (format === 'csv') return view.csv ? listCsv(view.csv.rows.map((r) => pick(r as Record<string, unknown>, view.csv!.columns)), view.csv.columns) : dataCsv(view.data, 'pairs');
      return renderBlocks(view.blocks, o);
  }
}

/** Formats for programs: every column, the whenData notes. */
function isData(format: Format): boolean {
  return format === 'json' || format === 'jsonl' || format === 'csv';
}

/** Writes a piece to a stream, waiting when it is full. */
async function writeChunk(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/** Shows a view: notes on stderr, the rendering on stdout or in --out (written whole, atomically). */
export async function output(view: View, sink: Sink, o: OutputOptions, wrote: (file: string) => string): Promise<void> {
  for (const line of view.before ?? []) sink.stderr.write(line + '\n');
  const format = decideFormat(o.format, sink.stdoutIsTTY, o.out);
  // a listing read as it is written (JSON, JSON lines, CSV, a big table: below); in any other
  // format (a workbook, Markdown, HTML, a small table of cli-table3) read whole here
  const streamed = view.kind === 'list' && view.stream !== undefined && !view.written && (isData(format) || (format === 'table' && view.stream.count > BIG_TABLE));
  if (view.kind === 'list' && view.stream && !streamed) view = { ...view, rows: [...view.stream], stream: undefined };
  if (format === 'xlsx') {
    if (!o.out) {
      throw new UsageError(o.lang === 'zh' ? '--format xlsx 要写入文件：加上 --out 文件名.xlsx' : '--format xlsx writes a file: add --out NAME.xlsx');
    }
    if (view.kind !== 'nothing') {
      const { writeFileAtomic } = await import('./files.js');
      writeFileAtomic(o.out, await renderXlsx(view, o.lang));
      sink.stderr.write(wrote(o.out) + '\n');
    }
    for (const line of [...(view.whenData ?? []), ...(view.after ?? [])]) sink.stderr.write(line + '\n');
    return;
  }
  // colour and screen-only blocks (a chart) only on a terminal, never in a file
  const screen = sink.stdoutIsTTY && !o.out;
  const rowCount = view.kind === 'list' ? (view.stream?.count ?? view.rows.length) : 0;
  if (view.kind === 'list' && screen && format === 'table' && rowCount > HINT_ROWS && !o.pager) {
    sink.stderr.write(
      (o.lang === 'zh'
        ? `共 ${rowCount} 行：用 --limit N 只看一部分，或 --format jsonl/csv --out 文件`
        : `${rowCount} rows: use --limit N to see some, or --format jsonl/csv --out FILE`) + '\n',
    );
  }
  const height = screen && o.pager ? (sink.stdout as NodeJS.WriteStream).rows || 0 : 0;
  if (view.kind === 'list' && view.stream && streamed) {
    // a listing read as it is written: any size in memory that does not grow with it
    const { streamList } = await import('./list-stream.js');
    const width = screen ? (sink.stdout as NodeJS.WriteStream).columns || undefined : undefined;
    await streamList(view.stream, isData(format) ? view.columns : (view.screen ?? view.columns), format, { lang: o.lang, color: o.color && !o.out, width, bom: o.bom !== false }, sink, {
      out: o.out,
      pager: height && linesOf(format, view.stream.count, view.columns.length) >= height ? o.pager : null,
      wrote,
    });
    if (view.tally && format === 'table') sink.stderr.write(view.tally + '\n');
    if (isData(format)) for (const line of view.whenData ?? []) sink.stderr.write(line + '\n');
    for (const line of view.after ?? []) sink.stderr.write(line + '\n');
    return;
  }
  // a long list as JSON to stdout: written in pieces, never one string of the whole
  if (view.kind === 'list' && !o.out && (format === 'json' || format === 'jsonl') && !view.written) {
    if (height && linesOf(format, view.rows.length, view.columns.length) >= height) {
      // longer than the terminal: through the pager, as a streamed listing is
      const { streamList } = await import('./list-stream.js');
      const rows = view.rows;
      await streamList(new RowStream(rows.length, () => rows), view.columns, format, { lang: o.lang, color: false, bom: false }, sink, { pager: o.pager, wrote });
    } else for (const chunk of listJsonChunks(view.rows as Array<Record<string, unknown>>, view.columns, format === 'jsonl')) await writeChunk(sink.stdout, chunk);
    for (const line of [...(view.whenData ?? []), ...(view.after ?? [])]) sink.stderr.write(line + '\n');
    return;
  }
  const columns = screen ? (sink.stdout as NodeJS.WriteStream).columns : undefined;
  let text = await render(view, format, o.lang, o.color && !o.out, screen, columns || undefined);
  if (format === 'csv' && text && o.bom !== false) text = '\uFEFF' + text;
  if (o.out && view.kind !== 'nothing') {
    const { writeFileAtomic } = await import('./files.js');
    writeFileAtomic(o.out, text);
    sink.stderr.write(wrote(o.out) + '\n');
  } else if (text && height && lineCount(text) >= height) {
    // longer than the terminal: through the pager
    const { openPager } = await import('./pager.js');
    const pager = openPager(o.pager!, process.env);
    await pager.write(text);
    // no such pager (the shell's 127): the text straight to the terminal instead
    if ((await pager.close()) === 127) sink.stdout.write(text);
  } else if (text) sink.stdout.write(text);
  if (view.written && view.kind !== 'nothing') for (const line of await view.written({ text, format, file: o.out })) sink.stderr.write(line + '\n');
  if (view.tally && format === 'table') sink.stderr.write(view.tally + '\n');
  if (isData(format)) for (const line of view.whenData ?? []) sink.stderr.write(line + '\n');
  for (const line of view.after ?? []) sink.stderr.write(line + '\n');
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** How many lines a listing of `rows` rows takes in a format (JSON: a line a field, and the braces). */
function linesOf(format: Format, rows: number, columns: number): number {
  if (format === 'json') return rows * (columns + 2) + 2;
  if (format === 'jsonl') return rows;
  if (format === 'csv') return rows + 1;
  return rows + 2;
}
