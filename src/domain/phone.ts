/**
 * Phone numbers, stored in E.164 (+8613800138000): mainland mobiles (11 digits, 1 then 3-9: our
 * own check, the fast path an import of a million rows takes), mainland landlines with their area
 * code (0771-5551234) and numbers abroad with their country code (+852 9123 4567, +853, +886 …),
 * those two checked by libphonenumber-js.
 *
 * libphonenumber-js with its 'max' metadata, not 'min': 'min' checks only a number's length, so
 * 0771-555123 (a digit short for Nanning) would pass; 'max' checks each region's number patterns
 * and so catches it. It is loaded only when a number is not a mainland mobile (about 70 ms once),
 * so start-up and imports of mobiles do not pay for it.
 */
import { createRequire } from 'node:module';
import { normaliseCell } from './dates.js';
import type { Problem } from './errors.js';
import { SCIENTIFIC } from './idnumber.js';

export type PhoneResult = { ok: true; value: string } | { ok: false; problem: Problem };

type Lib = typeof import('libphonenumber-js/max');
let lib: Lib | null = null;
function phoneLib(): Lib {
  lib ??= createRequire(import.meta.url)('libphonenumber-js/max') as Lib;
  return lib;
}

/** A mainland mobile, as stored. */
export const MOBILE_E164 = /^\+861[3-9]\d{9}$/;

/**
 * Accepts spaces, dashes, brackets, a +86 / 86 / 0086 prefix, full-width digits and Excel's
 * leading '; returns the number in E.164. Scientific notation (1.38001E+10) is refused with the fix.
 */
export function parsePhone(raw: string): PhoneResult {
  const trimmed = normaliseCell(raw ?? '');
  if (trimmed === '') return { ok: false, problem: { field: 'phone', code: 'required' } };
  if (SCIENTIFIC.test(trimmed.replace(/\s/g, ''))) return { ok: false, problem: { field: 'phone', code: 'scientific', params: { value: trimmed } } };
  const bad: PhoneResult = { ok: false, problem: { field: 'phone', code: 'phone', params: { value: trimmed } } };
  const s = trimmed.replace(/[\s\-()\u3000.]/g, '');
  const mobile = s.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(mobile)) return { ok: true, value: `+86${mobile}` };
  // an 11-digit number starting with 1 that is no mobile is a typo, not a landline
  if (/^1\d{10}$/.test(mobile)) return bad;
  if (!/^(\+|00)?\d{5,17}$/.test(s)) return bad;
  const international = s.startsWith('+') ? s : s.startsWith('00') ? `+${s.slice(2)}` : null;
  // a mainland landline: 0 and its area code (0771-5551234, 010-12345678)
  if (!international && !s.startsWith('0')) return bad;
  try {
    const p = phoneLib().parsePhoneNumberFromString(international ?? s, 'CN');
    if (!p || !p.isValid()) return bad;
    return { ok: true, value: p.number };
  } catch {
    return bad;
  }
}

/** Country calling codes of one and two digits (the others have three; the codes are prefix-free). */
const CC1 = new Set(['1', '7']);
const CC2 = new Set('20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(' '));

/**
 * The digits of a number shown, the others starred: never fewer than 4 starred, so that at least
 * 10^4 numbers fit what is shown (issue 23). The first up to 3 (a mobile's network, a landline's
 * area code) and the last up to 4: 138****5678 (11 digits), 415****132 (10: a US or a mainland
 * landline's 771****234), 91****67 (8: Hong Kong, Macao), all starred from 4 digits down.
 */
export function maskNational(s: string): string {
  const n = s.length;
  if (n <= 4) return '*'.repeat(n);
  const first = Math.min(3, Math.floor((n - 4) / 2));
  const last = Math.min(4, n - 4 - first);
  return s.slice(0, first) + '*'.repeat(n - first - last) + s.slice(n - last);
}

/**
 * A phone number as every output shows it (io/mask.ts) and the audit log keeps it
 * (store/audit.ts): 138****5678; in E.164 the country code is kept apart, +86 138****5678,
 * +852 91****67, +1 415****132 — at least 4 digits starred, always (maskNational).
 */
export function maskPhoneNumber(s: string): string {
  if (!s) return '';
  if (/^\+\d{6,}$/.test(s)) {
    const d = s.slice(1);
    const n = CC1.has(d.slice(0, 1)) ? 1 : CC2.has(d.slice(0, 2)) ? 2 : 3;
    return `+${d.slice(0, n)} ${maskNational(d.slice(n))}`;
  }
  return maskNational(s);
}
