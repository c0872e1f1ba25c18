/**
 * Issue 23, points 1 and 5: nothing fangkong writes can destroy what it keeps or reads. The one
 * writer (io/files.ts, its rule in io/kept.ts) never replaces the database in use (or its -wal,
 * -shm), an input of the command, anything but a regular file or a new name, nor an existing file
 * without --force; and nothing a killed process held is left readable (standard input's copy, a
 * partial backup beside the database). Each case: exit code, message, and the files after, byte
 * for byte. SQLite only (vitest.config.ts): the database here is a file.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, initDb, makeId, NO_CONFIG, query, runBin, tmpDir, VALID } from '../helpers.js';

const HEADER = 'name,id_number,phone,origin,arrival_date,transport,destination';
const good = `张三,${VALID.id},13800138000,广东省,2022-11-20,train,城关镇`;
const bad = `李四,${makeId('440305', '19800101', '123')},13912345678,广东省,2022-12-31,train,城关镇`;

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

let dir: string;
let db: string;
let csv: string;
beforeEach(() => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'fangkong.db'));
  // a register to lose: one arrival already in it
  expect(runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'import', writeCsv('first.csv', [HEADER, good])]).code).toBe(0);
  csv = writeCsv('x.csv', [HEADER, good.replace('2022-11-20', '2022-11-21'), bad]);
});

function writeCsv(name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

/** The database as it is: its bytes, and what a reader sees in it. */
function snapshot() {
  return { bytes: sha(db), arrivals: query(db, 'SELECT count(*) n FROM arrivals'), audit: query(db, 'SELECT count(*) n FROM audit_log') };
}

const importArgs = (...extra: string[]) => ['--db', db, '--today', '2022-11-30', 'arrival', 'import', csv, '--skip-invalid', ...extra];

describe('the one writer never replaces what the tool keeps or reads (issue 23.1)', () => {
  it('--rejects naming the database in use: exit 2, the register whole, nothing written', () => {
    const before = snapshot();
    const r = runBin(importArgs('--rejects', db));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe(`error: ${db} is the database in use: fangkong never writes over it; choose another file name (nothing was written)`);
    expect(snapshot()).toEqual(before);
    expect(runBin(['--db', db, 'db', 'check']).code).toBe(0);
  });

  it('--rejects naming the database by another path (./, a symlink, its -wal, its -shm): refused each time', () => {
    const link = path.join(dir, 'link.db');
    fs.symlinkSync(db, link);
    const before = snapshot();
    for (const target of [`./${path.relative(process.cwd(), db)}`, link, `${db}-wal`, `${db}-shm`]) {
      const r = runBin(importArgs('--rejects', target));
      expect(r.code, target).toBe(2);
      expect(r.stderr).toMatch(/is the database in use: fangkong never writes over it/);
    }
    expect(snapshot()).toEqual(before);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('--rejects naming the input file itself: exit 2, the input untouched, no row written', () => {
    const before = snapshot();
    const input = sha(csv);
    const r = runBin(importArgs('--rejects', csv));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe(`error: ${csv} is a file this command reads: fangkong never writes over it; choose another file name (nothing was written)`);
    expect(sha(csv)).toBe(input);
    expect(snapshot()).toEqual(before);
  });

  it('--out naming the database, even with --force: exit 2, the database whole', () => {
    const before = snapshot();
    const r = runBin(['--db', db, 'arrival', 'list', '--out', db, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${db} is the database in use: fangkong never writes over it; choose another file name (nothing was written)\n`);
    expect(snapshot()).toEqual(before);
  });

  it("--out or --rejects naming the database's pseudonym key file, even with --force: exit 2, the key as it was", () => {
    const key = `${db}.key`;
    const was = sha(key);
    for (const args of [['--db', db, 'arrival', 'list', '--out', key, '--force'], importArgs('--rejects', key, '--force')]) {
      const r = runBin(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n').pop()).toBe(`error: ${key} is the database's pseudonym key file: fangkong never writes over it; choose another file name (nothing was written)`);
    }
    expect(sha(key)).toBe(was);
  });

  it('an export over the database with --force: refused, nothing written', () => {
    const before = snapshot();
    const r = runBin(['--db', db, 'arrival', 'export', '--out', db, '--force']);
    expect(r.code).toBe(2);
    expect(snapshot()).toEqual(before);
  });

  it('--out naming a device or a FIFO, with --force: refused, the node still what it was', () => {
    const fifo = path.join(dir, 'pipe');
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(spawnSyncOk('mkfifo', [fifo])).toBe(true);
    for (const [target, what] of [['/dev/null', 'a device'], [fifo, 'a named pipe'], [path.join(dir, 'sub'), 'a folder']] as const) {
      const r = runBin(['--db', db, 'arrival', 'list', '--out', target, '--force']);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toBe(`error: ${target} exists and is not a regular file (${what}): fangkong writes only a regular file or a new name; choose another file name (nothing was written)\n`);
    }
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual([]);
  });

  it('--rejects onto a device, with --force: refused before any row is written', () => {
    const before = snapshot();
    const r = runBin(importArgs('--rejects', '/dev/null', '--force'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/dev\/null exists and is not a regular file \(a device\)/);
    expect(snapshot()).toEqual(before);
  });

  it('an existing rejects file (named, or the default one) is kept without --force, and replaced with it', () => {
    const named = path.join(dir, 'old-rejects.csv');
    fs.writeFileSync(named, 'yesterday\n');
    const byDefault = path.join(dir, 'x.rejects.csv');
    fs.writeFileSync(byDefault, 'yesterday\n');
    const before = snapshot();
    for (const extra of [['--rejects', named], []]) {
      const r = runBin(importArgs(...extra));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rejects\.csv exists: add --force to replace it, or choose another name \(nothing was done\)\n$/);
    }
    expect(fs.readFileSync(named, 'utf8')).toBe('yesterday\n');
    expect(fs.readFileSync(byDefault, 'utf8')).toBe('yesterday\n');
    expect(snapshot()).toEqual(before);
    const r = runBin(importArgs('--rejects', named, '--force'));
    expect(r.code, r.stderr).toBe(3);
    expect(fs.readFileSync(named, 'utf8')).toMatch(/^\uFEFF?row,/);
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 2 }]);
  });

  it('each refusal is one line in Chinese with --lang zh', () => {
    const existing = path.join(dir, 'old.csv');
    fs.writeFileSync(existing, 'x');
    const zh = (...extra: string[]) => runBin(['--lang', 'zh', ...importArgs(...extra)]).stderr;
    expect(zh('--rejects', db)).toBe(`错误：${db} 是正在使用的数据库：不能写入覆盖，请换一个文件名（未写入任何内容）\n`);
    expect(zh('--rejects', csv)).toBe(`错误：${csv} 是本命令读取的文件：不能写入覆盖，请换一个文件名（未写入任何内容）\n`);
    expect(zh('--rejects', '/dev/null')).toBe('错误：/dev/null 已存在且不是普通文件（设备）：只能写入普通文件或新文件名，请换一个文件名（未写入任何内容）\n');
    expect(zh('--rejects', existing)).toBe(`错误：${existing} 已存在：加 --force 覆盖，或换一个文件名（未做任何更改）\n`);
  });

  it('a new rejects file is written as before: owner-only, the good rows in, exit 3', () => {
    const r = runBin(importArgs());
    expect(r.code, r.stderr).toBe(3);
    const rejects = path.join(dir, 'x.rejects.csv');
    expect(fs.statSync(rejects).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(rejects, 'utf8')).toContain('李四');
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 2 }]);
  });
});

