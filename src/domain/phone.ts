/** Mainland China mobile numbers: 11 digits, 1 then 3-9. */
import type { Problem } from './errors.js';

export type PhoneResult = { ok: true; value: string } | { ok: false; problem: Problem };

/** Accepts spaces, dashes and a +86 / 86 / 0086 prefix; returns the 11 digits. */
export function parsePhone(raw: string): PhoneResult {
  const trimmed = (raw ?? '').trim();
  if (trimmed === '') return { ok: false, problem: { field: 'phone', code: 'required' } };
  const s = trimmed.replace(/[\s\-()\u3000]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, value: s };
  return { ok: false, problem: { field: 'phone', code: 'phone', params: { value: trimmed } } };
}
