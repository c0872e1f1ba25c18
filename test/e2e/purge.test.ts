/**
 * Purge for real, and an audit chain a county can anchor, on the real bin/fangkong and the
 * files it leaves (grep -a, as someone with the files would look).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addArgs, runBin, tmpDir, initDb } from '../helpers.js';

/** Which of the strings `grep -a` finds in the database's files (the database, -wal, -shm). */
function foundIn(db: string, strings: string[]): string[] {
  const files = ['', '-wal', '-shm'].map((s) => db + s).filter((f) => fs.existsSync(f));
  return strings.filter((s) => spawnSync('grep', ['-a', '-c', '-F', s, ...files], { encoding: 'utf8' }).status === 0);
}

const PERSON = { id: '11010519491231002X', phone: '13912345678', address: '幸福路秘密小区99号', name: '王秘密', plate: '京A9Z9Z9' };

describe('arrival purge', () => {
  it('after a purge the ID number, phone, name and address are nowhere in the database, its WAL or its audit log', () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'p.db'));
    const run = (...a: string[]) => {
      const r = runBin(['--db', db, '--today', '2022-11-30', ...a]);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    run(...addArgs({ '--name': PERSON.name, '--id-number': PERSON.id, '--phone': PERSON.phone, '--destination': `城关镇${PERSON.address}`, '--arrival-date': '2022-11-01', '--contact': 'close', '--exposure-date': '2022-10-31' }).slice(0), '--vehicle', PERSON.plate, '--note', `家属电话${PERSON.phone}`);
    run('assign', '--pending');
    run('checkpoint', 'add', '卡点', '--kind', 'road');
    run('inspect', 'log', '--checkpoint', '卡点', '--id-number', PERSON.id, '--code', 'green', '--time', '2022-11-01 10:00', '--vehicle', PERSON.plate);
    run('test', 'record', PERSON.id, '--date', '2022-11-02', '--result', 'negative');
    run('arrival', 'list', '--reveal');
    run('arrival', 'show', PERSON.id);
    const secrets = [PERSON.id, PERSON.phone, PERSON.address, PERSON.name, PERSON.plate];
    // the control: before the purge grep finds them (in the database and its WAL)
    expect(foundIn(db, secrets)).toEqual(secrets);
    const p = JSON.parse(run('arrival', 'purge', '--before', '2022-11-25', '--yes').stdout);
    expect(p).toMatchObject({ arrivals: 1, inspections: 1, test_results: 1, scrubbed: true });
    expect(foundIn(db, secrets)).toEqual([]);
    expect(fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0).toBe(0);
    // the person is still one person: the same pseudonym in the arrival, the inspection and the test result
    const d = new Database(db, { readonly: true });
    const ids = d.prepare('SELECT (SELECT id_number FROM arrivals) a, (SELECT id_number FROM inspections) i, (SELECT id_number FROM test_results) t').get() as Record<string, string>;
    d.close();
    expect(new Set(Object.values(ids)).size).toBe(1);
    expect(ids.a).toMatch(/^P[0-9A-F]{17}$/);
    // an unkeyed hash of the ID number (what schema 5 stored) is not it
    expect(ids.a).not.toBe(`P${createHash('sha256').update(`fangkong-purge:${PERSON.id}`).digest('hex').slice(0, 17).toUpperCase()}`);
    expect(runBin(['--db', db, 'audit', 'verify']).code).toBe(0);
    expect(runBin(['--db', db, 'db', 'check']).code).toBe(0);
  });
});

describe('audit chain', () => {
  function history(): string {
    const db = initDb(path.join(tmpDir(), 'a.db'));
    for (const [i, id] of ['11010519491231002X', '110105197001013335'].entries()) expect(runBin(['--db', db, '--today', '2022-11-30', ...addArgs({ '--id-number': id, '--arrival-date': `2022-11-2${i}` })]).code).toBe(0);
    expect(runBin(['--db', db, 'arrival', 'list', '--reveal']).code).toBe(0);
    return db;
  }

  it('rewritten with recomputed plain SHA-256 hashes: audit verify and db check fail', () => {
    const db = history();
    const raw = new Database(db);
    raw.exec("DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE action = 'reveal'");
    let prev = '';
    for (const r of raw.prepare('SELECT * FROM audit_log ORDER BY id').all() as Array<Record<string, unknown>>) {
      const hash = createHash('sha256').update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, prev])).digest('hex');
      raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
      prev = hash;
    }
    raw.exec("CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;");
    raw.close();
    const v = runBin(['--db', db, 'audit', 'verify']);
    expect(v.code).toBe(1);
    expect(v.stderr).toBe('error: the audit log was tampered with: row 1 was changed: its content does not match its hash\n');
    expect(runBin(['--db', db, 'db', 'check']).code).toBe(1);
  });

  it('rows cut from the end: invisible to the chain, caught by --head (the head db check printed)', () => {
    const db = history();
    const c = runBin(['--db', db, 'db', 'check', '--format', 'table']);
    const [, head, rows] = /audit head: ([0-9a-f]{64}) \(row (\d+);/.exec(c.stdout)!;
    expect(runBin(['--db', db, 'audit', 'verify', '--head', head.slice(0, 16), '--rows', rows]).code).toBe(0);
    const raw = new Database(db);
    raw.exec(`DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE id = ${rows}`);
    raw.close();
    expect(runBin(['--db', db, 'audit', 'verify']).code).toBe(0);
    const v = runBin(['--db', db, 'audit', 'verify', '--head', head.slice(0, 16), '--format', 'table']);
    expect(v.code).toBe(1);
    expect(v.stderr).toBe(`error: the audit log was tampered with: the head kept elsewhere (${head.slice(0, 16)}…) is no longer in the chain: rows were rewritten or cut from the end\n`);
  });
});
