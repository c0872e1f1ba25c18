/**
 * Masking of personal data on output: 110105********002X, 138****5678. The one place that
 * knows which fields are personal: every output goes through maskDeep (io/output.ts) unless
 * --reveal, so no verb masks by itself.
 */

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

/** Country calling codes of one and two digits (the others have three; the codes are prefix-free). */
const CC1 = new Set(['1', '7']);
const CC2 = new Set('20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '));

function maskNational(s: string): string {
  if (s.length < 7) return '*'.repeat(Math.max(0, s.length - 2)) + s.slice(-2);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/** 138****5678; in E.164 the country code is kept apart: +86 138****5678, +852 912*4567. */
export function maskPhone(s: string | null | undefined): string {
  if (!s) return '';
  if (/^\+\d{6,}$/.test(s)) {
    const d = s.slice(1);
    const n = CC1.has(d.slice(0, 1)) ? 1 : CC2.has(d.slice(0, 2)) ? 2 : 3;
    return `+${d.slice(0, n)} ${maskNational(d.slice(n))}`;
  }
  if (s.length < 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
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

/** A copy of any value (record, list, nested result) with every personal field masked. */
export function maskDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskDeep(v)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const mask = Object.hasOwn(PERSONAL_FIELDS, k) ? PERSONAL_FIELDS[k] : undefined;
    out[k] = mask && typeof v === 'string' ? mask(v) : maskDeep(v);
  }
  return out as T;
}
