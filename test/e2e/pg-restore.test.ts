/**
 * `fangkong db restore` on PostgreSQL, end to end (bin/fangkong with --db postgres://… against a
 * real server, test/pg-server.ts): a `db backup` dump restored in the database itself, the
 * database saved first beside the dump (and restorable in turn), checked, audited; a file that
 * fails a check — an SQLite backup, another application's dump, a newer schema's, a damaged
 * one, a dump whose audit chain is broken — refused, the database as it was; without pg_restore
 * on the PATH, one line saying what to install; a dump given to an SQLite database refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { PgDriver } from '../../src/store/pg/driver.js';
import { runBin } from '../helpers.js';
import { onPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let dir: string;
onPgServer((server, folder) => ((pg = server), (dir = folder)));

/** pg_dump and pg_restore of the server's own version first on the PATH. */
const env = () => ({ PATH: `${pg.binDir}:${process.env.PATH ?? ''}`, FANGKONG_TZ: 'Asia/Shanghai' });

function fk(db: string, args: string[], extra: Record<string, string> = {}) {
  return runBin(['--db', db, '--today', '2022-12-01', ...args], { env: { ...env(), ...extra }, cwd: dir });
}

function add(db: string, name: string, idNumber: string) {
  const r = fk(db, ['arrival', 'add', '--name', name, '--id-number', idNumber, '--phone', '13800138099', '--origin', '北京市', '--arrival-date', '2022-12-01', '--transport', 'car', '--destination', '城关镇']);
  expect(r.code, r.stderr).toBe(0);
}

/** What a refused restore must leave as it was: every row of the arrivals and the audit log. */
function state(url: string): unknown {
  const d = new PgDriver(url);
  try {
    return { arrivals: d.prepare('SELECT * FROM arrivals ORDER BY id').all(), audit: d.prepare('SELECT * FROM audit_log ORDER BY id').all(), keys: d.prepare('SELECT count(*) AS n FROM keys').get() };
  } finally {
    d.close();
  }
}

const dumpsIn = (folder: string) => fs.readdirSync(folder).filter((f) => /before-restore/.test(f));

