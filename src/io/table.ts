/**
 * A table file of any kind the import pipeline reads, told apart by its first bytes (not its
 * name): an .xlsx workbook (a zip: PK\x03\x04) through io/xlsx.ts, text through io/csv.ts.
 * An old .xls workbook (an OLE file: D0 CF 11 E0, as are encrypted workbooks and WPS .et files)
 * and any other binary file are refused in one line that says to save the file as .xlsx or CSV.
 */
import { UsageError, ValidationError } from '../domain/errors.js';
import { bomEncoding, openCsv, readHead, type CsvSource } from './csv.js';

export interface TableReadOptions {
  /** Text encoding of a CSV (default: decided from the file). */
  encoding?: string;
  /** Sheet of a workbook (default: the first). */
  sheet?: string;
}

export type TableKind = 'xlsx' | 'ole' | 'binary' | 'text';

/** What a file is, from its first bytes. */
export function sniff(head: Buffer): TableKind {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'ole';
  const bom = bomEncoding(head);
  if (bom === 'utf16le' || bom === 'utf16be') return 'text';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'binary';
  const sample = head.subarray(0, 8192);
  let zeros = 0;
  let controls = 0;
  for (const b of sample) {
    if (b === 0) zeros++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  // UTF-16 without a BOM has zero bytes in a regular pattern; csv.ts finds it
  if (zeros > 0 && !looksUtf16(sample)) return 'binary';
  if (controls > sample.length / 20) return 'binary';
  return 'text';
}

function looksUtf16(b: Buffer): boolean {
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < b.length; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  return (even === 0 && odd > 0) || (odd === 0 && even > 0);
}

/** Opens a CSV or .xlsx file for the import pipeline. */
export async function openTable(file: string, opts: TableReadOptions = {}): Promise<CsvSource> {
  const { head, size } = readHead(file, 8192);
  if (size === 0) throw new UsageError(`${file} is empty: expected a header row and records`, `${file} 是空文件：应有一行表头和若干记录`);
  const kind = sniff(head);
  if (kind === 'ole') throw new ValidationError({ field: 'file', code: 'xls_file', params: { file } });
  if (kind === 'binary') throw new ValidationError({ field: 'file', code: 'binary_file', params: { file } });
  if (kind === 'xlsx') {
    const { openXlsx } = await import('./xlsx.js');
    return openXlsx(file, { sheet: opts.sheet });
  }
  if (opts.sheet !== undefined) throw new ValidationError({ field: 'file', code: 'sheet_not_workbook', params: { file } });
  return openCsv(file, { encoding: opts.encoding });
}
