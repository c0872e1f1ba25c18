/** Mainland China mobile numbers: 11 digits, 1 then 3-9. */
import { normaliseCell } from './dates.js';
import type { Problem } from './errors.js';
import { SCIENTIFIC } from './idnumber.js';

export type PhoneResult = { ok: true; value: string } | { ok: false; problem: Problem };

/**
 * Accepts spaces, dashes, a +86 / 86 / 0086 prefix, full-width digits and Excel's leading ';
 * returns the 11 digits. Scientific notation (1.38001E+10) is refused with the fix.
 */
export function parsePhone(raw: string): PhoneResult {
  const trimmed = normaliseCell(raw ?? '');
  if (trimmed === '') return { ok: false, problem: { field: 'phone', code: 'required' } };
  if (SCIENTIFIC.test(trimmed.replace(/\s/g, ''))) return { ok: false, problem: { field: 'phone', code: 'scientific', params: { value: trimmed } } };
  const s = trimmed.replace(/[\s\-()\u3000]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, value: s };
  return { ok: false, problem: { field: 'phone', code: 'phone', params: { value: trimmed } } };
}
