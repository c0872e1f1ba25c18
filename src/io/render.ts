/**
 * Renderers for listings: table (cli-table3, colour on a TTY), json, csv, markdown.
 * JSON keys and CSV headers are the stable English keys; table and markdown labels are translated.
 */
import { stringify } from 'csv-stringify/sync';
import { fieldLabel, valueLabel, type Lang } from '../domain/i18n.js';
import { neutralise } from './csv.js';

import type { Format } from './formats.js';
export type { Format } from './formats.js';

export interface Column {
  key: string;
  /** Field name whose translated label heads the column; default key. */
  label?: string;
  /** Translate enum values (transport, contact_type) in table and markdown. */
  enumField?: string;
}

export interface RenderOptions {
  format: Format;
  lang: Lang;
  color: boolean;
}

type Row = Record<string, unknown>;

function cell(row: Row, c: Column, lang: Lang): string {
  const v = row[c.key];
  if (v === null || v === undefined) return '';
  if (c.enumField) return valueLabel(c.enumField, String(v), lang);
  return String(v);
}

function pick(row: Row, columns: Column[]): Row {
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
 * Colour decided by the caller (a TTY and no --no-color / NO_COLOR), not guessed by the
 * library from the environment: chalk is told its level.
 */
export async function painter(color: boolean): Promise<Painter> {
  if (!color) return { head: (s) => s, label: (s) => s, warn: (s) => s, good: (s) => s };
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { head: (s) => c.cyan.bold(s), label: (s) => c.bold(s), warn: (s) => c.red.bold(s), good: (s) => c.green(s) };
}

export function noRecords(lang: Lang): string {
  return lang === 'zh' ? '没有记录。' : 'No records.';
}

function escapeMd(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export async function renderList(rows: object[], columns: Column[], o: RenderOptions): Promise<string> {
  const data = rows as Row[];
  switch (o.format) {
    case 'json':
      return JSON.stringify(data.map((r) => pick(r, columns)), null, 2) + '\n';
    case 'csv':
      return stringify([columns.map((c) => c.key), ...data.map((r) => columns.map((c) => neutralise(String(r[c.key] ?? ''))))]);
    case 'markdown': {
      const head = columns.map((c) => escapeMd(fieldLabel(c.label ?? c.key, o.lang)));
      const lines = [`| ${head.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
      for (const r of data) lines.push(`| ${columns.map((c) => escapeMd(cell(r, c, o.lang))).join(' | ')} |`);
      if (data.length === 0) lines.push('', noRecords(o.lang));
      return lines.join('\n') + '\n';
    }
    case 'table': {
      if (data.length === 0) return noRecords(o.lang) + '\n';
      const { default: Table } = await import('cli-table3');
      const paint = await painter(o.color);
      const table = new Table({
        head: columns.map((c) => paint.head(fieldLabel(c.label ?? c.key, o.lang))),
        style: { head: [], border: [] },
        chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      });
      for (const r of data) table.push(columns.map((c) => cell(r, c, o.lang)));
      return table.toString() + '\n';
    }
  }
}

/** Key–value block for one record (a person's header in `arrival show`). */
export async function renderRecord(record: object, columns: Column[], o: RenderOptions): Promise<string> {
  const rec = record as Row;
  if (o.format === 'json') return JSON.stringify(pick(rec, columns), null, 2) + '\n';
  if (o.format === 'csv') return stringify([columns.map((c) => c.key), columns.map((c) => neutralise(String(rec[c.key] ?? '')))]);
  // on screen, a field with no value is left out
  const shown = columns.filter((c) => cell(rec, c, o.lang) !== '');
  const sep = o.lang === 'zh' ? '：' : ': ';
  if (o.format === 'markdown') return shown.map((c) => `- **${fieldLabel(c.label ?? c.key, o.lang)}**${sep}${escapeMd(cell(rec, c, o.lang))}`).join('\n') + '\n';
  const paint = await painter(o.color);
  return (
    shown
      .map((c) => {
        const label = fieldLabel(c.label ?? c.key, o.lang);
        return `${paint.label(label)}${sep}${cell(rec, c, o.lang)}`;
      })
      .join('\n') + '\n'
  );
}
