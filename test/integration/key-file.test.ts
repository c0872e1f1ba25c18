/**
 * Issue 23, point 10: the pseudonym key out of the SQLite database file — a key file beside it
 * (or the one FANGKONG_KEY_FILE names), owner-only, never in the file nor its backups; the
 * databases that had it inside (schema 13) give it to the key file without ever losing it.
 * SQLite only (vitest.config.ts): on PostgreSQL the key is the server's, the admin role's alone
 * (test/integration/pg-roles.test.ts, test/e2e/purge-complete.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { pseudonym } from '../../src/domain/keyed.js';
import { openStore } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';

/** Where a file stops when the key-file migration cannot run: the migrations before it are each committed. */
const BEFORE_KEY_FILE = MIGRATIONS.find((m) => m.name === 'key-file')!.version - 1;
import { addArgs, runBin, tmpDir } from '../helpers.js';

const ID = '11010519491231002X';

/** A database as fangkong 13 left it: the pseudonym key in the keys table, and a person it purged (their pseudonym made with that key). */
function version13(file: string): Buffer {
  const db = new Database(file);
  try {
    applyMigrations(db, 13);
    const key = db.prepare("SELECT value FROM keys WHERE name = 'pseudonym'").pluck().get() as Buffer;
    db.prepare(
      "INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by, purged_at) VALUES (?, '（已清除）', '00000000000', '北京市', '2022-10-01', 'train', '城关镇', '城关镇', 'none', '2022-10-01T09:00:00', 'clerk', '2022-11-01T09:00:00')",
    ).run(pseudonym(key, ID));
    return key;
  } finally {
    db.close();
  }
}

const keysIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return { version: db.pragma('user_version', { simple: true }) as number, names: db.prepare('SELECT name FROM keys ORDER BY name').pluck().all() as string[] };
  } finally {
    db.close();
  }
};
const keyOf = (file: string) => Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');

