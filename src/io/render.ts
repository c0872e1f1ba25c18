/**
 * Renderers, one per format, for the views of io/output.ts: lists, records, and documents made of
 * blocks (a title, a line, a list, a record). JSON keys and CSV headers are the stable English
 * keys; table and markdown labels are translated.
 */
import { stringify } from 'csv-stringify/sync';
import { fieldLabel, valueLabel, type Lang } from '../domain/i18n.js';
import { UsageError } from '../domain/errors.js';
import { screenSafe } from '../domain/text.js';
import { neutralise } from './csv.js';

import type { Format } from './formats.js';
export type { Format } from './formats.js';

export interface Column {
  key: string;
  /** Field name whose translated label heads the column; default key. */
  label?: string;
  /** A heading already in the user's language (instead of a field label). */
  heading?: string;
  /** Translate enum values (transport, contact_type) in table and markdown. */
  enumField?: string;
  /** Numbers: right-aligned in table and markdown. */
  align?: 'right';
}

export interface RenderOptions {
  format: Format;
  lang: Lang;
  /** Colour: false / 0 none, true basic, or chalk's level (1–3, from supports-color: io/color.ts). */
  color: boolean | number;
  /** Shown on a terminal (not piped, not a file): blocks marked `screen` are drawn. */
  screen?: boolean;
  /** The terminal's width: a table is fitted to it, long cells cut with …. */
  width?: number;
}

type Row = Record<string, unknown>;

export function cell(row: Row, c: Column, lang: Lang): string {
  const v = row[c.key];
  if (v === null || v === undefined) return '';
  if (c.enumField) return valueLabel(c.enumField, String(v), lang);
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (Array.isArray(v)) return screenSafe(v.join(lang === 'zh' ? '、' : ', '));
  return screenSafe(String(v));
}

export function heading(c: Column, lang: Lang): string {
  return c.heading ?? fieldLabel(c.label ?? c.key, lang);
}

export function pick(row: Row, columns: Column[]): Row {
  const out: Row = {};
  for (const c of columns) out[c.key] = row[c.key] ?? null;
  return out;
}

export interface Painter {
  head(s: string): string;
  label(s: string): string;
  warn(s: string): string;
  good(s: string): string;
}

/**
 * Colour decided by the caller (supports-color's level for stdout, unless --no-color / NO_COLOR:
 * cli/context.ts), not guessed by chalk from the environment: chalk is told its level.
 */
export async function painter(color: boolean | number): Promise<Painter> {
  if (!color) return { head: (s) => s, label: (s) => s, warn: (s) => s, good: (s) => s };
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: color === true ? 1 : (Math.min(3, Math.max(1, Math.round(color))) as 1 | 2 | 3) });
  return { head: (s) => c.cyan.bold(s), label: (s) => c.bold(s), warn: (s) => c.red.bold(s), good: (s) => c.green(s) };
}

export function noRecords(lang: Lang): string {
  return lang === 'zh' ? '没有记录。' : 'No records.';
}

/** A cell for a Markdown table: pipes escaped, one line, leading spaces kept as a full-width space. */
function escapeMd(s: string): string {
  return s
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/^ {2}/, '　');
}

function csvText(rows: unknown[][]): string {
  return stringify(rows.map((r) => r.map((v) => neutralise(v === null || v === undefined ? '' : String(v)))));
}

export function listCsv(rows: Row[], columns: Column[]): string {
  return csvText([columns.map((c) => c.key), ...rows.map((r) => columns.map((c) => r[c.key]))]);
}

const TABLE_CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Past this many rows a table is drawn by plainTable: cli-table3 takes minutes for 20,000 rows and overflows the stack on 300,000. */
export const BIG_TABLE = 2000;

