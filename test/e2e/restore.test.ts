/**
 * Backup and restore check their own result: a held write lock is waited for or refused, never
 * reported as a restore; a killed backup leaves nothing under its name.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addArgs, makeId, query, ROOT, runBin, tmpDir, initDb } from '../helpers.js';
import { bigDb, leftovers, start } from '../safety-helpers.js';

/** A second process that holds the write lock (BEGIN IMMEDIATE, a row written) for `ms`, then commits. */
async function holdWriteLock(db: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ['-e', `
    const Database = require(${JSON.stringify(path.join(ROOT, 'node_modules/better-sqlite3'))});
    const db = new Database(${JSON.stringify(db)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('held', 'by another desk', 'now', 'desk2')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});
  `]);
  const released = new Promise<void>((r) => child.on('close', () => r()));
  await new Promise<void>((r) => child.stdout.once('data', () => r()));
  return { released };
}

function setup(): { dir: string; db: string; bk: string } {
  const dir = tmpDir();
  const db = initDb(path.join(dir, 'county.db'));
  expect(runBin(['--db', db, ...addArgs(), '--today', '2022-11-30']).code).toBe(0);
  const bk = path.join(dir, 'backup.db');
  expect(runBin(['--db', db, 'db', 'backup', bk]).code).toBe(0);
  expect(runBin(['--db', db, ...addArgs({ '--id-number': makeId('440305', '19800101', '123'), '--name': '李四' }), '--today', '2022-11-30']).code).toBe(0);
  return { dir, db, bk };
}

describe('db restore and another writer', () => {
  it('refuses while another connection holds the write lock past the busy timeout: exit 1, nothing restored, no audit row', async () => {
    const { dir, db, bk } = setup();
    const auditBefore = query(db, 'SELECT count(*) n FROM audit_log');
    const { released } = await holdWriteLock(db, 16_500);
    const { done } = start(['--db', db, 'db', 'restore', bk, '--yes'], dir);
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: the database is busy: another program is writing to it; nothing was restored \(try again when it has finished\)\n$/);
    await released;
    // the other desk's row is there, the restore is not: both arrivals, no db.restore row, no saved copy
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 2 }]);
    expect(query(db, "SELECT value FROM settings WHERE key = 'held'")).toEqual([{ value: 'by another desk' }]);
    expect(query(db, "SELECT count(*) n FROM audit_log WHERE action = 'db.restore'")).toEqual([{ n: 0 }]);
    expect(query(db, 'SELECT count(*) n FROM audit_log')).toEqual(auditBefore);
    expect(leftovers(dir)).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  }, 40_000);

  it('waits for a short write to finish, saves the database with that write in it, restores and says what it checked', async () => {
    const { dir, db, bk } = setup();
    const { released } = await holdWriteLock(db, 1500);
    const r = runBin(['--db', db, 'db', 'restore', bk, '--yes']);
    await released;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ arrivals: 1, verified: { integrity: 'ok', foreign_keys: 0, rows: { arrivals: 1 }, audit_chain: 'intact' } });
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 1 }]);
    // the saved copy has everything, the other desk's write too: the restore lost nothing
    expect(query(out.saved, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 2 }]);
    expect(query(out.saved, "SELECT value FROM settings WHERE key = 'held'")).toEqual([{ value: 'by another desk' }]);
    const [row] = query<{ after: string }>(db, "SELECT after FROM audit_log WHERE action = 'db.restore'");
    expect(JSON.parse(row.after)).toMatchObject({ saved: path.basename(out.saved), verified: { integrity: 'ok', foreign_keys: 0, arrivals: 1, audit_chain: 'intact', audit_rows: out.verified.audit_rows } });
    expect(runBin(['--db', db, 'audit', 'verify']).code).toBe(0);
    // the database's own key file stays; none is left beside the copy the restore worked on
    expect(leftovers(dir, (f) => /\.db$/.test(f) || f === `${path.basename(db)}.key`)).toEqual([]);
  });

  it('the backup file is only read (the restore works on a copy, and leaves no copy behind)', () => {
    const { dir, db, bk } = setup();
    const before = fs.readFileSync(bk);
    const r = runBin(['--db', db, 'db', 'restore', bk, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(bk).equals(before)).toBe(true);
    // the database's own key file stays; none is left beside the copy the restore worked on
    expect(leftovers(dir, (f) => /\.db$/.test(f) || f === `${path.basename(db)}.key`)).toEqual([]);
  });
});

describe('db backup', () => {
  it('a backup killed at any moment leaves nothing under its name, or the whole checked backup', async () => {
    const dir = tmpDir();
    const db = bigDb(path.join(dir, 'big.db'), 60_000);
    const t0 = Date.now();
    expect(runBin(['--db', db, 'db', 'backup', path.join(dir, 'timing.db')]).code).toBe(0);
    const whole = Date.now() - t0;
    for (const f of [0.3, 0.5, 0.7, 0.9]) {
      const target = path.join(dir, `killed-${f}.db`);
      const { child, done } = start(['--db', db, 'db', 'backup', target], dir);
      await new Promise((r) => setTimeout(r, Math.round(whole * f)));
      child.kill('SIGKILL');
      await done;
      if (fs.existsSync(target)) {
        const copy = new Database(target, { readonly: true });
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.prepare('SELECT count(*) FROM arrivals').pluck().get()).toBe(60_000);
        copy.close();
      }
    }
  });

  it('a backup is a self-contained file (no -wal or -shm beside it), owner-only, never overwriting a file', () => {
    const { dir, db } = setup();
    const bk = path.join(dir, 'b2.db');
    expect(runBin(['--db', db, 'db', 'backup', bk]).code).toBe(0);
    expect(fs.existsSync(`${bk}-wal`) || fs.existsSync(`${bk}-shm`)).toBe(false);
    expect(query(bk, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    expect(fs.existsSync(`${bk}-wal`) || fs.existsSync(`${bk}-shm`)).toBe(false);
    expect(fs.statSync(bk).mode & 0o777).toBe(0o600);
    const again = runBin(['--db', db, 'db', 'backup', bk]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
  });
});
