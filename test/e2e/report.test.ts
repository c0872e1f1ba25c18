import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addArgs, BIN, makeId, query, runBin, runMain, tmpDir, initDb, cst, backendArgs, TEST_BACKEND } from '../helpers.js';

let dir: string;
let db: string;
const bin = (args: string[]) => runBin(['--db', db, ...args]);

beforeEach(async () => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'r.db'));
  expect(bin(['config', 'set', 'unit', '城关县']).code).toBe(0);
});

describe('report daily (spawned, no TTY, as from a nightly script)', () => {
  it('config set/list keeps the unit name', () => {
    expect(JSON.parse(bin(['config', 'list']).stdout)).toEqual({ unit: '城关县' });
    const bad = bin(['config', 'set', 'colour', 'red']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown setting "colour"/);
  });

  it('a zero report says so in every format, never an empty table', () => {
    const json = bin(['report', 'daily', '--date', '2022-11-22']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema_version: 2, date: '2022-11-22', unit: '城关县', zero_report: true, arrivals: { new: 0 } });
    expect(json.stdout).not.toMatch(/\u001b\[/);
    const md = bin(['report', 'daily', '--date', '2022-11-22', '--format', 'markdown', '--lang', 'zh']).stdout;
    expect(md).toContain('# 城关县 疫情防控日报（2022-11-22）');
    expect(md).toContain('**零报告：本日无新增来返人员，无新增或补录管控人员，无待安排隔离点人员，无核酸阳性，卡点无异常，应检核酸均已采样。**');
    const csv = bin(['report', 'daily', '--date', '2022-11-22', '--format', 'csv']).stdout;
    expect(csv).toContain('zero_report,zero report,true');
    const table = bin(['report', 'daily', '--date', '2022-11-22', '--format', 'table']).stdout;
    expect(table).toContain('Zero report: no new arrivals');
    expect(table).not.toMatch(/\u001b\[/);
  });

  it('counts an arrival and is no longer a zero report; the same data gives the same bytes', () => {
    bin([...addArgs(), '--today', '2022-11-22']);
    const a = bin(['report', 'daily', '--date', '2022-11-20']);
    const b = bin(['report', 'daily', '--date', '2022-11-20']);
    expect(JSON.parse(a.stdout)).toMatchObject({ zero_report: false, arrivals: { new: 1, by_transport: { train: 1 } } });
    expect(a.stdout).toBe(b.stdout);
  });

  it('--out writes the file whole; a bad --date is exit 2', () => {
    const out = path.join(dir, 'r.json');
    const r = bin(['report', 'daily', '--date', '2022-11-22', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).date).toBe('2022-11-22');
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const bad = bin(['report', 'daily', '--date', '2022-11-31']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--date "2022-11-31" is not a real date/);
  });

  it('a process killed while writing --out never leaves a partial file', async () => {
    // a day with many arrivals makes the report take a while to produce
    const lines = ['name,id_number,phone,origin,arrival_date,transport,destination'];
    for (let i = 0; i < 2000; i++) lines.push(`人员,${makeId('440305', `19${String(50 + (i % 50)).padStart(2, '0')}0${1 + (i % 9)}1${i % 10}`, String(100 + Math.floor(i / 50)))},13800138000,广东省,2022-11-22,train,城关镇`);
    fs.writeFileSync(path.join(dir, 'many.csv'), lines.join('\n'));
    expect(bin(['--today', '2022-11-22', 'arrival', 'import', path.join(dir, 'many.csv')]).stdout).toMatch(/"inserted": 2000/);
    const out = path.join(dir, 'killed.json');
    for (const delay of [5, 20, 40, 60, 80, 100, 130, 160, 200, 260]) {
      fs.rmSync(out, { force: true });
      const child = spawn(process.execPath, [BIN, ...backendArgs(['--db', db, 'report', 'daily', '--date', '2022-11-22', '--out', out])], { env: { PATH: process.env.PATH ?? '', HOME: dir } });
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      if (fs.existsSync(out)) expect(JSON.parse(fs.readFileSync(out, 'utf8')).date).toBe('2022-11-22');
    }
    const done = bin(['report', 'daily', '--date', '2022-11-22', '--out', out, '--force']);
    expect(done.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).arrivals.new).toBe(2000);
  });

  it('without --date: yesterday before noon, today after, and it says which', async () => {
    const morning = await runMain(['--db', db, 'report', 'daily'], { now: cst(2022, 10, 23, 8, 30) });
    expect(JSON.parse(morning.stdout).date).toBe('2022-11-22');
    expect(morning.stderr).toContain('report date: 2022-11-22 (before noon: yesterday)');
    const evening = await runMain(['--db', db, 'report', 'daily'], { now: cst(2022, 10, 23, 19, 0) });
    expect(JSON.parse(evening.stdout).date).toBe('2022-11-23');
  });
});

