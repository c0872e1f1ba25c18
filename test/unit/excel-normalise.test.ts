/** What Excel and people do to values, undone by the validators: full-width, serials, ' , E-notation. */
import { describe, expect, it } from 'vitest';
import { validateArrival } from '../../src/domain/arrival.js';
import { parseDate, parseDateTime, parseTime } from '../../src/domain/dates.js';
import { reason } from '../../src/domain/i18n.js';
import { parseIdNumber } from '../../src/domain/idnumber.js';
import { parsePhone } from '../../src/domain/phone.js';

const TODAY = '2022-11-22';
const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('ID numbers', () => {
  it('full-width digits and X, the ideographic space, a leading apostrophe', () => {
    expect(parseIdNumber(wide('11010519491231002X'), TODAY)).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
    expect(parseIdNumber('１１０１０５\u3000１９４９１２３１\u3000００２ｘ', TODAY)).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
    expect(parseIdNumber("'11010519491231002X", TODAY)).toMatchObject({ ok: true });
    expect(parseIdNumber('\u201811010519491231002X', TODAY)).toMatchObject({ ok: true });
  });

  it('scientific notation is refused with the fix, in both languages', () => {
    const r = parseIdNumber('4.40105E+17', TODAY);
    expect(r).toEqual({ ok: false, problem: { field: 'id_number', code: 'scientific', params: { value: '4.40105E+17' } } });
    expect(parseIdNumber('4.40105198001011E+17', TODAY)).toMatchObject({ ok: false, problem: { code: 'scientific' } });
    expect(parseIdNumber(wide('4.40105E+17'), TODAY)).toMatchObject({ ok: false, problem: { code: 'scientific' } });
    expect(reason('scientific', { value: '4.40105E+17' }, 'zh')).toContain('把该列设置为文本格式后重新填写');
    expect(reason('scientific', { value: '4.40105E+17' }, 'en')).toContain('format the column as text in Excel');
  });
});

describe('phones', () => {
  it('full-width, an apostrophe, and scientific notation refused with the fix', () => {
    expect(parsePhone('１３８００１３８０００')).toEqual({ ok: true, value: '+8613800138000' });
    expect(parsePhone("'13800138000")).toEqual({ ok: true, value: '+8613800138000' });
    expect(parsePhone('＋８６　１３８－００１３－８０００')).toEqual({ ok: true, value: '+8613800138000' });
    expect(parsePhone('1.38001E+10')).toMatchObject({ ok: false, problem: { code: 'scientific' } });
  });
});

describe('dates', () => {
  it('Excel serials: 44885 is 2022-11-20 (2022-01-01 is 44562), a fraction is the time of day', () => {
    expect(parseDate('44562')).toBe('2022-01-01');
    expect(parseDate('44885')).toBe('2022-11-20');
    expect(parseDate('44886')).toBe('2022-11-21');
    expect(parseDateTime('44885.5')).toEqual({ date: '2022-11-20', time: '12:00' });
    expect(parseDateTime('44885.604166667')).toEqual({ date: '2022-11-20', time: '14:30' });
    expect(parseDate('44621')).toBe('2022-03-01');
    expect(parseDate('12345')).toBeNull();
    expect(parseDate('99999')).toBeNull();
  });

  it('full-width digits and separators, and an apostrophe', () => {
    expect(parseDate('２０２２－１１－２０')).toBe('2022-11-20');
    expect(parseDate('２０２２年１１月２０日')).toBe('2022-11-20');
    expect(parseDate("'2022/11/20")).toBe('2022-11-20');
    expect(parseTime('１４：３０')).toBe('14:30');
  });
});

describe('arrivals', () => {
  const base = { name: '张三', id_number: '11010519491231002X', phone: '13800138000', origin: '北京市', transport: '火车', destination: '城关镇' };

  it('a 抵达时间 column that holds a date and time, or only a date, says when', () => {
    expect(validateArrival({ ...base, arrival_time: '2022-11-20 14:30' }, TODAY).record).toMatchObject({ arrival_date: '2022-11-20', arrival_time: '14:30' });
    expect(validateArrival({ ...base, arrival_time: '2022/11/20' }, TODAY).record).toMatchObject({ arrival_date: '2022-11-20', arrival_time: null });
    expect(validateArrival({ ...base, arrival_time: '44885.5' }, TODAY).record).toMatchObject({ arrival_date: '2022-11-20', arrival_time: '12:00' });
    expect(validateArrival({ ...base, arrival_date: '2022-11-20', arrival_time: '2022-11-20 08:05' }, TODAY).record).toMatchObject({ arrival_time: '08:05' });
    expect(validateArrival({ ...base, arrival_date: '2022-11-20', arrival_time: '2022-11-19 08:05' }, TODAY).problems).toEqual([
      { field: 'arrival_time', code: 'time_other_day', params: { value: '2022-11-19 08:05', date: '2022-11-20' } },
    ]);
    expect(validateArrival({ ...base, arrival_time: '14:30' }, TODAY).problems).toEqual([{ field: 'arrival_date', code: 'required' }]);
  });

  it('the date as a serial, the transport and contact type full-width, 是否密接 as 是/否', () => {
    expect(validateArrival({ ...base, arrival_date: '44885', transport: 'ｔｒａｉｎ', contact_type: '否' }, TODAY).record).toMatchObject({ arrival_date: '2022-11-20', transport: 'train', contact_type: 'none' });
    expect(validateArrival({ ...base, arrival_date: '44885', contact_type: '是' }, TODAY).record).toMatchObject({ contact_type: 'close' });
  });
});