describe('db restore on PostgreSQL', () => {
  it('restores a db backup dump in the database: the current one saved beside it first (and restorable too), checked, audited', () => {
    const url = pg.createDatabase();
    const dbName = url.split('/').pop()!;
    expect(fk(url, ['init']).code).toBe(0);
    add(url, '张三', '110105197001013335');
    const sub = folder();
    const dump = path.join(sub, 'county-2022-12-01.dump');
    expect(fk(url, ['db', 'backup', dump]).code).toBe(0);
    add(url, '错误', '11010519491231002X');

    const r = fk(url, ['db', 'restore', dump, '--yes', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ restored: dump, arrivals: 1, backup_schema_version: LATEST_VERSION, verified: { integrity: 'ok', foreign_keys: 0, schema_version: LATEST_VERSION, audit_chain: 'intact', audit_rows: 1 } });
    expect(path.dirname(out.saved)).toBe(sub);
    expect(path.basename(out.saved)).toMatch(new RegExp(`^${dbName}\\.before-restore-\\d{8}-\\d{6}\\.dump$`));
    expect(fs.statSync(out.saved).mode & 0o777).toBe(0o600);
    expect(out.verified.rows).toMatchObject({ arrivals: 1, audit_log: 1, keys: 2 });

    const list = fk(url, ['arrival', 'list', '--format', 'csv']);
    expect(list.stdout).toContain('张三');
    expect(list.stdout).not.toContain('错误');
    const audit = JSON.parse(fk(url, ['audit', 'list', '--format', 'json']).stdout) as Array<{ action: string; record: string; after: string }>;
    expect(audit.map((a) => a.action)).toEqual(['db.restore', 'arrival.add']);
    expect(JSON.parse(audit[0].after)).toMatchObject({ saved: path.basename(out.saved), tool: 'pg_dump', verified: { arrivals: 1, audit_chain: 'intact' } });
    const check = fk(url, ['db', 'check', '--format', 'json']);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, audit: { rows: 2, ok: true } });

    // the saved database is a dump like any other: restoring it brings back what the restore replaced
    const back = fk(url, ['db', 'restore', out.saved, '--yes', '--format', 'json']);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ arrivals: 2, verified: { audit_chain: 'intact' } });
    expect(fk(url, ['arrival', 'list', '--format', 'csv']).stdout).toContain('错误');
    expect(JSON.parse(fk(url, ['audit', 'verify', '--format', 'json']).stdout)).toMatchObject({ ok: true });
  });

  it('says in the user\'s language what it did, and asks first without --yes (a script without --yes changes nothing)', () => {
    const url = pg.createDatabase();
    expect(fk(url, ['init']).code).toBe(0);
    add(url, '张三', '110105197001013335');
    const dump = path.join(folder(), 'lang.dump');
    expect(fk(url, ['db', 'backup', dump]).code).toBe(0);
    const before = state(url);
    const asked = fk(url, ['db', 'restore', dump]);
    expect(asked.code).toBe(2);
    expect(asked.stderr.trim().split('\n')).toHaveLength(1);
    expect(state(url)).toEqual(before);
    const zh = fk(url, ['--lang', 'zh', 'db', 'restore', dump, '--yes', '--format', 'table']);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/^已从 .*lang\.dump 恢复（1 条报备）；原数据库另存为 .*\.before-restore-\d{8}-\d{6}\.dump\n已核对：完整性 ok，外键问题 0，结构版本 \d+，各表行数与备份一致，审计链完整（1 条）\n$/);
  });

  it('refuses, one line, exit 2, the database as it was: an SQLite backup, another application\'s dump, a newer schema\'s, a damaged dump', () => {
    const url = pg.createDatabase();
    expect(fk(url, ['init']).code).toBe(0);
    add(url, '张三', '110105197001013335');
    const before = state(url);
    const sub = folder();
    const refused = (file: string, message: RegExp) => {
      const r = fk(url, ['db', 'restore', file, '--yes']);
      expect(r.code, `${file}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(state(url)).toEqual(before);
      expect(dumpsIn(sub)).toEqual([]);
    };
    // an SQLite backup: db copy is the way into PostgreSQL
    const file = path.join(dir, 'county.db');
    expect(runBin(['--db', file, 'init'], { env: env() }).code).toBe(0);
    const sqliteBackup = path.join(sub, 'county-backup.db');
    expect(runBin(['--db', file, 'db', 'backup', sqliteBackup], { env: env() }).code).toBe(0);
    refused(sqliteBackup, /is an SQLite backup: .*db copy --to/);
    // another application's database, dumped
    const foreign = pg.createDatabase();
    pg.psql('CREATE TABLE customers (id int); INSERT INTO customers VALUES (1)', foreign.split('/').pop()!);
    const foreignDump = path.join(sub, 'foreign.dump');
    expect(spawnDump(foreign, foreignDump)).toBe(0);
    refused(foreignDump, /is not a fangkong database/);
    // a fangkong database of a newer schema
    const newer = pg.createDatabase();
    expect(fk(newer, ['init']).code).toBe(0);
    pg.psql(`UPDATE schema_version SET version = ${LATEST_VERSION + 1}`, newer.split('/').pop()!);
    const newerDump = path.join(sub, 'newer.dump');
    expect(spawnDump(newer, newerDump)).toBe(0);
    refused(newerDump, new RegExp(`newer fangkong \\(schema ${LATEST_VERSION + 1}, this one knows ${LATEST_VERSION}\\)`));
    // a dump cut short (a copy interrupted): pg_restore cannot read it
    const good = path.join(sub, 'good.dump');
    expect(fk(url, ['db', 'backup', good]).code).toBe(0);
    const cut = path.join(sub, 'cut.dump');
    fs.writeFileSync(cut, fs.readFileSync(good).subarray(0, 2000));
    fs.rmSync(good);
    const after = state(url);
    const r = fk(url, ['db', 'restore', cut, '--yes']);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(state(url)).toEqual(after);
    expect(dumpsIn(sub)).toEqual([]);
    // not a file at all
    const none = fk(url, ['db', 'restore', path.join(dir, 'no-such.dump'), '--yes']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no such file/);
  });

  it('a dump whose audit chain is broken passes the first checks, is refused at the one before the commit (issue 23: exit 2 unless --accept-broken-audit): nothing restored, the saved copy removed', () => {
    const url = pg.createDatabase();
    expect(fk(url, ['init']).code).toBe(0);
    add(url, '张三', '110105197001013335');
    // a tampered database, dumped: an audit row changed behind fangkong's back
    const tampered = pg.createDatabase();
    expect(fk(tampered, ['init']).code).toBe(0);
    add(tampered, '李四', '11010519491231002X');
    add(tampered, '王五', '110105197001013335');
    pg.psql("ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET record = 'arrival:99' WHERE id = 1; ALTER TABLE audit_log ENABLE TRIGGER USER", tampered.split('/').pop()!);
    const sub = folder();
    const dump = path.join(sub, 'tampered.dump');
    expect(spawnDump(tampered, dump)).toBe(0);
    const before = state(url);
    const r = fk(url, ['db', 'restore', dump, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the audit chain of .*tampered\.dump is broken \(row 1 was changed: its content does not match its hash\): nothing was restored/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(state(url)).toEqual(before);
    expect(dumpsIn(sub)).toEqual([]);
  });

  it('without pg_restore on the PATH: one line in the user\'s language saying what to install, nothing changed', () => {
    const url = pg.createDatabase();
    expect(fk(url, ['init']).code).toBe(0);
    const dump = path.join(dir, 'tools.dump');
    expect(fk(url, ['db', 'backup', dump]).code).toBe(0);
    const before = state(url);
    const empty = path.join(dir, 'empty-bin');
    fs.mkdirSync(empty, { recursive: true });
    const en = fk(url, ['db', 'restore', dump, '--yes'], { PATH: empty });
    expect(en.code).toBe(1);
    expect(en.stderr).toBe("error: a restore on PostgreSQL needs pg_restore and pg_dump (PostgreSQL's client tools; Debian/Ubuntu: apt-get install postgresql-client), not on the PATH here\n");
    const zh = fk(url, ['--lang', 'zh', 'db', 'restore', dump, '--yes'], { PATH: empty });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toBe('错误：PostgreSQL 上的恢复需要 pg_restore 和 pg_dump（PostgreSQL 客户端工具；Debian/Ubuntu：apt-get install postgresql-client），本机的 PATH 里没有\n');
    expect(state(url)).toEqual(before);
    fs.rmSync(dump);
  });

  it('a PostgreSQL dump given to an SQLite database: refused, exit 2, the file unchanged', () => {
    const url = pg.createDatabase();
    expect(fk(url, ['init']).code).toBe(0);
    const dump = path.join(dir, 'to-sqlite.dump');
    expect(fk(url, ['db', 'backup', dump]).code).toBe(0);
    const file = path.join(dir, 'desk.db');
    expect(runBin(['--db', file, 'init'], { env: env() }).code).toBe(0);
    const bytes = fs.readFileSync(file);
    const r = runBin(['--db', file, 'db', 'restore', dump, '--yes'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/to-sqlite\.dump is a PostgreSQL dump \(pg_dump\), not an SQLite backup: restore it into a PostgreSQL database .*db copy --to FILE/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('desk.before-restore'))).toEqual([]);
    fs.rmSync(dump);
  });
});

/** pg_dump of a database as db backup writes it (custom format); its exit code. */
function spawnDump(url: string, file: string): number | null {
  const bin = fs.existsSync(path.join(pg.binDir, 'pg_dump')) ? path.join(pg.binDir, 'pg_dump') : 'pg_dump';
  const r = spawnSync(bin, ['--format=custom', '--no-owner', '--file', file, '--dbname', url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_dump: ${r.stderr || r.error?.message || r.signal}`);
  return r.status;
}

/** A folder of the test's own (a restore saves the database beside the dump). */
const folder = () => fs.mkdtempSync(path.join(dir, 'case-'));
