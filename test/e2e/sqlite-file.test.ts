/**
 * What only an SQLite database has: the file itself. Where it is (--db, FANGKONG_DB, the per-user
 * folder), that only init creates it, owner-only and in WAL mode, that a file which is not a
 * fangkong database (another application's, a newer fangkong's, text, a FIFO) is refused and left
 * byte for byte as it was, and the file backup. These run on SQLite only (vitest.config.ts): on
 * PostgreSQL the same promises are the server's and are tested in test/e2e/postgres-db.test.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { addArgs, initDb, query, runBin, tmpDir } from '../helpers.js';

let dir: string;
let db: string;
const T = ['--today', '2022-11-21'];

beforeEach(() => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'e2e.db'));
});

const bin = (args: string[], opts: Parameters<typeof runBin>[1] = {}) => runBin(['--db', db, ...T, ...args], opts);

describe('database location and init', () => {
  it('db path: --db, else FANGKONG_DB, else the per-user data folder; JSON when piped, the path on screen', () => {
    expect(JSON.parse(runBin(['db', 'path', '--db', '/x/a.db']).stdout)).toEqual({ path: '/x/a.db', source: 'option' });
    expect(JSON.parse(runBin(['db', 'path'], { env: { FANGKONG_DB: '/y/b.db' } }).stdout)).toEqual({ path: '/y/b.db', source: 'env' });
    const home = tmpDir();
    const d = runBin(['db', 'path', '--format', 'table'], { env: { HOME: home, XDG_DATA_HOME: path.join(home, 'data') } });
    expect(d.stdout).toBe(path.join(home, 'data', 'fangkong', 'fangkong.db') + '\n');
    expect(d.stderr).toBe('(from default location)\n');
  });

  it('init creates an owner-only WAL database, and says so when it exists', () => {
    const db = path.join(dir, 'new.db');
    const r = runBin(['init', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: db, created: true, schema_version: LATEST_VERSION });
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(query(db, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(JSON.parse(runBin(['init', '--db', db]).stdout)).toMatchObject({ created: false });
    expect(runBin(['init', '--db', db, '--format', 'table']).stdout).toBe(`database already exists: ${db} (schema version ${LATEST_VERSION})\n`);
  });

  it('only init creates a database: a wrong path (a typo in a cron line) fails loudly and creates nothing', () => {
    const typo = path.join(dir, 'no-such-folder', 'countyy.db');
    for (const [args, env, from] of [
      [['--db', typo, 'report', 'daily', '--date', '2022-11-20'], {}, 'from --db'],
      [['report', 'daily', '--date', '2022-11-20'], { FANGKONG_DB: typo }, 'from FANGKONG_DB'],
    ] as const) {
      const r = runBin([...args], { env: { ...env } });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: no database at ${typo} (${from}): check the path, or create one with fangkong init\n`);
    }
    const zh = runBin(['--db', typo, '--lang', 'zh', 'arrival', 'list']);
    expect(zh.stderr).toBe(`错误：没有数据库：${typo}（来自 --db）。路径有误请改正；新建请运行 fangkong init\n`);
    // the default location too: nothing is made under HOME
    const home = tmpDir();
    const d = runBin(['report', 'daily'], { env: { HOME: home, XDG_DATA_HOME: path.join(home, 'data') } });
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/\(the default location\): check the path, or create one with fangkong init/);
    expect(fs.existsSync(path.join(dir, 'no-such-folder'))).toBe(false);
    expect(fs.readdirSync(home)).toEqual([]);
    // init creates it, and then the report runs
    expect(runBin(['--db', typo, 'init']).code).toBe(0);
    expect(JSON.parse(runBin(['--db', typo, 'report', 'daily', '--date', '2022-11-20']).stdout).zero_report).toBe(true);
  });

  it('an unusable database is exit 1 with one line', () => {
    fs.writeFileSync(db, 'not a database at all, definitely not an sqlite file, just text here');
    const r = bin(['arrival', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/database/);
  });
});

describe('databases fangkong must not change', () => {
  function untouched(file: string, args: string[], message: RegExp) {
    const bytes = fs.readFileSync(file);
    const mode = fs.statSync(file).mode;
    const r = runBin(['--db', file, ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).mode).toBe(mode);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file)) && f !== path.basename(file))).toEqual([]);
  }

  it('another application’s database (rollback journal) is refused and left byte-identical: no switch to WAL, no -wal or -shm', () => {
    const file = path.join(tmpDir(), 'other.db');
    const o = new Database(file);
    o.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    o.close();
    fs.chmodSync(file, 0o644);
    untouched(file, ['arrival', 'list'], /is an SQLite database but not a fangkong one/);
    expect(query(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
  });

  it('a database of a newer fangkong is refused and left byte-identical, its mode too', () => {
    const file = path.join(tmpDir(), 'newer.db');
    const o = new Database(file);
    o.exec('CREATE TABLE arrivals (id)');
    o.pragma(`user_version = ${LATEST_VERSION + 1}`);
    o.close();
    fs.chmodSync(file, 0o644);
    untouched(file, ['report', 'daily'], /written by a newer fangkong/);
  });

  it('a file that is not SQLite at all, and a FIFO given as the database, are refused', () => {
    const dir = tmpDir();
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'just some notes, long enough to fill a header of one hundred bytes '.repeat(3));
    untouched(text, ['arrival', 'list'], /file is not a database/);
    const fifo = path.join(dir, 'fifo.db');
    execFileSync('mkfifo', [fifo]);
    const r = runBin(['--db', fifo, 'arrival', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a regular file/);
  });

  it('an existing database that others could read is made owner-only on open, with a note', () => {
    const file = initDb(path.join(tmpDir(), 'open.db'));
    fs.chmodSync(file, 0o644);
    const r = runBin(['--db', file, 'arrival', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`note: ${file} could be read by others: made readable by its owner only (chmod 600)\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(runBin(['--db', file, 'arrival', 'list']).stderr).toBe('');
  });
});

describe('the file backup', () => {
  it('db backup, check and restore from the command line; backups are owner-only', () => {
    const db = initDb(path.join(dir, 'b.db'));
    runBin(['--db', db, ...addArgs(), '--today', '2022-11-30']);
    const bk = path.join(dir, 'b-backup.db');
    const b = runBin(['--db', db, 'db', 'backup', bk]);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ file: bk, bytes: fs.statSync(bk).size, verified: { integrity: 'ok', rows: { arrivals: 1 }, audit_chain: 'intact' } });
    expect(fs.statSync(bk).mode & 0o777).toBe(0o600);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const c = runBin(['--db', db, 'db', 'check']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: true, integrity: ['ok'], foreign_keys: 0 });
    fs.writeFileSync(path.join(dir, 'junk.db'), 'not a database');
    const bad = runBin(['--db', db, 'db', 'restore', path.join(dir, 'junk.db')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/junk\.db is not a fangkong database/);
    // in a script, a restore needs --yes, and without it nothing changes
    const asked = runBin(['--db', db, 'db', 'restore', bk]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/add --yes to confirm in a script \(nothing was changed\)/);
    const r = runBin(['--db', db, 'db', 'restore', bk, '--yes', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^restored from .*b-backup\\.db \\(1 arrivals\\); the database before it is saved as .*b\\.before-restore-\\d{8}-\\d{6}\\.db\\nchecked: integrity ok, 0 foreign-key problems, schema \\d+, every table's rows as in the backup, audit chain intact \\(\\d+ rows\\)\\n$`));
  });
});
