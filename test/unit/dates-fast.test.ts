/**
 * The fixed-shape path of parseDateTime (issue 17) gives what the general parser gives, for every
 * string of the two shapes it reads ("2022-11-20", "2022-11-20 08:30" / "T08:30"), real dates or
 * not (2022-02-30, month 13, hour 24, minute 60), and leaves every other string to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDateTimeSlow } from '../../src/domain/dates.js';

const d2 = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const year = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));

describe('parseDateTime: the fixed shapes', () => {
  it('a date: the same as the general parser', () => {
    fc.assert(fc.property(year, d2, d2, (y, m, d) => {
      const s = `${y}-${m}-${d}`;
      expect(parseDateTime(s)).toEqual(parseDateTimeSlow(s));
    }), { numRuns: 3000 });
  });

  it('a date and a time (space or T): the same as the general parser', () => {
    fc.assert(fc.property(year, d2, d2, fc.constantFrom(' ', 'T'), d2, d2, (y, m, d, sep, h, mi) => {
      const s = `${y}-${m}-${d}${sep}${h}:${mi}`;
      expect(parseDateTime(s)).toEqual(parseDateTimeSlow(s));
    }), { numRuns: 3000 });
  });

  it('the edges: leap days, month and hour bounds, other shapes of the same length', () => {
    for (const s of ['2024-02-29', '2023-02-29', '2022-13-01', '2022-00-10', '2022-11-31', '2022-11-20 24:00', '2022-11-20 23:59', '2022-11-20T00:00', '2022-11-20 23:60',
      '2022/11/20', '2022.11.20', '２０２２-11-20', "'2022-11-20", '2022-11-20x08:30', '2022-11-2008:30', '2022-1-20 8:30', '20221120', '44886', ' 2022-11-2']) {
      expect(parseDateTime(s), s).toEqual(parseDateTimeSlow(s));
    }
    expect(parseDateTime('2022-11-20 08:30')).toEqual({ date: '2022-11-20', time: '08:30' });
    expect(parseDateTime('2023-02-29')).toBeNull();
  });

  it('any string of those lengths made of digits, dashes, colons, spaces and T: the same', () => {
    const ch = fc.constantFrom('0', '1', '2', '3', '5', '9', '-', ':', ' ', 'T', '/');
    fc.assert(fc.property(fc.oneof(fc.string({ unit: ch, minLength: 10, maxLength: 10 }), fc.string({ unit: ch, minLength: 16, maxLength: 16 })), (s) => {
      expect(parseDateTime(s)).toEqual(parseDateTimeSlow(s));
    }), { numRuns: 3000 });
  });
});