describe('report range and merge', () => {
  it('range gives a row a day', () => {
    bin([...addArgs(), '--today', '2022-11-22']);
    const rows = JSON.parse(bin(['report', 'range', '--from', '2022-11-19', '--to', '2022-11-21']).stdout);
    expect(rows.map((r: { date: string; arrivals: number }) => [r.date, r.arrivals])).toEqual([
      ['2022-11-19', 0],
      ['2022-11-20', 1],
      ['2022-11-21', 0],
    ]);
  });

  it('on a terminal the range shows a chart', async () => {
    const r = await runMain(['--db', db, 'report', 'range', '--from', '2022-11-19', '--to', '2022-11-21', '--no-color'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('in centralised quarantine  2022-11-19 → 2022-11-21');
    expect(r.stdout).toMatch(/┼/);
  });

  it('merge adds counties of one date with a column each, and refuses mismatched dates', () => {
    const other = initDb(path.join(dir, 'other.db'));
    runBin(['--db', other, 'config', 'set', 'unit', '河口县']);
    runBin(['--db', other, '--today', '2022-11-22', ...addArgs()]);
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    const c = path.join(dir, 'c.json');
    bin(['report', 'daily', '--date', '2022-11-20', '--out', a]);
    runBin(['--db', other, 'report', 'daily', '--date', '2022-11-20', '--out', b]);
    runBin(['--db', other, 'report', 'daily', '--date', '2022-11-21', '--out', c]);
    const m = runBin(['report', 'merge', a, b, '--unit', '某市']);
    expect(m.code).toBe(0);
    const merged = JSON.parse(m.stdout);
    expect(merged).toMatchObject({ unit: '某市', units: ['城关县', '河口县'], date: '2022-11-20', zero_report: false, arrivals: { new: 1 } });
    const md = runBin(['report', 'merge', a, b, '--unit', '某市', '--format', 'markdown', '--lang', 'zh']).stdout;
    expect(md).toContain('| 项目 | 城关县 | 河口县 | 某市 |');
    expect(md).toContain('| 新增来返人员 | 0 | 1 | 1 |');
    const bad = runBin(['report', 'merge', a, c]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/河口县's report is for 2022-11-21, not 2022-11-20/);
    fs.writeFileSync(path.join(dir, 'junk.json'), '{"hello": 1}');
    expect(runBin(['report', 'merge', a, path.join(dir, 'junk.json')]).stderr).toMatch(/is not a fangkong daily report/);
  });
});

describe('the report as issued (spawned, as from a nightly script)', () => {
  it('--out and --record keep the exact bytes; history lists them; a later registration is said on stderr and named by diff', () => {
    const out = path.join(dir, '2022-11-20.md');
    const wrote = bin(['--actor', 'desk1', 'report', 'daily', '--date', '2022-11-20', '--format', 'markdown', '--out', out]);
    expect(wrote.code).toBe(0);
    // on PostgreSQL the audit log names the database user, and a note says so (the report's own record keeps --actor)
    const note = TEST_BACKEND === 'postgres' ? 'note: on PostgreSQL the audit log names the database user \\(tester\\), not --actor\\n' : '';
    expect(wrote.stderr).toMatch(new RegExp(`^${note}wrote .*2022-11-20\\.md\\nkept as issued: #1 \\(sha256 [0-9a-f]{12}…\\)\\n$`));
    const printed = bin(['report', 'daily', '--date', '2022-11-20', '--record']);
    expect(printed.stderr).toMatch(/^kept as issued: #2 /);
    const rows = query<{ id: number; date: string; unit: string; actor: string; format: string; file: string | null; sha256: string; content: Buffer }>(db, 'SELECT * FROM issued_reports ORDER BY id');
    expect(rows.map((r) => [r.id, r.date, r.unit, r.actor, r.format, r.file])).toEqual([
      [1, '2022-11-20', '城关县', 'desk1', 'markdown', out],
      [2, '2022-11-20', '城关县', os.userInfo().username, 'json', null],
    ]);
    expect(rows[0].content.toString('utf8')).toBe(fs.readFileSync(out, 'utf8'));
    expect(rows[1].content.toString('utf8')).toBe(printed.stdout);
    expect(rows[1].sha256).toBe(createHash('sha256').update(printed.stdout).digest('hex'));
    // without --out or --record nothing is kept, and nothing has changed
    const again = bin(['report', 'daily', '--date', '2022-11-20']);
    expect(again.stderr).toBe('');
    expect(query(db, 'SELECT id FROM issued_reports')).toHaveLength(2);
    const history = JSON.parse(bin(['report', 'history']).stdout);
    expect(history.map((h: { id: number; bytes: number }) => [h.id, h.bytes])).toEqual([
      [2, Buffer.byteLength(printed.stdout)],
      [1, fs.statSync(out).size],
    ]);

    // registered on 11-23 for an arrival on 11-20: late, and the issued day now differs
    expect(bin([...addArgs(), '--today', '2022-11-23']).code).toBe(0);
    const late = bin(['report', 'daily', '--date', '2022-11-20']);
    expect(late.stderr).toMatch(/note: the report of 2022-11-20 was issued at .* \(#2\); \d+ figure\(s\) have changed since: fangkong report diff --date 2022-11-20/);
    const diff = bin(['report', 'diff', '--date', '2022-11-20']);
    expect(diff.code).toBe(0);
    const d = JSON.parse(diff.stdout);
    expect(d.issue.id).toBe(2);
    expect(d.changes).toEqual(expect.arrayContaining([{ key: 'arrivals.new', issued: 0, now: 1 }, { key: 'zero_report', issued: true, now: false }]));
    expect(d.causes).toEqual([expect.objectContaining({ kind: 'registration', record: 'arrival:1', arrival: expect.objectContaining({ name: '张三', id_number: '110105********002X', arrival_date: '2022-11-20', late: true }) })]);
    const md = bin(['report', 'diff', '--date', '2022-11-20', '--issue', '1', '--format', 'markdown', '--lang', 'zh']).stdout;
    expect(md).toContain('| 新增来返人员 | 0 | 1 | +1 |');
    expect(md).toMatch(/\| arrival:1 \| 登记 \| 张三（报备 1，抵达 2022-11-20，\d{4}-\d\d-\d\d \d\d:\d\d 登记，补报） \|/);
    const none = bin(['report', 'diff', '--date', '2022-11-21']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no report of 2022-11-21 was issued for 城关县/);
  });

  it('--format html writes one page, kept as issued like any other', () => {
    const out = path.join(dir, '日报.html');
    const r = bin(['report', 'daily', '--date', '2022-11-20', '--out', out]);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>城关县 daily epidemic-prevention report (2022-11-20)</h1>');
    expect(query<{ format: string }>(db, 'SELECT format FROM issued_reports')).toEqual([{ format: 'html' }]);
  });
});