async function listTable(rows: Row[], columns: Column[], o: RenderOptions): Promise<string> {
  if (rows.length === 0) return noRecords(o.lang);
  if (rows.length > BIG_TABLE) return plainTable(rows, columns, o);
  const { default: Table } = await import('cli-table3');
  const paint = await painter(o.color);
  const table = new Table({
    head: columns.map((c) => paint.head(heading(c, o.lang))),
    style: { head: [], border: [] },
    chars: TABLE_CHARS,
    colAligns: columns.map((c) => (c.align === 'right' ? 'right' : 'left')),
  });
  for (const r of rows) table.push(columns.map((c) => cell(r, c, o.lang)));
  const text = table.toString();
  if (o.width) {
    // wider than the terminal: the plain table, fitted to it
    const width = await widthOf();
    const { default: stripAnsi } = await import('strip-ansi');
    if (text.split('\n').some((l) => width(stripAnsi(l)) > o.width!)) return plainTable(rows, columns, o);
  }
  return text;
}

const ASCII = /^[\x20-\x7e]*$/;
const SIMPLE = /^[\x20-\x7e\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]*$/;
const WIDE = /[\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]/g;

/** Columns on a screen: a CJK character is two. */
export async function widthOf(): Promise<(s: string) => number> {
  const { default: stringWidth } = await import('string-width');
  // the common cases counted here (ASCII, and CJK as two columns), the rest by string-width
  return (s: string) => {
    if (ASCII.test(s)) return s.length;
    if (SIMPLE.test(s)) return s.length + (s.match(WIDE)?.length ?? 0);
    return stringWidth(s);
  };
}

