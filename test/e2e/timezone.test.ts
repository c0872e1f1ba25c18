/**
 * One office time zone: "today", default times, test ages, the report's default date and the
 * audit's times are read on the office's clock (Asia/Shanghai unless set), never the machine's TZ.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultReportDate } from '../../src/services/reporting.js';
import { hoursBetween, localDate, officeStamp, startOfDayUtc, utcOffset, wallClock } from '../../src/domain/dates.js';
import { addArgs, cst, initDb, runBin, tmpDir } from '../helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

/** The office's date today and tomorrow, on China Standard Time. */
function officeDays(): { today: string; tomorrow: string } {
  const now = new Date();
  return { today: localDate(now, 'Asia/Shanghai'), tomorrow: localDate(new Date(now.getTime() + 86_400_000), 'Asia/Shanghai') };
}

describe('the office clock (pure)', () => {
  it('reads an instant on the office clock, whatever process.env.TZ says', () => {
    const at = new Date('2022-11-21T17:30:00Z'); // 01:30 on the 22nd in Shanghai
    expect(wallClock(at)).toEqual({ date: '2022-11-22', hour: 1, time: '01:30:00' });
    expect(wallClock(at, 'America/New_York')).toEqual({ date: '2022-11-21', hour: 12, time: '12:30:00' });
    expect(utcOffset(at)).toBe('+08:00');
    expect(utcOffset(at, 'America/New_York')).toBe('-05:00');
    expect(utcOffset(new Date('2022-07-01T00:00:00Z'), 'America/New_York')).toBe('-04:00');
    expect(officeStamp('2022-11-21T17:30:00Z')).toBe('2022-11-22T01:30:00+08:00');
    expect(officeStamp('2022-11-21T09:00:00')).toBe('2022-11-21T09:00:00'); // a row from before: as it was
    expect(startOfDayUtc('2022-11-22')).toBe('2022-11-21T16:00:00Z');
  });

  it('a report run before noon on the office clock covers yesterday; from noon, today', () => {
    expect(defaultReportDate(cst(2022, 10, 23, 11, 59, 59))).toEqual({ date: '2022-11-22', reason: 'before_noon' });
    expect(defaultReportDate(cst(2022, 10, 23, 12, 0, 0))).toEqual({ date: '2022-11-23', reason: 'after_noon' });
    // 11:00 in Urumqi is 13:00 in Beijing: a county set to Asia/Urumqi still reports yesterday
    expect(defaultReportDate(cst(2022, 10, 23, 13, 0), undefined, 'Asia/Urumqi')).toEqual({ date: '2022-11-22', reason: 'before_noon' });
  });

  it('a test age is the same across a change of clocks on the machine: hours between office times', () => {
    // New York's clocks went back on 2022-11-06 at 02:00; office times are not moved by it
    expect(hoursBetween('2022-11-05T12:00', '2022-11-07T12:00')).toBe(48);
  });
});

describe('the same answers under every machine TZ (spawned)', () => {
  for (const TZ of ZONES) {
    it(`TZ=${TZ}`, () => {
      const db = initDb(path.join(tmpDir(), 'tz.db'));
      const { today, tomorrow } = officeDays();
      const run = (args: string[]) => runBin(['--db', db, ...args], { env: { TZ } });
      // registered today (office date) is fine, tomorrow is registration in advance, 15 days ahead too far
      expect(run(addArgs({ '--arrival-date': today })).code).toBe(0);
      expect(run(addArgs({ '--arrival-date': tomorrow, '--id-number': '440524188001010014' })).code).toBe(0);
      const far = new Date(`${today}T12:00:00Z`);
      far.setUTCDate(far.getUTCDate() + 15);
      const tooFar = far.toISOString().slice(0, 10);
      const future = run(addArgs({ '--arrival-date': tooFar, '--id-number': '11010519491231002X' }));
      expect(future.code).toBe(2);
      expect(future.stderr).toContain(`${tooFar} is more than 14 days after today (${today})`);
      // a negative test 47 h 59 min before the inspection is valid, 48 h 01 min is not
      expect(run(['checkpoint', 'add', '卡点', '--kind', 'road']).code).toBe(0);
      const ok = JSON.parse(run(['inspect', '--checkpoint', '卡点', '--vehicle', 'A1', '--code', 'green', '--test-result', 'negative', '--test-time', '2022-11-05 12:01', '--time', '2022-11-07 12:00']).stdout);
      const old = JSON.parse(run(['inspect', '--checkpoint', '卡点', '--vehicle', 'A2', '--code', 'green', '--test-result', 'negative', '--test-time', '2022-11-05 11:59', '--time', '2022-11-07 12:00']).stdout);
      expect([ok.anomalies, old.anomalies]).toEqual([[], ['test_expired']]);
      // the audit's times: UTC inside, the office clock with its offset outside
      const audit = JSON.parse(run(['audit', 'list']).stdout) as Array<{ at: string }>;
      for (const a of audit) expect(a.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(audit[0].at.slice(0, 10)).toBe(today);
    });
  }

  it('FANGKONG_TZ and config set timezone choose another office clock; a wrong name is refused', () => {
    const db = initDb(path.join(tmpDir(), 'tz2.db'));
    const bad = runBin(['--db', db, 'config', 'set', 'timezone', 'Mars/Olympus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: Time zone: "Mars/Olympus" is not a time zone (use a name like Asia/Shanghai)\n');
    expect(JSON.parse(runBin(['--db', db, 'config', 'set', 'timezone', 'Asia/Urumqi']).stdout)).toEqual({ key: 'timezone', value: 'Asia/Urumqi' });
    const audit = JSON.parse(runBin(['--db', db, 'audit', 'list']).stdout) as Array<{ at: string }>;
    expect(audit.at(-1)!.at).toMatch(/\+06:00$/);
    const env = JSON.parse(runBin(['--db', db, 'audit', 'list'], { env: { FANGKONG_TZ: 'UTC' } }).stdout) as Array<{ at: string }>;
    expect(env.at(-1)!.at).toMatch(/\+00:00$/);
    const wrong = runBin(['--db', db, 'audit', 'list'], { env: { FANGKONG_TZ: 'Nowhere' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('FANGKONG_TZ "Nowhere" is not a time zone');
  });
});
