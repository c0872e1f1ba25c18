/**
 * Purge for real, and an audit chain a county can anchor, on the real bin/fangkong and the
 * files it leaves (grep -a, as someone with the files would look).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArgs, runBin, tmpDir, initDb, TEST_BACKEND, dbFor, query, execSql, DROP_AUDIT_GUARD_ALL } from '../helpers.js';

/**
 * Which of the strings are found where someone with the database would look: `grep -a` in an
 * SQLite database's files (the database, -wal, -shm); on PostgreSQL, in everything the database
 * holds (`pg_dump`: every table's rows, the audit log's too).
 */
function foundIn(db: string, strings: string[]): string[] {
  if (TEST_BACKEND === 'postgres') {
    const dump = spawnSync('pg_dump', ['--data-only', dbFor(db)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    return strings.filter((s) => dump.stdout.includes(s));
  }
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
    // SQLite: the WAL emptied into the file (PostgreSQL's own WAL is the server's: docs/postgres.md)
    if (TEST_BACKEND === 'sqlite') expect(fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0).toBe(0);
    // the person is still one person: the same pseudonym in the arrival, the inspection and the test result
    const [ids] = query<Record<string, string>>(db, 'SELECT (SELECT id_number FROM arrivals) a, (SELECT id_number FROM inspections) i, (SELECT id_number FROM test_results) t');
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
    // the rows that stay, rehashed with plain SHA-256 (hex: no quoting needed in the SQL)
    let prev = '';
    const rehash: string[] = [];
    for (const r of query(db, "SELECT * FROM audit_log WHERE action <> 'reveal' ORDER BY id")) {
      const hash = createHash('sha256').update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, prev])).digest('hex');
      rehash.push(`UPDATE audit_log SET prev_hash = '${prev}', hash = '${hash}' WHERE id = ${Number(r.id)};`);
      prev = hash;
    }
    execSql(db, `${DROP_AUDIT_GUARD_ALL}; DELETE FROM audit_log WHERE action = 'reveal'; ${rehash.join(' ')}`);
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
    execSql(db, `${DROP_AUDIT_GUARD_ALL}; DELETE FROM audit_log WHERE id = ${Number(rows)}`);
    expect(runBin(['--db', db, 'audit', 'verify']).code).toBe(0);
    const v = runBin(['--db', db, 'audit', 'verify', '--head', head.slice(0, 16), '--format', 'table']);
    expect(v.code).toBe(1);
    expect(v.stderr).toBe(`error: the audit log was tampered with: the head kept elsewhere (${head.slice(0, 16)}…) is no longer in the chain: rows were rewritten or cut from the end\n`);
  });
});
