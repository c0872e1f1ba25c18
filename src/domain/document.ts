/**
 * Identity documents (证件): each type with its own rule. The natural key of a person is
 * (document type, number); the resident ID stays the default.
 *
 * - resident_id 居民身份证, and the residence permits of Hong Kong, Macao and Taiwan residents
 *   (港澳台居民居住证), which use GB 11643 with region codes 810000 / 820000 / 830000
 *   (idnumber.ts): birth date and sex are read from the number;
 * - hkmo_permit 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 digits;
 * - tw_permit 台湾居民来往大陆通行证: 8 digits;
 * - foreign_pr 外国人永久居留身份证: the 2017 form, 3 letters (the nationality, ISO 3166 alpha-3)
 *   and 12 digits; or the form issued from 2023-12-01, 18 digits starting with 9 and built like
 *   GB 11643 (ISO 7064 MOD 11-2 check character; birth date in digits 7–14, sex in digit 17, as on
 *   a resident ID) — the National Immigration Administration's 新版外国人永久居留身份证机读信息规则
 *   (2023): "由15位（3位拉丁字母+12位数字）调整为18位…首位设置为9…最后一位采用MOD11-2算法";
 * - passport 护照: an issuing country (ISO 3166 alpha-3, or a country name that maps to one) and a
 *   number of 5–17 letters and digits.
 * Only the resident ID and the 18-digit permanent resident ID carry a birth date and sex.
 */
import { isRealDate, normaliseCell } from './dates.js';
import type { Problem } from './errors.js';
import { checkChar, EARLIEST_BIRTH, parseIdNumber, SCIENTIFIC } from './idnumber.js';

export const DOC_TYPES = ['resident_id', 'hkmo_permit', 'tw_permit', 'foreign_pr', 'passport'] as const;
export type DocType = (typeof DOC_TYPES)[number];
export const DEFAULT_DOC_TYPE: DocType = 'resident_id';

/** What people write in a 证件类型 column or after --doc-type, mapped to the stored value. */
const DOC_ALIASES: Record<string, DocType> = {
  resident_id: 'resident_id', 'resident-id': 'resident_id', id: 'resident_id', id_card: 'resident_id', 'id card': 'resident_id',
  居民身份证: 'resident_id', 身份证: 'resident_id', 二代身份证: 'resident_id', 公民身份证: 'resident_id',
  港澳台居民居住证: 'resident_id', 居住证: 'resident_id', 港澳居民居住证: 'resident_id', 台湾居民居住证: 'resident_id',
  hkmo_permit: 'hkmo_permit', 'hkmo-permit': 'hkmo_permit', 港澳居民来往内地通行证: 'hkmo_permit', 港澳通行证: 'hkmo_permit', 回乡证: 'hkmo_permit', 港澳回乡证: 'hkmo_permit',
  tw_permit: 'tw_permit', 'tw-permit': 'tw_permit', 台湾居民来往大陆通行证: 'tw_permit', 台胞证: 'tw_permit', 台湾通行证: 'tw_permit',
  foreign_pr: 'foreign_pr', 'foreign-pr': 'foreign_pr', 外国人永久居留身份证: 'foreign_pr', 外国人永久居留证: 'foreign_pr', 永居证: 'foreign_pr', 中国绿卡: 'foreign_pr',
  'hk/macao travel permit': 'hkmo_permit', 'taiwan travel permit': 'tw_permit', 'foreign permanent resident id': 'foreign_pr',
  passport: 'passport', 护照: 'passport', 外国护照: 'passport', 普通护照: 'passport',
};

/** The stored type of what was written; "" is the default (resident ID); null when it names none. */
export function normaliseDocType(raw: string | undefined): DocType | null {
  const k = (raw ?? '').normalize('NFKC').trim().toLowerCase();
  if (k === '') return DEFAULT_DOC_TYPE;
  return DOC_ALIASES[k] ?? null;
}

/** Issuing countries: ISO 3166 alpha-3 code → its names (data/countries.json, read by io/reference.ts). */
export type CountryTable = Record<string, readonly string[]>;

/** The alpha-3 code a country is written as (USA, usa, 美国, United States), or null. */
export function resolveCountry(raw: string, countries: CountryTable): string | null {
  const s = raw.normalize('NFKC').trim();
  if (s === '') return null;
  const up = s.toUpperCase();
  if (/^[A-Z]{3}$/.test(up) && Object.hasOwn(countries, up)) return up;
  const low = s.toLowerCase();
  for (const [code, names] of Object.entries(countries)) if (names.some((n) => n.toLowerCase() === low)) return code;
  return null;
}

export interface DocInfo {
  doc_type: DocType;
  /** The number as stored: half-width, upper case, no spaces. */
  number: string;
  /** Read from the number where the document carries it (resident ID, 18-digit permanent resident ID); else null. */
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  /** The issuing country of a passport (alpha-3); null for the other types. */
  country: string | null;
}

export type DocResult = { ok: true; value: DocInfo } | { ok: false; problem: Problem };

const fail = (code: string, params?: Record<string, unknown>, field = 'doc_number'): DocResult => ({ ok: false, problem: { field, code, params } });

