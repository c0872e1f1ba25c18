/**
 * Excel workbooks (.xlsx) out, through exceljs's streaming WorkbookWriter: a sheet with a frozen,
 * bold header row and sensible column widths, ID numbers and phones as text cells (never numbers,
 * which Excel would show as 4.40105E+17 and cut to 15 digits), dates and date-times as real date
 * cells, numbers as numbers. Written to a temporary file beside the target and renamed when
 * complete (or collected in memory for the output pipeline), so a half-written file never appears.
 * A text cell is never a formula in a workbook, so nothing needs neutralising.
 */
import { PassThrough, type Writable } from 'node:stream';
import { zhCause } from '../domain/causes.js';
import { StoreError } from '../domain/errors.js';
import { openAtomic, type AtomicFile } from './files.js';

/** How a column's values become cells. */
export type CellKind = 'text' | 'date' | 'datetime' | 'auto';

export interface XlsxColumn {
  header: string;
  kind: CellKind;
  /** In characters; default from the kind. */
  width?: number;
}

const TEXT_KEYS = new Set(['id_number', 'phone', 'vehicle', 'arrival_time', 'code']);
const DATE_KEY = /(^|_)(date|from|to|start|end)$|^valid_(from|to)$|^today$/;
const DATETIME_KEY = /(^|_)(at|time)$/;

/** The kind of cell a field's values make: ID numbers and phones text, dates dates, the rest by value. */
export function cellKindOf(key: string): CellKind {
  if (TEXT_KEYS.has(key) || key.endsWith('id_number') || key.endsWith('phone')) return 'text';
  if (DATE_KEY.test(key)) return 'date';
  if (DATETIME_KEY.test(key) && key !== 'arrival_time') return 'datetime';
  return 'auto';
}

const DEFAULT_WIDTH: Record<string, number> = { id_number: 21, phone: 14, name: 10, origin: 24, destination: 26, note: 30 };

/** The width a value takes on screen: a CJK character is two columns. */
export function displayWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** A sensible width for a column: its header and longest value, between 8 and 60. */
export function widthFor(header: string, values: Iterable<unknown>, key?: string): number {
  let w = displayWidth(header);
  let n = 0;
  for (const v of values) {
    if (v !== null && v !== undefined) w = Math.max(w, displayWidth(String(v)));
    if (++n > 2000) break;
  }
  return Math.min(60, Math.max(8, w + 2, key ? Math.min(DEFAULT_WIDTH[key] ?? 0, w + 2) : 0));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A value as the cell of its column's kind. */
export function toCell(v: unknown, kind: CellKind): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'text') return String(v);
  if (typeof v === 'number') return v;
  const s = String(v);
  if (kind === 'date' || kind === 'datetime' || kind === 'auto') {
    const d = DATE_RE.exec(s);
    if (d && kind !== 'auto') return new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
    const t = DATETIME_RE.exec(s);
    if (t && kind !== 'auto') return new Date(Date.UTC(Number(t[1]), Number(t[2]) - 1, Number(t[3]), Number(t[4]), Number(t[5]), Number(t[6] ?? 0)));
  }
  return s;
}

export interface XlsxSink {
  /** Writes a row of values (turned into cells by their column's kind). */
  write(values: unknown[]): void;
  /** Finishes the workbook and, for a file, moves it into place. */
  close(): Promise<void>;
  /** Removes a half-written file. */
  abort(): void;
}

interface WorkbookWriter {
  addWorksheet(name: string, opts?: object): Worksheet;
  commit(): Promise<void>;
}
interface Worksheet {
  columns: Array<{ header?: string; key?: string; width?: number; style?: object }>;
  addRow(values: unknown[]): { getCell(i: number): { numFmt?: string }; commit(): void };
  views: object[];
  commit(): void;
}

/** A sheet written row by row to a file (atomically) or a stream. */
export async function xlsxSink(target: { file: string } | { stream: Writable }, sheet: string, columns: XlsxColumn[]): Promise<XlsxSink> {
  const { default: ExcelJS } = await import('exceljs');
  // a file goes through the one atomic writer (io/files.ts): exceljs writes into a pass-through
  // whose chunks the writer takes, so the workbook appears under its name only when complete
  let atomic: AtomicFile | null = null;
  let out: Writable;
  let failed: unknown = null;
  let flowing: Promise<void> = Promise.resolve();
  let drained: Promise<void> = Promise.resolve();
  if ('file' in target) {
    const file = openAtomic(target.file);
    atomic = file;
    const pass = new PassThrough();
    drained = new Promise<void>((resolve) => pass.once('end', () => resolve()));
    pass.on('data', (chunk: Buffer) => {
      try {
        const wait = file.write(chunk);
        if (wait) {
          pass.pause();
          flowing = wait.then(
            () => void pass.resume(),
            (err) => {
              failed ??= err;
              pass.resume();
            },
          );
        }
      } catch (err) {
        failed ??= err;
      }
    });
    out = pass;
  } else out = target.stream;
  out.on('error', (err: Error) => {
    failed ??= err;
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false }) as unknown as WorkbookWriter;
  const ws = wb.addWorksheet(sheet.slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    width: c.width ?? 14,
    style: c.kind === 'text' ? { numFmt: '@' } : c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
  }));
  const head = ws.addRow(columns.map((c) => c.header)) as unknown as { font?: object; eachCell(f: (cell: { numFmt?: string; font?: object }) => void): void; commit(): void };
  head.eachCell((cell) => {
    cell.font = { bold: true };
    cell.numFmt = '@';
  });
  head.commit();
  return {
    write(values) {
      if (failed) throw failed;
      const row = ws.addRow(columns.map((c, i) => toCell(values[i], c.kind)));
      columns.forEach((c, i) => {
        if (c.kind === 'text') row.getCell(i + 1).numFmt = '@';
        else if (c.kind === 'date') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
        else if (c.kind === 'datetime') row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm';
      });
      row.commit();
    },
    async close() {
      ws.commit();
      await wb.commit();
      if (atomic) {
        await drained;
        await flowing;
        if (failed) {
          atomic.abort();
          throw failed instanceof StoreError ? failed : new StoreError(`cannot write ${(target as { file: string }).file}: ${(failed as Error).message}`, `无法写入 ${(target as { file: string }).file}：${zhCause(failed)}`);
        }
        await atomic.close();
      } else if (failed) throw failed;
    },
    abort() {
      atomic?.abort();
      out.destroy();
    },
  };
}

/** A whole sheet in memory, as the bytes of a workbook (for the output pipeline's views). */
export async function xlsxBuffer(sheet: string, columns: XlsxColumn[], rows: unknown[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const sink = await xlsxSink({ stream }, sheet, columns);
  for (const r of rows) sink.write(r);
  await sink.close();
  stream.end();
  await done;
  return Buffer.concat(chunks);
}
