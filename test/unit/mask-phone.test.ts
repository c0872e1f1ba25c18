/**
 * Issue 23, point 12: a masked phone must fit at least 10^4 numbers — at least 4 digits starred,
 * whatever the number's length or country (a Hong Kong mobile was +852 912*4567, one digit; a US
 * number and a mainland landline three).
 */
import { describe, expect, it } from 'vitest';
import { maskNational, maskPhoneNumber, parsePhone } from '../../src/domain/phone.js';
import { maskPhone } from '../../src/io/mask.js';

/** How many numbers fit a masked one: 10 to the number of starred digits. */
const fits = (masked: string) => 10 ** (masked.match(/\*/g) ?? []).length;

describe('phone masks hide at least 4 digits (10^4 numbers fit what is shown)', () => {
  it('the cases of the issue: a Hong Kong mobile, a US number, a mainland landline', () => {
    const cases: Array<[string, string]> = [
      ['+852 9123 4567', '+852 91****67'],
      ['+1 415 555 2671', '+1 415****671'],
      ['0771-5551234', '+86 771****234'],
      ['010-12345678', '+86 101****678'],
      ['+853 6612 3456', '+853 66****56'],
      ['+886 912 345 678', '+886 91****678'],
      ['+44 7911 123456', '+44 791****456'],
      ['13800138000', '+86 138****8000'],
    ];
    for (const [typed, shown] of cases) {
      const p = parsePhone(typed);
      expect(p.ok, typed).toBe(true);
      const masked = maskPhone((p as { value: string }).value);
      expect(masked, typed).toBe(shown);
      expect(fits(masked), typed).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('every national length from 5 to 15 digits: at least 4 starred, the rest shown at the ends', () => {
    for (let n = 5; n <= 15; n++) {
      const digits = '987654321098765'.slice(0, n);
      const m = maskNational(digits);
      expect(m.length, String(n)).toBe(n);
      expect(fits(m), String(n)).toBeGreaterThanOrEqual(10_000);
      // what is shown is the number's own digits, in place
      for (let i = 0; i < n; i++) if (m[i] !== '*') expect(m[i]).toBe(digits[i]);
    }
    // 4 digits or fewer: all starred
    expect(maskNational('1234')).toBe('****');
  });

  it('every country code length and a stored value without one (a purged arrival’s 00000000000)', () => {
    expect(maskPhoneNumber('+12125551234')).toBe('+1 212****234');
    expect(maskPhoneNumber('+442079460958')).toBe('+44 207****958');
    expect(maskPhoneNumber('+85366123456')).toBe('+853 66****56');
    expect(maskPhoneNumber('00000000000')).toBe('000****0000');
    expect(maskPhoneNumber('')).toBe('');
    for (const s of ['+12125551234', '+442079460958', '+85366123456', '00000000000', '5551234']) expect(fits(maskPhoneNumber(s)), s).toBeGreaterThanOrEqual(10_000);
  });
});
