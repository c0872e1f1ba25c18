/**
 * Issue 23, point 11: the detector every free text goes through before the audit log stores it
 * (domain/text.ts maskText) finds what the masks know — ID numbers, mainland mobiles — and the
 * rest a reason or a note can hold: a passport, a travel permit, a phone abroad, a landline;
 * each with at least 4 characters hidden. Dates, times, place codes and counts stay readable.
 */
import { describe, expect, it } from 'vitest';
import { maskIdsAndMobiles, maskText } from '../../src/domain/text.js';
import { auditImage, HIDDEN_VALUE } from '../../src/store/audit.js';

const hidden = (s: string) => (s.match(/\*/g) ?? []).length;

describe('maskText: the personal numbers in a free text', () => {
  it('masks a passport, a travel permit, a phone abroad and a landline, as written in a reason', () => {
    const cases: Array<[string, string]> = [
      ['出示护照E12345678', '出示护照E******78'],
      ['passport EA1234567 checked', 'passport E******67 checked'],
      ['回乡证H12345678', '回乡证H******78'],
      ['回乡证 M1234567890', '回乡证 M********90'],
      ['台胞证 87654321', '台胞证 8*****21'],
      ['联系+852 9123 4567', '联系+*** **** **67'],
      ['call 00852-91234567', 'call *****-******67'],
      ['US +1 (415) 555-0132', 'US +* (***) ***-**32'],
      ['座机0771-5551234', '座机****-*****34'],
      ['+8613800138000', '+8**********00'],
    ];
    for (const [text, masked] of cases) {
      expect(maskText(text), text).toBe(masked);
      const number = text.replace(/^[^+0-9A-Z]*/, '');
      expect(hidden(maskText(number)), text).toBeGreaterThanOrEqual(4);
    }
  });

  it('still masks ID numbers and mainland mobiles as the outputs do', () => {
    expect(maskText('身份证11010519491231002X 手机13800138000')).toBe('身份证110105********002X 手机138****8000');
  });

  it('leaves dates, times, place codes, counts, records and hashes readable', () => {
    for (const s of ['2022-11-01 10:00 到达', '2022-11-01 2022-11-05', '区划 440305', '221184 字节', 'arrival:12', 'close-contact-7+3', '3fa9e2c0d1b2a3c4', '城关镇幸福路11号', '体温37.5', '第 6 条', 'county.before-restore-20221201-100000.db', 'report-20221201.csv', 'at 20221201100000']) {
      expect(maskText(s), s).toBe(s);
    }
  });

  it('an error message keeps the narrower mask, so that a mistyped value stays recognisable', () => {
    expect(maskIdsAndMobiles('“1380013800”不是有效的电话号码')).toBe('“1380013800”不是有效的电话号码');
    expect(maskIdsAndMobiles('13800138000')).toBe('138****8000');
  });
});

describe('auditImage: what the audit log keeps of a record', () => {
  it('a reason through the detector, the names of the image left out of it, personal fields hidden', () => {
    const img = auditImage({ name: '王秘密', id_number: '11010519491231002X', phone: '+85291234567', vehicle: '京A12345', override_reason: '王秘密出示护照E12345678，电话+852 9123 4567' });
    expect(img).toEqual({
      name: HIDDEN_VALUE,
      id_number: '*'.repeat(18),
      phone: '+852 91****67',
      vehicle: HIDDEN_VALUE,
      override_reason: `${HIDDEN_VALUE}出示护照E******78，电话+*** **** **67`,
    });
  });

  it('a purged person’s pseudonym stays (it is the rows’ own); a name of one character is not taken out of texts', () => {
    expect(auditImage({ id_number: 'P0123456789ABCDEF0', name: '王', reason: '王家湾' })).toEqual({ id_number: 'P0123456789ABCDEF0', name: HIDDEN_VALUE, reason: '王家湾' });
  });
});
