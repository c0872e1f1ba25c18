/** Documents (issue 14): each type by its own rule, detection by shape, masking, the countries file. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDocType, normaliseDocType, parseDocument, resolveCountry } from '../../src/domain/document.js';
import { checkChar, parseIdNumber } from '../../src/domain/idnumber.js';
import { validateArrival } from '../../src/domain/arrival.js';
import { countries } from '../../src/io/reference.js';
import { maskIdNumber, maskPhone } from '../../src/io/mask.js';
import { makeId, ROOT } from '../helpers.js';

const TODAY = '2022-11-21';
const C = countries();
const withCheck = (first17: string) => first17 + checkChar(first17);

describe('resident IDs and the residence permits of Hong Kong, Macao and Taiwan residents (GB 11643)', () => {
  it('accepts the region codes 810000, 820000 and 830000 with their check character, birth date and sex', () => {
    for (const region of ['810000', '820000', '830000']) {
      const id = makeId(region, '19850707', '013');
      const r = parseDocument('resident_id', id, TODAY);
      expect(r).toEqual({ ok: true, value: { doc_type: 'resident_id', number: id, birthDate: '1985-07-07', sex: 'male', country: null } });
      const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      expect(parseIdNumber(wrong, TODAY)).toMatchObject({ ok: false, problem: { code: 'id_check' } });
    }
  });
});

describe('each document by its own rule', () => {
  it('the Mainland Travel Permit for HK and Macao residents: H or M and 8 digits', () => {
    expect(parseDocument('hkmo_permit', 'h 1234 5678', TODAY)).toMatchObject({ ok: true, value: { number: 'H12345678', birthDate: null, sex: null } });
    expect(parseDocument('hkmo_permit', 'Ｍ８７６５４３２１', TODAY)).toMatchObject({ ok: true, value: { number: 'M87654321' } });
    for (const bad of ['X12345678', 'H1234567', 'H123456789', '12345678']) expect(parseDocument('hkmo_permit', bad, TODAY)).toMatchObject({ ok: false, problem: { field: 'doc_number', code: 'doc_hkmo' } });
  });
  it('the Mainland Travel Permit for Taiwan residents: 8 digits', () => {
    expect(parseDocument('tw_permit', '12345678', TODAY)).toMatchObject({ ok: true, value: { number: '12345678' } });
    for (const bad of ['1234567', '123456789', 'T1234567']) expect(parseDocument('tw_permit', bad, TODAY)).toMatchObject({ ok: false, problem: { code: 'doc_tw' } });
  });
  it('the foreign permanent resident ID: 3 letters (a country) and 12 digits, or from 2023 18 digits from 9 with the GB 11643 check', () => {
    expect(parseDocument('foreign_pr', 'USA110180101001', TODAY, undefined, C)).toMatchObject({ ok: true, value: { number: 'USA110180101001', birthDate: null } });
    expect(parseDocument('foreign_pr', 'XYZ110180101001', TODAY, undefined, C)).toMatchObject({ ok: false, problem: { code: 'doc_pr_country' } });
    const pr = withCheck('91184019800101123');
    expect(parseDocument('foreign_pr', pr, TODAY)).toEqual({ ok: true, value: { doc_type: 'foreign_pr', number: pr, birthDate: '1980-01-01', sex: 'male', country: null } });
    const wrong = pr.slice(0, 17) + (pr[17] === '0' ? '1' : '0');
    expect(parseDocument('foreign_pr', wrong, TODAY)).toMatchObject({ ok: false, problem: { code: 'id_check' } });
    expect(parseDocument('foreign_pr', withCheck('91184019801301123'), TODAY)).toMatchObject({ ok: false, problem: { code: 'id_birth' } });
    expect(parseDocument('foreign_pr', 'US110180101001', TODAY)).toMatchObject({ ok: false, problem: { code: 'doc_pr' } });
  });
  it('a passport: 5 to 17 letters and digits, and an issuing country by its code or its name', () => {
    expect(parseDocument('passport', 'e1234567', TODAY, 'usa', C)).toMatchObject({ ok: true, value: { number: 'E1234567', country: 'USA' } });
    expect(parseDocument('passport', '123456789', TODAY, '英国', C)).toMatchObject({ ok: true, value: { country: 'GBR' } });
    expect(parseDocument('passport', 'C01X00T47', TODAY, 'Germany', C)).toMatchObject({ ok: true, value: { country: 'DEU' } });
    expect(parseDocument('passport', 'E12', TODAY, 'USA', C)).toMatchObject({ ok: false, problem: { code: 'doc_passport' } });
    expect(parseDocument('passport', 'E1234567', TODAY, '', C)).toMatchObject({ ok: false, problem: { field: 'doc_country', code: 'required' } });
    expect(parseDocument('passport', 'E1234567', TODAY, '火星', C)).toMatchObject({ ok: false, problem: { field: 'doc_country', code: 'country_unknown' } });
    expect(resolveCountry('美国', C)).toBe('USA');
    expect(resolveCountry('中国', C)).toBe('CHN');
  });
  it('the type as people write it; a country only for a passport; the birth date only where the document has one', () => {
    expect(['', '身份证', '港澳台居民居住证', '回乡证', '台胞证', '永居证', '护照', 'passport', 'HK/Macao travel permit'].map(normaliseDocType)).toEqual(['resident_id', 'resident_id', 'resident_id', 'hkmo_permit', 'tw_permit', 'foreign_pr', 'passport', 'passport', 'hkmo_permit']);
    expect(normaliseDocType('签证')).toBeNull();
    const base = { name: '陈大文', phone: '+852 9123 4567', origin: '香港', arrival_date: '2022-11-20', transport: 'car', destination: '城关镇' };
    expect(validateArrival({ ...base, doc_type: '回乡证', id_number: 'H12345678' }, TODAY).record).toMatchObject({ doc_type: 'hkmo_permit', id_number: 'H12345678', doc_country: null, phone: '+85291234567' });
    expect(validateArrival({ ...base, doc_type: '回乡证', id_number: 'H12345678', doc_country: 'USA' }, TODAY).problems).toEqual([{ field: 'doc_country', code: 'country_not_passport' }]);
    // an arrival before the birth date of the number: only a document with one can say so
    const pr = withCheck('91184020221101123');
    expect(validateArrival({ ...base, doc_type: 'foreign_pr', id_number: pr, arrival_date: '2022-10-01' }, TODAY).problems).toMatchObject([{ field: 'arrival_date', code: 'before_birth' }]);
  });
});

describe('a number without its type (a checkpoint, a lab sheet)', () => {
  it('is read by its shape; what looks like a resident ID must be one', () => {
    expect(['H12345678', '12345678', 'USA110180101001', withCheck('91184019800101123'), 'E1234567', '123456789', makeId('110105', '19491231', '002'), '11010519491231002', '12345'].map(detectDocType)).toEqual([
      'hkmo_permit', 'tw_permit', 'foreign_pr', 'foreign_pr', 'passport', 'passport', 'resident_id', 'resident_id', 'resident_id',
    ]);
  });
});

describe('masking', () => {
  it('a document as IDs are: 18 or 15 characters keep 6 and 4; a permit or passport its first and last two', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('USA110180101001')).toBe('USA110*****1001');
    expect(maskIdNumber('H12345678')).toBe('H******78');
    expect(maskIdNumber('12345678')).toBe('1*****78');
    expect(maskIdNumber('E1234567')).toBe('E*****67');
    expect(maskIdNumber('AB123')).toBe('****3');
  });
  it('a phone in E.164 keeps its country code apart (at least 4 digits starred: test/unit/mask-phone.test.ts)', () => {
    expect(maskPhone('+8613800138000')).toBe('+86 138****8000');
    expect(maskPhone('+867715551234')).toBe('+86 771****234');
    expect(maskPhone('+85291234567')).toBe('+852 91****67');
    expect(maskPhone('+14155552671')).toBe('+1 415****671');
    expect(maskPhone('13800138000')).toBe('138****8000');
  });
});

describe('data/countries.json', () => {
  it('is what scripts/countries.mjs makes from i18n-iso-countries (npm run data:countries)', async () => {
    const { generate } = await import(path.join(ROOT, 'scripts', 'countries.mjs'));
    expect(fs.readFileSync(path.join(ROOT, 'data', 'countries.json'), 'utf8')).toBe(generate());
  });
});