function spawnSyncOk(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args).status === 0;
}

describe('nothing a killed process held is left readable (issue 23.5)', () => {
  const stdinFiles = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('fangkong-stdin-'));

  it('SIGKILL during an import from standard input leaves no copy of it in TMPDIR', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-tmpdir-'));
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) lines.push(`人员${i},${makeId('440305', '19900101', String(100 + (i % 800)).padStart(3, '0'))},138${String(i).padStart(8, '0')},广东省,2022-11-20,train,城关镇`);
    for (const delay of [400, 900, 1600]) {
      const child = spawn(process.execPath, [BIN, '--db', db, '--today', '2022-11-30', 'arrival', 'import', '-', '--skip-invalid', '--rejects', path.join(dir, `r${delay}.csv`)], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C', FANGKONG_CONFIG: NO_CONFIG, TMPDIR: tmp },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      const closed = new Promise((r) => child.on('close', r));
      child.stdin.on('error', () => {}); // killed before it read all of it
      child.stdin.end(lines.join('\n') + '\n');
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      expect(fs.readdirSync(tmp), `killed after ${delay} ms`).toEqual([]);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('an import from standard input leaves nothing in TMPDIR, and reads it whole', () => {
    const before = stdinFiles();
    const r = runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'import', '-'], { input: [HEADER, good.replace('张三', '王五')].join('\n') + '\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: '-', read: 1 });
    expect(stdinFiles()).toEqual(before);
  });

  it('a partial backup a killed process left beside the database is removed by the next command; one of a live process is kept', () => {
    // a process id that is not running now: a child that has exited
    const dead = spawnPid();
    const stale = path.join(dir, `.backup.db.${'a'.repeat(24)}.p${dead}.tmp`);
    const staleJournal = `${stale}-journal`;
    const live = path.join(dir, `.backup.db.${'b'.repeat(24)}.p${process.pid}.tmp`);
    const other = path.join(dir, '.notes.tmp');
    for (const f of [stale, staleJournal, live, other]) fs.writeFileSync(f, 'SQLite format 3\0 110105194912310021', { mode: 0o600 });
    const r = runBin(['--db', db, 'arrival', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(staleJournal)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });
});

function spawnPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}
