/**
 * Issue 23, points 3, 4 and 14: what openStore takes for a fangkong database.
 *   - an empty file (no byte, or an SQLite header and no table) becomes a database only by `init`;
 *   - fangkong's files carry PRAGMA application_id (APPLICATION_ID), set by init and by the
 *     migration; a file with another application's id, or with a user_version of 1…13 and no id
 *     but not the tables of a fangkong of that version, is refused before anything is written
 *     (not made 0600, no -wal or -shm, not one byte changed);
 *   - a database an older fangkong left (no id) opens, is migrated and marked;
 *   - twelve processes opening an old-schema database at once all succeed (the version read again
 *     under the write lock).
 * SQLite only (vitest.config.ts): these are files.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/domain/errors.js';
import { APPLICATION_ID, openStore } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { BIN, NO_CONFIG, runBin, tmpDir, VALID } from '../helpers.js';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const appIdOf = (f: string) => fs.readFileSync(f).readInt32BE(68);

/** A file as it is: bytes, mode, and which files are beside it. */
function state(file: string) {
  const dir = path.dirname(file);
  return { bytes: sha(file), mode: fs.statSync(file).mode & 0o777, beside: fs.readdirSync(dir).sort() };
}

/** An SQLite file of another application: one table of its own, this user_version, world-readable. */
function foreign(dir: string, version: number, opts: { wal?: boolean; appId?: number; table?: string } = {}): string {
  const file = path.join(dir, `other-${version}-${opts.wal ? 'wal' : 'rollback'}-${opts.appId ?? 0}.db`);
  const db = new Database(file);
  if (opts.wal) db.pragma('journal_mode = WAL');
  db.exec(opts.table ?? 'CREATE TABLE arrivals (id INTEGER PRIMARY KEY, passenger TEXT, seat TEXT)');
  db.prepare('INSERT INTO arrivals (passenger, seat) VALUES (?, ?)').run('Ms Li', '12A');
  db.pragma(`user_version = ${version}`);
  if (opts.appId) db.pragma(`application_id = ${opts.appId}`);
  db.close();
  fs.chmodSync(file, 0o644);
  return file;
}

