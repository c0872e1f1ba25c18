/**
 * Issue 23, point 8 (SQLite; PostgreSQL: pg-restore-broken-audit.test.ts): `db restore` of a
 * backup whose audit chain is broken restored over an intact database and exited 0 (the message
 * said broken, a script saw success). Now refused — exit 2, one line, the database as it was,
 * no copy saved — unless `--accept-broken-audit REASON`, whose reason goes into the audit row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArgs, DROP_AUDIT_GUARD_ALL, execSql, initDb, makeId, query, runBin, tmpDir } from '../helpers.js';

/** An intact database with two arrivals, and a backup of it taken after the first whose audit chain was then broken. */
function setup(): { dir: string; db: string; bk: string; fk: (args: string[]) => ReturnType<typeof runBin> } {
  const dir = tmpDir();
  const db = initDb(path.join(dir, 'county.db'));
  const fk = (args: string[]) => runBin(['--db', db, '--today', '2022-11-30', ...args], { cwd: dir, env: { FANGKONG_TZ: 'Asia/Shanghai' } });
  expect(fk(addArgs()).code).toBe(0);
  const bk = path.join(dir, 'backup.db');
  expect(fk(['db', 'backup', bk]).code).toBe(0);
  expect(fk(addArgs({ '--id-number': makeId('440305', '19800101', '123'), '--name': '李四' })).code).toBe(0);
  // the backup's audit log changed behind the tool's back
  execSql(bk, `${DROP_AUDIT_GUARD_ALL}; UPDATE audit_log SET actor = '王某' WHERE id = 1`);
  return { dir, db, bk, fk };
}

/** Everything a refused restore must leave as it was. */
function state(db: string): unknown {
  return { arrivals: query(db, 'SELECT * FROM arrivals ORDER BY id'), audit: query(db, 'SELECT * FROM audit_log ORDER BY id') };
}

const saved = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('before-restore'));

describe('db restore of a backup whose audit chain is broken (SQLite)', () => {
  it('is refused: exit 2, one line saying what is broken and how to restore it all the same; the database, its chain and the folder as they were', () => {
    const { dir, db, bk, fk } = setup();
    const before = state(db);
    const bytes = fs.readFileSync(bk);
    const r = fk(['db', 'restore', bk, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: the audit chain of ${bk} is broken (row 1 was changed: its content does not match its hash): nothing was restored; to restore it all the same, give --accept-broken-audit "REASON"\n`);
    expect(state(db)).toEqual(before);
    expect(saved(dir)).toEqual([]);
    expect(fs.readFileSync(bk).equals(bytes)).toBe(true);
    expect(fk(['audit', 'verify']).code).toBe(0);
    const zh = fk(['--lang', 'zh', 'db', 'restore', bk, '--yes']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(`错误：${bk} 的审计链已断（1 处问题，首处在第 1 条）：未恢复任何内容；如确需恢复，请加 --accept-broken-audit "原因"\n`);
    expect(state(db)).toEqual(before);
  });

  it('--accept-broken-audit without a reason is refused before anything is read (exit 2)', () => {
    const { dir, db, bk, fk } = setup();
    const before = state(db);
    for (const reason of ['', '   ']) {
      const r = fk(['db', 'restore', bk, '--yes', '--accept-broken-audit', reason]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('error: --accept-broken-audit needs a reason: why this backup is restored although its audit chain is broken\n');
    }
    expect(state(db)).toEqual(before);
    expect(saved(dir)).toEqual([]);
  });

  it('with --accept-broken-audit REASON: restored, the reason and the first problem in the restore\'s audit row, a note on stderr; audit verify still reports the break', () => {
    const { dir, db, bk, fk } = setup();
    const r = fk(['db', 'restore', bk, '--yes', '--accept-broken-audit', '县局要求恢复到 11 月 30 日的备份', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ arrivals: 1, verified: { audit_chain: 'broken' }, accepted_broken_audit: { reason: '县局要求恢复到 11 月 30 日的备份', problem: 'row 1 was changed: its content does not match its hash' } });
    expect(r.stderr).toBe("note: the backup's audit chain is broken, restored with --accept-broken-audit (reason: 县局要求恢复到 11 月 30 日的备份); audit verify still reports it\n");
    expect(query(db, 'SELECT count(*) AS n FROM arrivals')).toEqual([{ n: 1 }]);
    const row = query<{ actor: string; after: string }>(db, "SELECT actor, after FROM audit_log WHERE action = 'db.restore'");
    expect(row).toHaveLength(1);
    expect(JSON.parse(row[0].after).accepted_broken_audit).toEqual({ reason: '县局要求恢复到 11 月 30 日的备份', problem: 'row 1 was changed: its content does not match its hash' });
    expect(saved(dir)).toHaveLength(1);
    const v = fk(['audit', 'verify']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/row 1 was changed/);
  });

  it('an intact backup restores as before, with or without the option (nothing to accept)', () => {
    const { db, fk } = setup();
    const good = path.join(path.dirname(db), 'good.db');
    expect(fk(['db', 'backup', good]).code).toBe(0);
    expect(fk(addArgs({ '--id-number': makeId('440305', '19800101', '131'), '--name': '王五' })).code).toBe(0);
    const r = fk(['db', 'restore', good, '--yes', '--accept-broken-audit', '不需要', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).accepted_broken_audit).toBeUndefined();
    expect(JSON.parse(r.stdout).verified.audit_chain).toBe('intact');
    expect(fk(['audit', 'verify']).code).toBe(0);
  });
});
