/**
 * Resident ID numbers, GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit
 * sequence (odd: male, even: female), check character (ISO 7064 MOD 11-2).
 */
import type { Problem } from './errors.js';
import { isRealDate, normaliseCell } from './dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** A number as Excel shows a long one in a General cell: 4.40105E+17, 1.38001E+10. */
export const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?E[+-]?\d+$/i;

/**
 * Province-level codes of GB/T 2260 (first two digits of the region code), plus 81/82/83
 * used on residence permits of Hong Kong, Macao and Taiwan residents.
 */
export const PROVINCE_CODES: Record<string, string> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省', '81': '香港特别行政区', '82': '澳门特别行政区', '83': '台湾地区（居住证）',
};

/**
 * The earliest birth date an ID number may carry. The standard's own example 440524188001010014
 * is born 1880-01-01, so the bound is not 1900 (DOMAIN.md); a number born earlier (1800, 1850),
 * even with a valid check digit, is a typo or a made-up number, and refused.
 */
export const EARLIEST_BIRTH = '1880-01-01';

/** The check character for the first 17 digits. */
export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export interface IdInfo {
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  province: string;
  /** True when the input was an old 15-digit number that was converted. */
  converted: boolean;
}

export type IdResult = { ok: true; value: IdInfo } | { ok: false; problem: Problem };

const fail = (code: string, params?: Record<string, unknown>): IdResult => ({
  ok: false,
  problem: { field: 'id_number', code, params },
});

/**
 * Validates and normalises an ID number. `today` (YYYY-MM-DD) bounds the birth date.
 * Spaces are removed, full-width digits and letters become half-width, Excel's leading ' is
 * dropped, a lowercase x becomes X, a 15-digit number is converted to 18. A number in Excel's
 * scientific notation (4.40105E+17: the column was a number column, and the last digits are lost)
 * is refused with the fix: format the column as text and enter the numbers again.
 */
export function parseIdNumber(raw: string, today: string): IdResult {
  let s = normaliseCell(raw ?? '').replace(/[\s\u3000]/g, '').toUpperCase();
  if (s === '') return fail('required');
  if (SCIENTIFIC.test(s)) return fail('scientific', { value: s });
  if (s.includes('*')) return fail('id_masked');
  let converted = false;
  if (s.length === 15) {
    if (!/^\d{15}$/.test(s)) return fail('id_chars');
    const first17 = s.slice(0, 6) + '19' + s.slice(6);
    s = first17 + checkChar(first17);
    converted = true;
  }
  if (s.length !== 18) return fail('id_length', { n: s.length });
  if (!/^\d{17}[\dX]$/.test(s)) return fail('id_chars');
  const province = s.slice(0, 2);
  if (!(province in PROVINCE_CODES)) return fail('id_region', { code: s.slice(0, 6) });
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isRealDate(birth)) return fail('id_birth', { date: s.slice(6, 14) });
  if (birth > today) return fail('id_birth_future', { date: birth });
  if (birth < EARLIEST_BIRTH) return fail('id_birth_old', { date: birth, earliest: EARLIEST_BIRTH.slice(0, 4) });
  const expected = checkChar(s.slice(0, 17));
  if (s[17] !== expected) return fail('id_check', { expected, actual: s[17] });
  const seq = s.charCodeAt(16) - 48;
  return {
    ok: true,
    value: { idNumber: s, birthDate: birth, sex: seq % 2 === 1 ? 'male' : 'female', province, converted },
  };
}