/** A database as an older fangkong left it at `version`: its migrations only, no application_id. */
function older(dir: string, version: number): string {
  const file = path.join(dir, `fangkong-v${version}.db`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  applyMigrations(db, version);
  db.close();
  return file;
}

describe('an empty file is made a database only by init (issue 23.3)', () => {
  it('a zero-byte --db: every other command refuses it, exit 1, the file still empty, nothing beside it', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'empty.db');
    fs.writeFileSync(file, '');
    for (const args of [['report', 'daily', '--date', '2022-11-30'], ['arrival', 'list'], ['db', 'check'], ['arrival', 'add', '--name', '张三', '--id-number', VALID.id, '--phone', VALID.phone, '--origin', '北京市', '--arrival-date', '2022-11-20', '--transport', 'car', '--destination', '城关镇']]) {
      const r = runBin(['--db', file, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: ${file} is an empty file, not a fangkong database: nothing was written to it (to make a new database in it, run fangkong init)\n`);
    }
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['empty.db']);
    expect(() => openStore(file, { create: false })).toThrow(StoreError);
  });

  it('in Chinese with --lang zh: the empty file and another application\'s file, one line each', () => {
    const dir = tmpDir();
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    expect(runBin(['--lang', 'zh', '--db', empty, 'arrival', 'list']).stderr).toBe(`错误：${empty} 是空文件，不是 fangkong 数据库：未写入任何内容（要在其中新建数据库，请运行 fangkong init）\n`);
    const other = foreign(dir, 5);
    expect(runBin(['--lang', 'zh', '--db', other, 'arrival', 'list']).stderr).toBe(`错误：${other} 是 SQLite 数据库，但不是 fangkong 的：请用 --db 给出另一个文件\n`);
  });

  it('an SQLite file with no table is empty too; init makes a database in either, marked as fangkong’s', () => {
    const dir = tmpDir();
    const bare = path.join(dir, 'bare.db');
    new Database(bare).pragma('user_version = 0');
    const before = state(bare);
    expect(runBin(['--db', bare, 'arrival', 'list']).code).toBe(1);
    expect(state(bare)).toEqual(before);
    const zero = path.join(dir, 'zero.db');
    fs.writeFileSync(zero, '');
    for (const f of [bare, zero]) {
      const r = runBin(['--db', f, 'init']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ created: true, schema_version: LATEST_VERSION });
      expect(appIdOf(f)).toBe(APPLICATION_ID);
      expect(runBin(['--db', f, 'arrival', 'list']).code).toBe(0);
    }
  });
});

describe('application_id tells fangkong’s files from others (issue 23.4)', () => {
  for (const version of [1, 5, 13, LATEST_VERSION]) {
    for (const wal of [false, true]) {
      it(`another application's SQLite file at user_version ${version} (${wal ? 'WAL' : 'rollback journal'}): refused, not one byte, mode or file beside it changed`, () => {
        const dir = tmpDir();
        const file = foreign(dir, version, { wal });
        const before = state(file);
        const r = runBin(['--db', file, 'report', 'daily', '--date', '2022-11-30']);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(`error: ${file} is an SQLite database but not a fangkong one: give another file with --db\n`);
        expect(state(file)).toEqual(before);
        expect(() => openStore(file)).toThrow(/not a fangkong one/);
        expect(state(file)).toEqual(before);
      });
    }
  }

  it('a file with fangkong’s tables but another application’s id: refused', () => {
    const dir = tmpDir();
    const file = older(dir, LATEST_VERSION);
    const db = new Database(file);
    db.pragma('application_id = 1234');
    db.close();
    const before = state(file);
    expect(runBin(['--db', file, 'arrival', 'list']).stderr).toMatch(/is an SQLite database but not a fangkong one/);
    expect(state(file)).toEqual(before);
  });

  it('a file at user_version 5 with fangkong’s tables but one column missing: refused (another application’s look-alike)', () => {
    const dir = tmpDir();
    const file = older(dir, 5);
    const db = new Database(file);
    db.exec('ALTER TABLE arrivals DROP COLUMN vehicle');
    db.close();
    const before = state(file);
    expect(runBin(['--db', file, 'arrival', 'list']).stderr).toMatch(/is an SQLite database but not a fangkong one/);
    expect(state(file)).toEqual(before);
  });

  it('init and every command after mark the file; the mark survives a backup', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'new.db');
    expect(runBin(['--db', file, 'init']).code).toBe(0);
    expect(appIdOf(file)).toBe(APPLICATION_ID);
    const backup = path.join(dir, 'b.db');
    expect(runBin(['--db', file, 'db', 'backup', backup]).code).toBe(0);
    expect(appIdOf(backup)).toBe(APPLICATION_ID);
  });

  for (let version = 1; version <= LATEST_VERSION; version++) {
    it(`a database an older fangkong left at version ${version} (no id): opens, migrated to ${LATEST_VERSION} and marked`, () => {
      const dir = tmpDir();
      const file = older(dir, version);
      expect(appIdOf(file)).toBe(0);
      const r = runBin(['--db', file, 'db', 'check']);
      expect(r.code, r.stderr).toBe(0);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      db.close();
    });
  }
});

describe('many desks opening an old-schema database at once (issue 23.14)', () => {
  it('twelve processes at once on a version-1 database: all succeed, migrated once, the data whole', async () => {
    const dir = tmpDir();
    const file = older(dir, 1);
    const db = new Database(file);
    db.prepare("INSERT INTO arrivals (name, id_number, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES ('张三', ?, '13800138000', '北京市', '2022-11-20', 'car', '城关镇', '2022-11-20T08:00:00+08:00', 'clerk')").run(VALID.id);
    db.close();
    const runs = Array.from({ length: 12 }, () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--db', file, 'arrival', 'list', '--format', 'json'], { env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C', FANGKONG_CONFIG: NO_CONFIG } });
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c));
        child.on('close', (code) => resolve({ code, stderr }));
      }),
    );
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(after.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(after.prepare('SELECT name FROM arrivals').pluck().all()).toEqual(['张三']);
    after.close();
  }, 60_000);
});
