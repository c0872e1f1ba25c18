import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addArgs, BIN, makeId, runBin, runMain, tmpDir, initDb, cst } from '../helpers.js';

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
    expect(JSON.parse(json.stdout)).toMatchObject({ schema_version: 1, date: '2022-11-22', unit: '城关县', zero_report: true, arrivals: { new: 0 } });
    expect(json.stdout).not.toMatch(/\u001b\[/);
    const md = bin(['report', 'daily', '--date', '2022-11-22', '--format', 'markdown', '--lang', 'zh']).stdout;
    expect(md).toContain('# 城关县 疫情防控日报（2022-11-22）');
    expect(md).toContain('**零报告：本日无新增来返人员，无新增或解除管控，无核酸阳性，卡点无异常。**');
    const csv = bin(['report', 'daily', '--date', '2022-11-22', '--format', 'csv']).stdout;
    expect(csv).toContain('zero_report,true');
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
      const child = spawn(process.execPath, [BIN, '--db', db, 'report', 'daily', '--date', '2022-11-22', '--out', out], { env: { PATH: process.env.PATH ?? '', HOME: dir } });
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      if (fs.existsSync(out)) expect(JSON.parse(fs.readFileSync(out, 'utf8')).date).toBe('2022-11-22');
    }
    const done = bin(['report', 'daily', '--date', '2022-11-22', '--out', out]);
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
