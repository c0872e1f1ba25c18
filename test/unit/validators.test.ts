import { describe, expect, it } from 'vitest';
import { normaliseTransport, validateArrival, validateField, type ArrivalInput } from '../../src/domain/arrival.js';
import { addDays, parseDate, parseDateTime } from '../../src/domain/dates.js';
import { parsePhone } from '../../src/domain/phone.js';
import { mapHeader } from '../../src/io/headers.js';
import { maskIdNumber, maskPhone } from '../../src/io/mask.js';
import { langFrom, reason } from '../../src/domain/i18n.js';

const TODAY = '2022-11-21';
const GOOD: ArrivalInput = {
  name: '张三', id_number: '11010519491231002X', phone: '13800138000', origin: '广东省深圳市南山区',
  arrival_date: '2022-11-20', transport: 'train', destination: '城关镇幸福路8号',
};

describe('phone', () => {
  it('accepts mainland mobiles with spaces, dashes or +86, in E.164', () => {
    expect(parsePhone('138 0013 8000')).toEqual({ ok: true, value: '+8613800138000' });
    expect(parsePhone('+86 138-0013-8000')).toEqual({ ok: true, value: '+8613800138000' });
    expect(parsePhone('8613800138000')).toEqual({ ok: true, value: '+8613800138000' });
  });
  it('accepts landlines with their area code and numbers abroad with their country code, in E.164', () => {
    expect(parsePhone('0771-5551234')).toEqual({ ok: true, value: '+867715551234' });
    expect(parsePhone('010-12345678')).toEqual({ ok: true, value: '+861012345678' });
    expect(parsePhone('(0771) 555 1234')).toEqual({ ok: true, value: '+867715551234' });
    expect(parsePhone('+852 9123 4567')).toEqual({ ok: true, value: '+85291234567' });
    expect(parsePhone('+853 6612 3456')).toEqual({ ok: true, value: '+85366123456' });
    expect(parsePhone('+886 912 345 678')).toEqual({ ok: true, value: '+886912345678' });
    expect(parsePhone('00852 9123 4567')).toEqual({ ok: true, value: '+85291234567' });
    expect(parsePhone('+1 415 555 2671')).toEqual({ ok: true, value: '+14155552671' });
    expect(parsePhone('+44 7911 123456')).toEqual({ ok: true, value: '+447911123456' });
  });
  it('refuses short numbers, a second digit of 0-2, a landline without its area code or with a digit missing', () => {
    for (const bad of ['1380013800', '12800138000', '23800138000', 'abc', '5551234', '0771-555123', '+852 9123 456', '+86 138 0013 800']) {
      expect(parsePhone(bad)).toMatchObject({ ok: false, problem: { field: 'phone', code: 'phone' } });
    }
    expect(parsePhone('')).toMatchObject({ ok: false, problem: { code: 'required' } });
  });
});

describe('dates', () => {
  it('reads the shapes spreadsheets use', () => {
    for (const s of ['2022-11-20', '2022/11/20', '2022/11/20 0:00', '2022.11.20', '20221120', '2022年11月20日', '2022-11-20 00:00:00']) {
      expect(parseDate(s)).toBe('2022-11-20');
    }
    expect(parseDate('2022/1/5')).toBe('2022-01-05');
  });
  it('refuses dates that do not exist and non-dates', () => {
    for (const s of ['2022-02-30', '2021-02-29', '2022-13-01', '2022-00-10', '20/11/2022', 'tomorrow', '', '2022-11-20 25:00']) {
      expect(parseDate(s)).toBeNull();
    }
    expect(parseDate('2020-02-29')).toBe('2020-02-29');
  });
  it('keeps a time of day when there is one', () => {
    expect(parseDateTime('2022-11-20 23:59')).toEqual({ date: '2022-11-20', time: '23:59' });
    expect(parseDateTime('2022-11-20T07:05:00')).toEqual({ date: '2022-11-20', time: '07:05' });
    expect(parseDate('2022-11-20 23:59')).toBeNull();
  });
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2022-11-30', 1)).toBe('2022-12-01');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2021-02-28', 1)).toBe('2021-03-01');
    expect(addDays('2021-08-01', 13)).toBe('2021-08-14');
    expect(addDays('2022-01-01', -1)).toBe('2021-12-31');
  });
});

