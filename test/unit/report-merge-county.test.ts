import { describe, expect, it } from 'vitest';
import { commonDivision, divisionHolds } from '../../src/domain/report.js';

describe('divisions of GB/T 2260 in a merge', () => {
  it('a county holds itself; a city XXXX00 its counties; a province XX0000 everything in it', () => {
    expect(divisionHolds('350102', '350102')).toBe(true);
    expect(divisionHolds('350100', '350102')).toBe(true);
    expect(divisionHolds('350000', '350102')).toBe(true);
    expect(divisionHolds('350100', '350202')).toBe(false);
    expect(divisionHolds('350102', '350100')).toBe(false);
    expect(divisionHolds('320106', '350102')).toBe(false);
  });

  it('the smallest division holding every code', () => {
    expect(commonDivision(['350102', '350103'])).toBe('350100');
    expect(commonDivision(['350102', '350203'])).toBe('350000');
    expect(commonDivision(['320106', '350102'])).toBeNull();
    expect(commonDivision(['350102'])).toBe('350102');
    expect(commonDivision([])).toBeNull();
  });
});
