import { describe, expect, it } from 'vitest';
import { checkChar, parseIdNumber } from '../../src/domain/idnumber.js';

const TODAY = '2022-11-21';

function problem(raw: string) {
  const r = parseIdNumber(raw, TODAY);
  if (r.ok) throw new Error(`expected ${raw} to be invalid`);
  return r.problem;
}

describe('ID number (GB 11643-1999)', () => {
  it('accepts the examples published in the standard', () => {
    const a = parseIdNumber('11010519491231002X', TODAY);
    expect(a).toEqual({ ok: true, value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', province: '11', converted: false } });
    const b = parseIdNumber('440524188001010014', TODAY);
    expect(b.ok && b.value).toMatchObject({ birthDate: '1880-01-01', sex: 'male', province: '44' });
  });

  it('computes the check character with the 7 9 10 5 8 4 2 1 6 3 … weights', () => {
    expect(checkChar('11010519491231002')).toBe('X');
    expect(checkChar('44052418800101001')).toBe('4');
  });

  it('accepts a lowercase x and stores it upper-case; strips spaces', () => {
    const r = parseIdNumber(' 110105 19491231 002x ', TODAY);
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it('converts an old 15-digit number to 18 digits', () => {
    const r = parseIdNumber('110105491231002', TODAY);
    expect(r.ok && r.value).toMatchObject({ idNumber: '11010519491231002X', converted: true, birthDate: '1949-12-31' });
  });

  it('names the expected check character when it is wrong', () => {
    expect(problem('110105194912310021')).toEqual({ field: 'id_number', code: 'id_check', params: { expected: 'X', actual: '1' } });
    expect(problem('440524188001010015')).toMatchObject({ code: 'id_check', params: { expected: '4', actual: '5' } });
  });

  it('refuses wrong lengths and characters', () => {
    expect(problem('1101051949123100')).toMatchObject({ code: 'id_length', params: { n: 16 } });
    expect(problem('11010519491231002XX')).toMatchObject({ code: 'id_length', params: { n: 19 } });
    expect(problem('1101051949123100AX')).toMatchObject({ code: 'id_chars' });
    expect(problem('11010519491231X02X')).toMatchObject({ code: 'id_chars' });
    expect(problem('')).toMatchObject({ code: 'required' });
  });

  it('refuses an unknown province code', () => {
    expect(problem('001005194912310025')).toMatchObject({ code: 'id_region', params: { code: '001005' } });
    expect(problem('991005194912310025')).toMatchObject({ code: 'id_region' });
  });

  it('refuses a birth date that is not a real date, or in the future', () => {
    // 1949-02-30 does not exist; 2021-02-29 is not a leap day
    const bad = '11010519490230002';
    expect(problem(bad + checkChar(bad))).toMatchObject({ code: 'id_birth', params: { date: '19490230' } });
    const notLeap = '11010520210229002';
    expect(problem(notLeap + checkChar(notLeap))).toMatchObject({ code: 'id_birth' });
    const leap = '11010520200229002';
    expect(parseIdNumber(leap + checkChar(leap), TODAY).ok).toBe(true);
    const future = '11010520221122002';
    expect(problem(future + checkChar(future))).toMatchObject({ code: 'id_birth_future', params: { date: '2022-11-22' } });
    const todayBorn = '11010520221121002';
    expect(parseIdNumber(todayBorn + checkChar(todayBorn), TODAY).ok).toBe(true);
  });

  it('recognises a masked number from an export', () => {
    expect(problem('110105********002X')).toMatchObject({ code: 'id_masked' });
  });
});