describe('arrival validation', () => {
  it('normalises a good record', () => {
    const { record, problems } = validateArrival({ ...GOOD, id_number: '11010519491231002x', transport: '高铁', contact_type: '密接', exposure_date: '2022/11/18' }, TODAY);
    expect(problems).toEqual([]);
    expect(record).toMatchObject({ id_number: '11010519491231002X', transport: 'train', contact_type: 'close', exposure_date: '2022-11-18', township: null, arrival_time: null });
  });
  it('reports every problem, each with its field', () => {
    const { record, problems } = validateArrival({ name: '', id_number: '110105194912310021', phone: '123', origin: '', arrival_date: '2022-02-30', transport: 'rocket', destination: '' }, TODAY);
    expect(record).toBeUndefined();
    expect(problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(
      ['arrival_date:date', 'destination:required', 'id_number:id_check', 'name:required', 'origin:required', 'phone:phone', 'transport:enum'].sort(),
    );
  });
  it('refuses an arrival date after today, and accepts today', () => {
    expect(validateArrival({ ...GOOD, arrival_date: '2022-11-22' }, TODAY).problems).toEqual([
      { field: 'arrival_date', code: 'date_future', params: { value: '2022-11-22', today: TODAY } },
    ]);
    expect(validateArrival({ ...GOOD, arrival_date: TODAY }, TODAY).problems).toEqual([]);
  });
  it('takes the time of day from the arrival date or its own field', () => {
    expect(validateArrival({ ...GOOD, arrival_date: '2022-11-20 23:59' }, TODAY).record?.arrival_time).toBe('23:59');
    expect(validateArrival({ ...GOOD, arrival_time: '7:30' }, TODAY).record?.arrival_time).toBe('07:30');
    expect(validateArrival({ ...GOOD, arrival_time: '7.30pm' }, TODAY).problems[0]).toMatchObject({ field: 'arrival_time', code: 'time' });
  });
  it('refuses an exposure date for someone who is not a contact', () => {
    expect(validateArrival({ ...GOOD, exposure_date: '2022-11-18' }, TODAY).problems).toEqual([{ field: 'exposure_date', code: 'exposure_without_contact' }]);
  });
  it('refuses digits in names and control characters', () => {
    expect(validateArrival({ ...GOOD, name: '张3' }, TODAY).problems[0]).toMatchObject({ field: 'name', code: 'name_digits' });
    expect(validateArrival({ ...GOOD, origin: 'a\u0001b' }, TODAY).problems[0]).toMatchObject({ field: 'origin', code: 'control_chars' });
    expect(validateArrival({ ...GOOD, note: 'x'.repeat(501) }, TODAY).problems[0]).toMatchObject({ field: 'note', code: 'too_long' });
  });
  it('accepts minority names with the middle dot', () => {
    expect(validateArrival({ ...GOOD, name: '阿依古丽·买买提' }, TODAY).problems).toEqual([]);
  });
  it('maps Chinese transport words', () => {
    expect(normaliseTransport('自驾')).toBe('car');
    expect(normaliseTransport('大巴')).toBe('bus');
    expect(normaliseTransport('Plane')).toBe('plane');
    expect(normaliseTransport('马车')).toBeNull();
  });
  it('checks a single field for a prompt', () => {
    expect(validateField('phone', '13800138000', TODAY)).toBeNull();
    expect(validateField('phone', '1380013800', TODAY)).toMatchObject({ code: 'phone' });
    expect(validateField('exposure_date', '2022-11-18', TODAY, { contact_type: 'close' })).toBeNull();
  });
});

describe('import headers', () => {
  it('maps Chinese and English headers in any order and ignores others', () => {
    const m = mapHeader('arrivals', ['序号', '身份证号', 'Name', '手机号', '来源地', '抵达日期', '交通方式', '目的地', '乡镇']);
    expect(m.columns).toEqual([null, 'id_number', 'name', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'township']);
    expect(m.missing).toEqual([]);
    expect(m.ignored).toEqual(['序号']);
  });
  it('lists the required columns that are missing', () => {
    expect(mapHeader('arrivals', ['name', 'phone']).missing).toEqual(['id_number', 'origin', 'arrival_date', 'transport', 'destination']);
  });
});

describe('masking and language', () => {
  it('masks ID numbers and phones as DESIGN.md shows', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it.each([
    ['--lang first', 'zh', { LANG: 'C', FANGKONG_LANG: 'en' }, undefined, 'zh'],
    ['then FANGKONG_LANG', undefined, { FANGKONG_LANG: 'zh', LANG: 'en_US.UTF-8' }, undefined, 'zh'],
    ['then LC_ALL', undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, undefined, 'zh'],
    ['then LC_MESSAGES', undefined, { LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, undefined, 'zh'],
    ['then LANG', undefined, { LANG: 'zh_CN.UTF-8' }, undefined, 'zh'],
    ['then the first of LANGUAGE', undefined, { LANGUAGE: 'zh_CN:en_US' }, undefined, 'zh'],
    ['a C locale is English', undefined, { LANG: 'C' }, 'zh-CN', 'en'],
    ['then the system locale (Windows)', undefined, {}, 'zh-CN', 'zh'],
    ['else English', undefined, {}, undefined, 'en'],
  ] as const)('chooses the language: %s', (_what, explicit, env, system, lang) => {
    expect(langFrom(explicit, { ...env }, system)).toBe(lang);
  });
  it('renders reasons in both languages', () => {
    expect(reason('id_check', { expected: 'X', actual: '1' }, 'en')).toBe('check digit should be X, not 1');
    expect(reason('id_check', { expected: 'X', actual: '1' }, 'zh')).toBe('校验位应为X，实为1');
  });
});