/** Half-width, upper case, without spaces or dashes, Excel's leading ' dropped. */
export function normaliseNumber(raw: string): string {
  return normaliseCell(raw ?? '').normalize('NFKC').replace(/[\s\u3000-]/g, '').toUpperCase();
}

/**
 * Validates a document number of the given type (and a passport's issuing country, against
 * `countries`). `today` bounds a birth date read from the number.
 */
export function parseDocument(docType: DocType, raw: string, today: string, country?: string, countries?: CountryTable): DocResult {
  if (docType === 'resident_id') {
    const r = parseIdNumber(raw, today);
    if (!r.ok) return r;
    return { ok: true, value: { doc_type: docType, number: r.value.idNumber, birthDate: r.value.birthDate, sex: r.value.sex, country: null } };
  }
  const s = normaliseNumber(raw);
  if (s === '') return fail('required');
  if (SCIENTIFIC.test(s)) return fail('scientific', { value: s });
  if (s.includes('*')) return fail('id_masked');
  const ok = (extra: Partial<DocInfo> = {}): DocResult => ({ ok: true, value: { doc_type: docType, number: s, birthDate: null, sex: null, country: null, ...extra } });
  switch (docType) {
    case 'hkmo_permit':
      return /^[HM]\d{8}$/.test(s) ? ok() : fail('doc_hkmo', { value: s });
    case 'tw_permit':
      return /^\d{8}$/.test(s) ? ok() : fail('doc_tw', { value: s });
    case 'foreign_pr': {
      if (/^[A-Z]{3}\d{12}$/.test(s)) {
        if (countries && !Object.hasOwn(countries, s.slice(0, 3))) return fail('doc_pr_country', { code: s.slice(0, 3) });
        return ok();
      }
      if (/^9\d{16}[\dX]$/.test(s)) {
        const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
        if (!isRealDate(birth)) return fail('id_birth', { date: s.slice(6, 14) });
        if (birth > today) return fail('id_birth_future', { date: birth });
        if (birth < EARLIEST_BIRTH) return fail('id_birth_old', { date: birth, earliest: EARLIEST_BIRTH.slice(0, 4) });
        const expected = checkChar(s.slice(0, 17));
        if (s[17] !== expected) return fail('id_check', { expected, actual: s[17] });
        return ok({ birthDate: birth, sex: (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female' });
      }
      return fail('doc_pr', { value: s });
    }
    case 'passport': {
      if (!/^[A-Z0-9]{5,17}$/.test(s)) return fail('doc_passport', { value: s });
      const rawCountry = (country ?? '').trim();
      if (rawCountry === '') return fail('required', undefined, 'doc_country');
      const code = countries ? resolveCountry(rawCountry, countries) : /^[A-Za-z]{3}$/.test(rawCountry) ? rawCountry.toUpperCase() : null;
      if (!code) return fail('country_unknown', { value: rawCountry }, 'doc_country');
      return ok({ country: code });
    }
  }
}

/**
 * A number written without its type (a checkpoint's ID column, a lab's sheet): the type its
 * shape says. Anything that looks like a resident ID (15 or 18 digits, or 17 and X) must be a
 * valid one, so that a mistyped ID number is not taken for a passport; so is a run of fewer
 * than 7 digits.
 */
export function detectDocType(raw: string): DocType {
  const s = normaliseNumber(raw);
  if (/^9\d{16}[\dX]$/.test(s)) return 'foreign_pr';
  if (/^\d{15}$|^\d{17}[\dX]$/.test(s) || /^\d{16,18}$/.test(s)) return 'resident_id';
  if (/^[HM]\d{8}$/.test(s)) return 'hkmo_permit';
  if (/^\d{8}$/.test(s)) return 'tw_permit';
  if (/^[A-Z]{3}\d{12}$/.test(s)) return 'foreign_pr';
  // a passport: letters and digits, or digits alone from 7 on (US and UK passports are 9
  // digits); a shorter run of digits is a resident ID typed short, and said so
  if (/^[A-Z0-9]{5,17}$/.test(s) && (/[A-Z]/.test(s) || s.length >= 7)) return 'passport';
  return 'resident_id';
}

/** A number of any type, its type read from its shape (a passport without its country). */
export function parseAnyDocument(raw: string, today: string): DocResult {
  const type = detectDocType(raw);
  if (type === 'passport') {
    const s = normaliseNumber(raw);
    return { ok: true, value: { doc_type: type, number: s, birthDate: null, sex: null, country: null } };
  }
  return parseDocument(type, raw, today);
}

/**
 * A person's number where no type is given (a checkpoint, a lab's sheet, `arrival show`): any
 * document, read by its shape; `idNumber` is the number as stored.
 */
export function parsePersonNumber(raw: string, today: string): { ok: true; value: { idNumber: string; docType: DocType } } | { ok: false; problem: Problem } {
  const r = parseAnyDocument(raw, today);
  if (!r.ok) return r;
  return { ok: true, value: { idNumber: r.value.number, docType: r.value.doc_type } };
}
