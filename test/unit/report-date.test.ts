import { describe, expect, it } from 'vitest';
import { defaultReportDate } from '../../src/services/reporting.js';
import { cst } from '../helpers.js';

describe('the date a daily report covers when none is given', () => {
  it('is yesterday until 11:59, today from 12:00', () => {
    expect(defaultReportDate(cst(2022, 10, 23, 11, 59, 59))).toEqual({ date: '2022-11-22', reason: 'before_noon' });
    expect(defaultReportDate(cst(2022, 10, 23, 12, 0, 0))).toEqual({ date: '2022-11-23', reason: 'after_noon' });
  });

  it('crosses a month and a year back at night', () => {
    expect(defaultReportDate(cst(2022, 11, 1, 0, 30))).toEqual({ date: '2022-11-30', reason: 'before_noon' });
    expect(defaultReportDate(cst(2023, 0, 1, 0, 0))).toEqual({ date: '2022-12-31', reason: 'before_noon' });
  });

  it('is the --today date when one was given, whatever the hour', () => {
    expect(defaultReportDate(cst(2022, 10, 23, 8, 0), '2022-11-20')).toEqual({ date: '2022-11-20', reason: 'today_option' });
  });
});
