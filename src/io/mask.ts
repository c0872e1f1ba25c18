/** Masking of personal data on output: 110105********002X, 138****5678. */

export function maskIdNumber(s: string | null | undefined): string {
  if (!s) return '';
  if (s.length < 10) return '*'.repeat(s.length);
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
}

export function maskPhone(s: string | null | undefined): string {
  if (!s) return '';
  if (s.length < 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/** Returns a copy of the row with id_number and phone masked (when present). */
export function maskRow<T extends object>(row: T): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  if (typeof out.id_number === 'string') out.id_number = maskIdNumber(out.id_number);
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  return out as T;
}
