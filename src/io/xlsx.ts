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
  }
  return String(v);
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

/** Opens a sheet of a workbook for streaming; reads its first row before returning. */
export async function openXlsx(file: string, opts: XlsxReadOptions = {}): Promise<CsvSource> {
  const size = fs.statSync(file).size;
  const { default: ExcelJS } = await import('exceljs');
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookReader;
  let sheetName: string | null = null;
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

  async function* rows(): AsyncGenerator<CsvRecord> {
    let emitted = 0;
    let found = false;
    try {
      for await (const ws of reader) {
        if (found || !wanted(ws, emitted++)) continue;
        found = true;
        sheetName = ws.name ?? `Sheet${ws.id}`;
        for await (const row of ws) {
          const values = row.values as unknown[];
          const fields: string[] = [];
          for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]).trim());
          yield { row: row.number, fields };
        }
        return;
      }
    } catch (err) {
      throw broken(file, err);
    } finally {
      input.destroy();
    }
    if (!found) {
      const names = (reader.model?.sheets ?? []).map((s) => s.name);
      if (opts.sheet !== undefined) throw new ValidationError({ field: 'file', code: 'no_sheet', params: { file, sheet: opts.sheet, sheets: names.join(', ') } });
      throw new UsageError(`${file} is empty: expected a header row and records`);
    }
  }

  const it = rows();
  const first = await it.next();
  if (first.done) {
    input.destroy();
    throw new UsageError(`${file} is empty: expected a header row and records`);
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
    close: () => {
      input.destroy();
      void it.return(undefined);
    },
  };
}