describe('the pseudonym key file', () => {
  it('a new database: the key in a key file beside it, owner-only; the file holds only the audit key', () => {
    const file = path.join(tmpDir(), 'new.db');
    const r = runBin(['--db', file, 'init']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(`${file}.key`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(keysIn(file)).toEqual({ version: LATEST_VERSION, names: ['audit'] });
    // the key is nowhere in the database file (grep -a of its bytes)
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(keyOf(`${file}.key`))).toBe(false);
  });

  it('a schema-13 database gives its key to the key file (the same key), and a purged person stays one person', () => {
    const file = path.join(tmpDir(), 'v13.db');
    const key = version13(file);
    expect(fs.existsSync(`${file}.key`)).toBe(false);
    // registered again, and purged again with the new fangkong: the same pseudonym as before
    expect(runBin(['--db', file, '--today', '2022-11-30', ...addArgs({ '--id-number': ID, '--arrival-date': '2022-11-01' })]).code).toBe(0);
    expect(keysIn(file)).toEqual({ version: LATEST_VERSION, names: ['audit'] });
    expect(keyOf(`${file}.key`).equals(key)).toBe(true);
    expect(fs.statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    // gone from the file's bytes too, not only from the table
    expect(fs.readFileSync(file).includes(key)).toBe(false);
    const p = runBin(['--db', file, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes']);
    expect(p.code, p.stderr).toBe(0);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT DISTINCT id_number FROM arrivals').pluck().all()).toEqual([pseudonym(key, ID)]);
    db.close();
  });

  it('the key file cannot be written: the migration stops, the key stays in the database, nothing changed', () => {
    const file = path.join(tmpDir(), 'v13.db');
    version13(file);
    fs.mkdirSync(`${file}.key`);
    const r = runBin(['--db', file, 'arrival', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: the pseudonym key file ${file}.key is not a regular file\n`);
    expect(keysIn(file)).toEqual({ version: BEFORE_KEY_FILE, names: ['audit', 'pseudonym'] });
  });

  it('a key file holding another database’s key: refused where this database has purged people (nothing changed), taken by a new one', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'v13.db');
    version13(file);
    const other = path.join(dir, 'office.key');
    fs.writeFileSync(other, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const r = runBin(['--db', file, 'arrival', 'list'], { env: { FANGKONG_KEY_FILE: other } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: the key file ${other} holds another database's pseudonym key, and this database has purged people under its own: give its key file with FANGKONG_KEY_FILE\n`);
    expect(keysIn(file)).toEqual({ version: BEFORE_KEY_FILE, names: ['audit', 'pseudonym'] });
    expect(fs.readFileSync(other, 'utf8')).toBe(`${'ab'.repeat(32)}\n`);
    // a new database under the office's key file takes that key, and leaves nothing beside itself
    const fresh = path.join(dir, 'fresh.db');
    expect(runBin(['--db', fresh, 'init'], { env: { FANGKONG_KEY_FILE: other } }).code).toBe(0);
    expect(keysIn(fresh).names).toEqual(['audit']);
    expect(fs.existsSync(`${fresh}.key`)).toBe(false);
    const s = openStore(fresh, { keyFile: other });
    expect(s.keys.get('pseudonym').toString('hex')).toBe('ab'.repeat(32));
    s.close();
  });

  it('the key file missing: a purge fails in one line and changes nothing (a dry run needs no key)', () => {
    const file = path.join(tmpDir(), 'p.db');
    expect(runBin(['--db', file, 'init']).code).toBe(0);
    expect(runBin(['--db', file, '--today', '2022-11-30', ...addArgs({ '--id-number': ID, '--arrival-date': '2022-11-01' })]).code).toBe(0);
    fs.renameSync(`${file}.key`, `${file}.key.away`);
    const dry = runBin(['--db', file, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const p = runBin(['--db', file, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes']);
    expect(p.code).toBe(1);
    expect(p.stderr).toBe(
      `error: the pseudonym key file ${file}.key is missing: put back its copy (kept apart from the database's backups) or give it with FANGKONG_KEY_FILE; without it a purged person cannot be matched again\n`,
    );
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT id_number, purged_at FROM arrivals').all()).toEqual([{ id_number: ID, purged_at: null }]);
    db.close();
    // in Chinese too, one line
    const zh = runBin(['--db', file, '--lang', 'zh', '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes']);
    expect(zh.stderr).toBe(`错误：化名密钥文件 ${file}.key 不见了：请放回它的副本（与数据库备份分开保存的那份），或用 FANGKONG_KEY_FILE 指明；没有它，已清除的人无法再对应\n`);
  });

  it('a key file others could read is made owner-only when it is read', () => {
    const file = path.join(tmpDir(), 'p.db');
    expect(runBin(['--db', file, 'init']).code).toBe(0);
    expect(runBin(['--db', file, '--today', '2022-11-30', ...addArgs({ '--id-number': ID, '--arrival-date': '2022-11-01' })]).code).toBe(0);
    fs.chmodSync(`${file}.key`, 0o644);
    expect(runBin(['--db', file, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes']).code).toBe(0);
    expect(fs.statSync(`${file}.key`).mode & 0o777).toBe(0o600);
  });

  it('db backup holds no key and says where the key file is, to back it up apart', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'p.db');
    expect(runBin(['--db', file, 'init']).code).toBe(0);
    const backup = path.join(dir, 'b.db');
    const r = runBin(['--db', file, '--lang', 'zh', 'db', 'backup', backup, '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`化名密钥不在备份中：请把 ${file}.key 另行备份，与数据库备份分开存放（没有它，已清除的人无法再对应）`);
    expect(keysIn(backup).names).toEqual(['audit']);
    expect(fs.readFileSync(backup).includes(keyOf(`${file}.key`))).toBe(false);
    const json = runBin(['--db', file, 'db', 'backup', path.join(dir, 'c.db'), '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ key_file: `${file}.key` });
  });

  it('a restore of a schema-13 backup of this database keeps the key file, and leaves no key beside the copy it worked on', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'v13.db');
    const key = version13(file);
    const backup = path.join(dir, 'old-backup.db');
    fs.copyFileSync(file, backup);
    expect(runBin(['--db', file, 'arrival', 'list']).code).toBe(0);
    const r = runBin(['--db', file, '--today', '2022-12-01', 'db', 'restore', backup, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(keyOf(`${file}.key`).equals(key)).toBe(true);
    expect(keysIn(file).names).toEqual(['audit']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.key'))).toEqual(['v13.db.key']);
  });

  it('db copy to a new file: the copy’s key file holds the source’s key, so a person stays one person there', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'a.db');
    expect(runBin(['--db', file, 'init']).code).toBe(0);
    const to = path.join(dir, 'b.db');
    const r = runBin(['--db', file, 'db', 'copy', '--to', to]);
    expect(r.code, r.stderr).toBe(0);
    expect(keyOf(`${to}.key`).equals(keyOf(`${file}.key`))).toBe(true);
    expect(fs.statSync(`${to}.key`).mode & 0o777).toBe(0o600);
    expect(keysIn(to).names).toEqual(['audit']);
  });
});