/** `s` cut to `max` columns, with … at the end when cut. */
function truncate(s: string, max: number, width: (s: string) => number): string {
  if (width(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = width(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/**
 * A table of any size, drawn without cli-table3: a heading, a rule, a row a line, columns two
 * spaces apart, widths counted in screen columns (CJK as two). Fitted to `o.width` when given:
 * the widest columns are narrowed until the line fits, their cells cut with ….
 */
async function plainTable(rows: Row[], columns: Column[], o: RenderOptions): Promise<string> {
  return [...(await plainTableLines(rows, columns, o))].join('\n');
}

/**
 * The lines of a plain table (without their newlines), in two passes over `rows` (an array, or a
 * RowStream that reads its rows again): the first measures every column, the second draws, so a
 * listing of any size is drawn in memory that does not grow with it, in the same bytes.
 */
export async function plainTableLines(rows: Iterable<Row>, columns: Column[], o: RenderOptions): Promise<Iterable<string>> {
  const width = await widthOf();
  const paint = await painter(o.color);
  const heads = columns.map((c) => heading(c, o.lang));
  const widths = heads.map(width);
  const cellsOf = (r: Row) => columns.map((c) => cell(r, c, o.lang).replace(/\r?\n/g, ' '));
  for (const r of rows) {
    const line = cellsOf(r);
    for (let j = 0; j < line.length; j++) {
      const w = width(line[j]);
      if (w > widths[j]) widths[j] = w;
    }
  }
  const gap = 2;
  if (o.width) {
    const avail = o.width - gap * (columns.length - 1);
    // narrow the widest column, a column at a time, down to 4
    for (;;) {
      const total = widths.reduce((a, b) => a + b, 0);
      if (total <= avail) break;
      let k = 0;
      for (let j = 1; j < widths.length; j++) if (widths[j] > widths[k]) k = j;
      if (widths[k] <= 4) break;
      widths[k] = Math.max(4, widths[k] - (total - avail));
    }
  }
  const pad = (s: string, j: number): string => {
    const t = truncate(s, widths[j], width);
    const fill = ' '.repeat(Math.max(0, widths[j] - width(t)));
    return columns[j].align === 'right' ? fill + t : t + fill;
  };
  const join = (parts: string[]) => parts.join(' '.repeat(gap)).trimEnd();
  return (function* () {
    yield paint.head(join(heads.map(pad)));
    yield join(widths.map((w) => '─'.repeat(w)));
    for (const r of rows) yield join(cellsOf(r).map(pad));
  })();
}

/** Pieces of about this many characters: never one string of the whole list. */
export const PIECE = 64 * 1024;

/** Small strings joined into pieces of about PIECE characters. */
function* joined(parts: Iterable<string>): Generator<string> {
  let s = '';
  for (const p of parts) {
    s += p;
    if (s.length >= PIECE) {
      yield s;
      s = '';
    }
  }
  if (s) yield s;
}

/** A list as JSON (an array, as JSON.stringify(rows, null, 2) writes it) or JSON lines, in pieces of PIECE characters: never one string of the whole. */
export function listJsonChunks(rows: Iterable<Row>, columns: Column[], lines: boolean): Generator<string> {
  return joined(listJsonParts(rows, columns, lines));
}

/**
 * The same as a string a row (the first and the last carrying the brackets of an array): a
 * streaming writer packs them into buffers, so that no string lives long enough to leave V8's
 * young generation (pieces of 1,000 rows took the peak of 300,000 rows to 165 MB).
 */
export function* listJsonParts(rows: Iterable<Row>, columns: Column[], lines: boolean): Generator<string> {
  if (lines) {
    for (const r of rows) yield JSON.stringify(pick(r, columns)) + '\n';
    return;
  }
  let n = 0;
  for (const r of rows) yield (n++ === 0 ? '[\n' : ',\n') + '  ' + JSON.stringify(pick(r, columns), null, 2).replace(/\n/g, '\n  ');
  yield n === 0 ? '[]\n' : '\n]\n';
}

/** A list as CSV in pieces: the header, then 50 rows at a time (the same bytes as listCsv). */
export function* listCsvChunks(rows: Iterable<Row>, columns: Column[]): Generator<string> {
  yield csvText([columns.map((c) => c.key)]);
  let batch: unknown[][] = [];
  for (const r of rows) {
    batch.push(columns.map((c) => r[c.key]));
    if (batch.length === 50) {
      yield csvText(batch);
      batch = [];
    }
  }
  if (batch.length) yield csvText(batch);
}

function listMarkdown(rows: Row[], columns: Column[], lang: Lang): string {
  const lines = [`| ${columns.map((c) => escapeMd(heading(c, lang))).join(' | ')} |`, `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${columns.map((c) => escapeMd(cell(r, c, lang))).join(' | ')} |`);
  if (rows.length === 0) lines.push('', noRecords(lang));
  return lines.join('\n');
}

export async function renderList(rows: object[], columns: Column[], o: RenderOptions): Promise<string> {
  const data = rows as Row[];
  switch (o.format) {
    case 'xlsx':
      // a verb that renders by itself, not through io/output.ts
      throw new UsageError(o.lang === 'zh' ? '这个命令还不能输出 xlsx：用 --format csv' : 'this command cannot write xlsx yet: use --format csv');
    case 'json':
    case 'jsonl':
      return [...listJsonChunks(data, columns, o.format === 'jsonl')].join('');
    case 'csv':
      return listCsv(data, columns);
    case 'markdown':
      return listMarkdown(data, columns, o.lang) + '\n';
    case 'table':
      return (await listTable(data, columns, o)) + '\n';
    case 'html':
      return (await import('./html.js')).renderHtml({ kind: 'list', rows, columns }, o.lang);
  }
}

/** Key–value block for one record (a person's header in `arrival show`). */
export async function renderRecord(record: object, columns: Column[], o: RenderOptions): Promise<string> {
  const rec = record as Row;
  if (o.format === 'json') return JSON.stringify(pick(rec, columns), null, 2) + '\n';
  if (o.format === 'jsonl') return JSON.stringify(pick(rec, columns)) + '\n';
  if (o.format === 'csv') return csvText([columns.map((c) => c.key), columns.map((c) => rec[c.key])]);
  return (await recordText(rec, columns, o)) + '\n';
}

async function recordText(rec: Row, columns: Column[], o: RenderOptions): Promise<string> {
  // on screen, a field with no value is left out
  const shown = columns.filter((c) => cell(rec, c, o.lang) !== '');
  const sep = o.lang === 'zh' ? '：' : ': ';
  if (o.format === 'markdown') return shown.map((c) => `- **${heading(c, o.lang)}**${sep}${escapeMd(cell(rec, c, o.lang))}`).join('\n');
  const paint = await painter(o.color);
  return shown.map((c) => `${paint.label(heading(c, o.lang))}${sep}${cell(rec, c, o.lang)}`).join('\n');
}

/** A line chart of one count, a point a day: drawn on a terminal (text) and on a printed page (SVG). */
export interface Chart {
  title: string;
  /** The x axis: one label (a date) a point. */
  labels: string[];
  values: number[];
}

/** One part of a document on screen, in Markdown or on a printed page (HTML). */
export type Block =
  | { title: string; level?: 1 | 2 }
  /** A line; `screen`: only on a terminal, never in a file or a pipe; `html`: only on a printed page. */
  | { text: string; tone?: 'good' | 'warn' | 'strong'; screen?: boolean; html?: boolean }
  | { list: object[]; columns: Column[]; empty?: string }
  | { record: object; columns: Column[] }
  /** On a terminal as text, on a printed page as SVG; not in Markdown or a table written to a file or a pipe. */
  | { chart: Chart };

/** A document (a report, a person's measure, a verdict) as a table screen or as Markdown. */
export async function renderBlocks(blocks: Block[], o: RenderOptions): Promise<string> {
  const paint = await painter(o.color);
  const md = o.format === 'markdown';
  const parts: string[] = [];
  for (const b of blocks) {
    if ('title' in b) parts.push(md ? `${b.level === 2 ? '##' : '#'} ${b.title}` : paint.label(b.title));
    else if ('chart' in b) {
      if (!o.screen || md || b.chart.values.length === 0) continue;
      const { default: asciichart } = await import('asciichart');
      const { title, labels, values } = b.chart;
      // the leading newline leaves a blank line above each chart
      parts.push(paint.label(`\n${title}  ${labels[0]} → ${labels[labels.length - 1]}`));
      parts.push(asciichart.plot(values, { height: 5, format: (x: number) => String(Math.round(x)).padStart(5) }));
    } else if ('text' in b) {
      if (b.html) continue;
      if (b.screen && (!o.screen || md)) continue;
      // an empty line is a gap on screen; Markdown has blank lines between blocks already
      if (md) {
        if (b.text !== '') parts.push(b.tone ? `**${b.text}**` : b.text);
      }
      else parts.push(b.tone === 'good' ? paint.good(b.text) : b.tone === 'warn' ? paint.warn(b.text) : b.tone === 'strong' ? paint.label(b.text) : b.text);
    } else if ('list' in b) {
      const rows = b.list as Row[];
      if (rows.length === 0 && b.empty !== undefined) parts.push(b.empty);
      else parts.push(md ? listMarkdown(rows, b.columns, o.lang) : await listTable(rows, b.columns, o));
    } else parts.push(await recordText(b.record as Row, b.columns, o));
  }
  return parts.join(md ? '\n\n' : '\n') + '\n';
}

/** Nested data as (path, value) rows: `arrivals.by_risk.high,3`. */
export function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === null || value === undefined) return [[prefix, '']];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.join(' ')]];
    return value.flatMap((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i)));
  }
  if (typeof value === 'object') return Object.entries(value as Row).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value)]];
}

/** Data as CSV: one header row and one value row (a command's result) or (key, value) rows. */
export function dataCsv(data: object, shape: 'row' | 'pairs'): string {
  const pairs = flatten(data);
  if (shape === 'pairs') return csvText([['key', 'value'], ...pairs]);
  return csvText([pairs.map(([k]) => k), pairs.map(([, v]) => v)]);
}
