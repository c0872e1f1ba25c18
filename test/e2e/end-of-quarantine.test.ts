/**
 * Issue 24, points 7 and 8, from the command line (bin/fangkong spawned, checked by stdout,
 * stderr, exit code and the database after), under TZ=UTC, Asia/Shanghai and America/Los_Angeles:
 * `quarantine end --all` — a dry run on a terminal unless --yes, --yes needed in a script,
 * refused on a day the rules still give measures, the outcome "ended by rule"; a new measure
 * after it refused in one line naming the rule; the checkpoint lets the person through from
 * 2023-01-08; `test review --decision transferred` ends the measure as 转运; the report counts both.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addArgs, initDb, makeId, query, runBin, tmpDir, VALID } from '../helpers.js';
import { onTerminal } from '../pty.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];
let db: string;

beforeEach(() => {
  db = initDb(path.join(tmpDir(), 'e.db'));
});

describe('quarantine end --all (spawned)', () => {
  for (const TZ of ZONES) {
    it(`${TZ}: refused on 01-07, a script needs --yes, --yes ends them by rule on 01-08; then no new measure, no stop`, () => {
      const bin = (today: string, args: string[]) => runBin(['--db', db, '--today', today, ...args], { env: { TZ } });
      expect(bin('2023-01-05', [...addArgs({ '--arrival-date': '2023-01-05' })]).code).toBe(0);
      expect(bin('2023-01-05', ['site', 'add', '党校', '--capacity', '2']).code).toBe(0);
      expect(bin('2023-01-05', ['quarantine', 'assign', VALID.id, '--policy', 'inbound-5+3', '--site', '党校']).code).toBe(0);

      const day7 = bin('2023-01-07', ['--lang', 'zh', 'quarantine', 'end', '--all', '--date', '2023-01-07', '--reason', '乙类乙管', '--yes']);
      expect(day7.code).toBe(2);
      expect(day7.stderr).toBe('错误：2023-01-07 规则表仍有管控措施（close → close-contact-home-5）：quarantine end --all 只用于规定不再实施任何管控措施之日（规则表自 2023-01-08 起终止全部措施）；未做任何更改\n');

      // in a script, without --yes: nothing done, said in one line
      const script = bin('2023-01-08', ['--lang', 'zh', 'quarantine', 'end', '--all', '--reason', '乙类乙管']);
      expect(script.code).toBe(2);
      expect(script.stderr).toBe('错误：脚本中请加 --yes 执行终止，或加 --dry-run 只列出（未做任何更改）\n');
      expect(bin('2023-01-08', ['quarantine', 'end', '--reason', 'x', '--yes']).code).toBe(2);

      const dry = bin('2023-01-08', ['quarantine', 'end', '--all', '--reason', '乙类乙管', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ date: '2023-01-08', dry_run: true, ended: [{ policy: 'inbound-5+3', planned_release_date: '2023-01-13', released_on: '2023-01-08' }] });
      expect(query(db, 'SELECT status, end_kind FROM measures')).toEqual([{ status: 'active', end_kind: null }]);

      const done = bin('2023-01-08', ['quarantine', 'end', '--all', '--date', '2023-01-08', '--reason', '乙类乙管', '--yes']);
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ dry_run: false, rule: { from: '2023-01-08' }, ended: [{ released_on: '2023-01-08' }] });
      expect(query(db, 'SELECT status, end_kind, released_on FROM measures')).toEqual([{ status: 'released', end_kind: 'rule', released_on: '2023-01-08' }]);
      expect(query(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'measure.end'")).toEqual([{ n: 1 }]);

      const show = bin('2023-01-08', ['--lang', 'zh', '--format', 'table', 'quarantine', 'show', VALID.id]);
      expect(show.stdout).toContain('（按规定终止）');
      expect(show.stdout).toContain('终止日期：2023-01-08（乙类乙管 (2023-01-08: Class B management: no quarantine measures)；原定 2023-01-13）');

      const report = JSON.parse(bin('2023-01-08', ['report', 'daily', '--date', '2023-01-08', '--format', 'json']).stdout);
      expect(report.measures.centralized).toMatchObject({ active: 0, ended_by_rule: 1, released: 0, transferred: 0 });
      const table = bin('2023-01-08', ['--lang', 'zh', '--format', 'table', 'report', 'daily', '--date', '2023-01-08']).stdout;
      expect(table).toMatch(/转运.*按规定终止/);

      // a new measure: refused, one line naming the rule
      expect(bin('2023-01-08', addArgs({ '--id-number': makeId('440305', '19900101', '123'), '--name': '李四', '--arrival-date': '2023-01-08' })).code).toBe(0);
      const late = bin('2023-01-08', ['--lang', 'zh', 'quarantine', 'assign', '2', '--policy', 'inbound-5+3']);
      expect(late.code).toBe(2);
      expect(late.stderr).toBe('错误：自 2023-01-08 起不再实施管控措施（Class B management: no quarantine measures）：该措施开始于 2023-01-08，不能分配新措施；未写入\n');
      const pending = bin('2023-01-09', ['quarantine', 'assign', '--pending']);
      expect(pending.code).toBe(2);
      expect(pending.stderr).toMatch(/^error: no new measure from 2023-01-08 \(Class B management: no quarantine measures\): assigned on 2023-01-09; nothing was written\n$/);
      expect(query(db, 'SELECT count(*) AS n FROM measures')).toEqual([{ n: 1 }]);
    });
  }

  it('on a terminal, a dry run unless --yes, and it says how to go on', () => {
    expect(runBin(['--db', db, '--today', '2023-01-04', ...addArgs({ '--arrival-date': '2023-01-04' })]).code).toBe(0);
    expect(runBin(['--db', db, '--today', '2023-01-04', 'quarantine', 'assign', VALID.id, '--policy', 'close-contact-home-5', '--start', '2023-01-04']).code).toBe(0);
    const t = onTerminal(['--db', db, '--today', '2023-01-08', '--lang', 'zh', '--no-pager', 'quarantine', 'end', '--all', '--reason', '乙类乙管'], { TZ: 'America/Los_Angeles' });
    expect(t.code).toBe(0);
    expect(t.screen).toContain('试运行（未写入）：1 项在管措施将于 2023-01-08 按规定终止（依据：2023-01-08 Class B management: no quarantine measures）；确认无误后加 --yes 执行');
    expect(query(db, 'SELECT status FROM measures')).toEqual([{ status: 'active' }]);
  });
});

describe('test review --decision transferred (spawned)', () => {
  for (const TZ of ZONES) {
    it(`${TZ}: the measure ends that day as 转运, the bed is freed, no test due, the report counts it`, () => {
      const bin = (today: string, args: string[]) => runBin(['--db', db, '--today', today, ...args], { env: { TZ } });
      expect(bin('2022-11-20', addArgs({ '--arrival-date': '2022-11-20', '--contact': 'close', '--exposure-date': '2022-11-19' })).code).toBe(0);
      expect(bin('2022-11-20', ['site', 'add', '党校', '--capacity', '1']).code).toBe(0);
      expect(bin('2022-11-20', ['quarantine', 'assign', VALID.id, '--site', '党校']).code).toBe(0);
      expect(bin('2022-11-22', ['test', 'record', VALID.id, '--date', '2022-11-22', '--result', 'positive']).code).toBe(0);
      const r = bin('2022-11-22', ['--lang', 'zh', '--format', 'table', 'test', 'review', VALID.id, '--decision', 'transferred', '--note', '转运至县人民医院']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/阳性：已转运（转运至县人民医院）；措施 1 于 2022-11-22 以转运结束（床位释放，不再应检）/);
      expect(query(db, 'SELECT status, end_kind, released_on FROM measures')).toEqual([{ status: 'released', end_kind: 'transferred', released_on: '2022-11-22' }]);
      const sites = (d: string) => JSON.parse(bin(d, ['site', 'list', '--date', d, '--format', 'json']).stdout);
      expect(sites('2022-11-21')).toMatchObject([{ name: '党校', occupied: 1 }]);
      expect(sites('2022-11-22')).toMatchObject([{ name: '党校', occupied: 0 }]);
      const day = (d: string) => JSON.parse(bin(d, ['report', 'daily', '--date', d, '--format', 'json']).stdout);
      expect(day('2022-11-22').measures.centralized).toMatchObject({ active: 0, transferred: 1, released: 0, cancelled: 0 });
      // the tests of 11-24 and after are not due: the zero report is back
      expect(day('2022-11-24')).toMatchObject({ zero_report: true, tests: { due: 0, missing: 0 } });
      const show = bin('2022-11-22', ['--lang', 'zh', '--format', 'table', 'quarantine', 'show', VALID.id]).stdout;
      expect(show).toContain('（已转运）');
      expect(show).toContain('转运日期：2022-11-22（转运至县人民医院；原定 2022-11-28）');
    });
  }
});
