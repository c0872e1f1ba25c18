/**
 * Masking of personal data on output: 110105********002X, 138****5678. The one place that
 * knows which fields are personal: every output goes through maskDeep (io/output.ts) unless
 * --reveal, so no verb masks by itself.
 */
import { RowStream } from '../domain/row-stream.js';
import { maskPhoneNumber } from '../domain/phone.js';

/**
 * A document number: a resident ID (18) or a 15-character one keeps its first 6 and last 4
 * (110105********002X); a shorter one — a travel permit (H12345678, 12345678), a passport —
 * keeps its first character and last 2 (H******78), and one of 6 or fewer only its last one.
 */
export function maskIdNumber(s: string | null | undefined): string {
  if (!s) return '';
  if (s.length >= 14) return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
  if (s.length >= 7) return s.slice(0, 1) + '*'.repeat(s.length - 3) + s.slice(-2);
  return '*'.repeat(s.length - 1) + s.slice(-1);
}

/** 138****5678; in E.164 the country code is kept apart: +86 138****5678, +852 91****67 (domain/phone.ts). */
export function maskPhone(s: string | null | undefined): string {
  return maskPhoneNumber(s ?? '');
}

/** The personal fields, by key, and how each is masked. A field marked personal is added here. */
export const PERSONAL_FIELDS: Record<string, (s: string) => string> = {
  id_number: maskIdNumber,
  phone: maskPhone,
};

/** Returns a copy of the row with its personal fields masked (when present). */
export function maskRow<T extends object>(row: T): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [k, mask] of Object.entries(PERSONAL_FIELDS)) if (typeof out[k] === 'string') out[k] = mask(out[k] as string);
  return out as T;
}

/** A copy of any value (record, list, nested result) with every personal field masked; the rows of a RowStream a row at a time, as they are read. */
export function maskDeep<T>(value: T): T {
  if (value instanceof RowStream) return value.map(maskStreamRow) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const mask = Object.hasOwn(PERSONAL_FIELDS, k) ? PERSONAL_FIELDS[k] : undefined;
    out[k] = mask && typeof v === 'string' ? mask(v) : maskDeep(v);
  }
  return out as T;
}

/** A row of a RowStream, masked as maskDeep masks it: a flat row (a listing's) copied at once, its personal fields masked. */
function maskStreamRow<T>(row: T): T {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return maskDeep(row);
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const k in out) {
    const v = out[k];
    if (v !== null && typeof v === 'object') out[k] = maskDeep(v);
  }
  for (const k in PERSONAL_FIELDS) if (typeof out[k] === 'string') out[k] = PERSONAL_FIELDS[k](out[k] as string);
  return out as T;
}
