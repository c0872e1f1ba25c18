/**
 * Issue 23, point 8 on PostgreSQL (SQLite: restore-broken-audit.test.ts): a `db backup` dump
 * whose audit chain is broken is refused — exit 2, one line, the database as it was, the copy
 * saved before it removed — unless `--accept-broken-audit REASON`, whose reason goes into the
 * restore's audit row.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PgDriver } from '../../src/store/pg/driver.js';
import { runBin } from '../helpers.js';
import { onPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let dir: string;
onPgServer((server, folder) => ((pg = server), (dir = folder)));

const env = () => ({ PATH: `${pg.binDir}:${process.env.PATH ?? ''}`, FANGKONG_TZ: 'Asia/Shanghai' });

function fk(db: string, args: string[]) {
  return runBin(['--db', db, '--today', '2022-12-01', ...args], { env: env(), cwd: dir });
}

function add(db: string, name: string, idNumber: string) {
  const r = fk(db, ['arrival', 'add', '--name', name, '--id-number', idNumber, '--phone', '13800138099', '--origin', '北京市', '--arrival-date', '2022-12-01', '--transport', 'car', '--destination', '城关镇']);
  expect(r.code, r.stderr).toBe(0);
}

function rows(url: string, sql: string): Array<Record<string, unknown>> {
  const d = new PgDriver(url);
  try {
    return d.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    d.close();
  }
}

const state = (url: string) => ({ arrivals: rows(url, 'SELECT * FROM arrivals ORDER BY id'), audit: rows(url, 'SELECT * FROM audit_log ORDER BY id') });

/** A database with one arrival, and a dump of another database whose audit log was changed behind fangkong's back. */
function setup(): { url: string; dump: string; sub: string } {
  const url = pg.createDatabase();
  expect(fk(url, ['init']).code).toBe(0);
  add(url, '张三', '110105197001013335');
  const tampered = pg.createDatabase();
  expect(fk(tampered, ['init']).code).toBe(0);
  add(tampered, '李四', '11010519491231002X');
  add(tampered, '王五', '110105197001013351');
  pg.psql("ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET record = 'arrival:99' WHERE id = 1; ALTER TABLE audit_log ENABLE TRIGGER USER", tampered.split('/').pop()!);
  const sub = fs.mkdtempSync(path.join(dir, 'case-'));
  const dump = path.join(sub, 'tampered.dump');
  const bin = fs.existsSync(path.join(pg.binDir, 'pg_dump')) ? path.join(pg.binDir, 'pg_dump') : 'pg_dump';
  const r = spawnSync(bin, ['--format=custom', '--no-owner', '--file', dump, '--dbname', tampered], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { url, dump, sub };
}

const saved = (folder: string) => fs.readdirSync(folder).filter((f) => /before-restore/.test(f));

describe('db restore on PostgreSQL of a dump whose audit chain is broken', () => {
  it('is refused: exit 2, one line in the user\'s language; the database as it was, no saved copy left', () => {
    const { url, dump, sub } = setup();
    const before = state(url);
    const r = fk(url, ['db', 'restore', dump, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: the audit chain of ${dump} is broken (row 1 was changed: its content does not match its hash): nothing was restored; to restore it all the same, give --accept-broken-audit "REASON"\n`);
    const zh = fk(url, ['--lang', 'zh', 'db', 'restore', dump, '--yes']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(`错误：${dump} 的审计链已断（1 处问题，首处在第 1 条）：未恢复任何内容；如确需恢复，请加 --accept-broken-audit "原因"\n`);
    expect(state(url)).toEqual(before);
    expect(saved(sub)).toEqual([]);
    expect(fk(url, ['audit', 'verify']).code).toBe(0);
  });

  it('with --accept-broken-audit REASON: restored, the reason in the restore\'s audit row; audit verify still reports the break', () => {
    const { url, dump, sub } = setup();
    const r = fk(url, ['db', 'restore', dump, '--yes', '--accept-broken-audit', '市局指示恢复此备份', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ arrivals: 2, verified: { audit_chain: 'broken' }, accepted_broken_audit: { reason: '市局指示恢复此备份', problem: 'row 1 was changed: its content does not match its hash' } });
    expect(r.stderr).toBe("note: the backup's audit chain is broken, restored with --accept-broken-audit (reason: 市局指示恢复此备份); audit verify still reports it\n");
    const row = rows(url, "SELECT after FROM audit_log WHERE action = 'db.restore'");
    expect(row).toHaveLength(1);
    expect(JSON.parse(String(row[0].after)).accepted_broken_audit).toEqual({ reason: '市局指示恢复此备份', problem: 'row 1 was changed: its content does not match its hash' });
    expect(saved(sub)).toHaveLength(1);
    expect(fk(url, ['audit', 'verify']).code).toBe(1);
  });
});
