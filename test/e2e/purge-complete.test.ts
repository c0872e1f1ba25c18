/**
 * Issue 23, points 10 and 11, on the real bin/fangkong and the files it leaves, on both backends:
 * a purge leaves nothing of the person — not in the free texts written about them (a release
 * reason, an override reason, a void reason, a test's lab, a decision note), not in the audit
 * log; the audit log never holds a free text's numbers (passport, permit, phone abroad) nor a
 * name under a tag a dictionary reverses; the pseudonym cannot be reversed from the database.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pseudonym } from '../../src/domain/keyed.js';
import { addArgs, dbFor, initDb, query, runBin, TEST_BACKEND, tmpDir } from '../helpers.js';

const P = { name: '王秘密', id: '11010519491231002X', phone: '13912345678', passport: 'E12345678', permit: '87654321', abroad: '+852 9123 4567' };

/** Which of the strings are in the database: grep -a on its files (SQLite), pg_dump of its rows (PostgreSQL). */
function foundIn(db: string, strings: string[]): string[] {
  if (TEST_BACKEND === 'postgres') {
    const dump = spawnSync('pg_dump', ['--data-only', dbFor(db)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    return strings.filter((s) => dump.stdout.includes(s));
  }
  const files = ['', '-wal', '-shm'].map((s) => db + s).filter((f) => fs.existsSync(f));
  return strings.filter((s) => spawnSync('grep', ['-a', '-c', '-F', s, ...files], { encoding: 'utf8' }).status === 0);
}

/** A person with a measure released early, an override, a voided inspection, a positive test from a lab and its review — every free text naming them. */
function history(): { db: string; run: (...a: string[]) => string } {
  const db = initDb(path.join(tmpDir(), 'p.db'));
  const run = (...a: string[]) => {
    const r = runBin(['--db', db, '--today', '2022-11-30', ...a]);
    expect(r.code, `${a.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stdout;
  };
  run(...addArgs({ '--name': P.name, '--id-number': P.id, '--phone': P.phone, '--arrival-date': '2022-11-01', '--contact': 'close', '--exposure-date': '2022-10-31' }));
  // entered on 11-30, over before it: recorded on purpose (issue 24 point 5)
  run('assign', '--pending', '--backdate', '--reason', '纸质登记补录');
  run('quarantine', 'release', P.id, '--date', '2022-11-05', '--reason', `${P.name}经专家会商提前解除，联系${P.abroad}`);
  run('checkpoint', 'add', '卡点', '--kind', 'road');
  run('inspect', 'log', '--checkpoint', '卡点', '--id-number', P.id, '--code', 'yellow', '--time', '2022-11-06 10:00', '--action', 'pass', '--reason', `${P.name}出示护照${P.passport}`);
  run('test', 'record', P.id, '--date', '2022-11-02', '--result', 'positive', '--lab', `${P.name}单位卫生室`);
  run('test', 'review', P.id, '--decision', 'false-positive', '--note', `${P.name}复核阴性，台胞证${P.permit}`);
  run('inspect', 'log', '--checkpoint', '卡点', '--id-number', P.id, '--code', 'green', '--time', '2022-11-07 10:00');
  run('inspect', 'void', '2', '--reason', `${P.name}重复登记`);
  return { db, run };
}

describe('a purge leaves nothing of the person (issue 23, point 10)', () => {
  it('the free texts about them — release reason, override reason, void reason, lab, decision note — lose the person, in the rows and in the audit log', () => {
    const { db, run } = history();
    const texts = query<Record<string, string | null>>(
      db,
      'SELECT (SELECT release_reason FROM measures) r, (SELECT override_reason FROM inspections WHERE id = 1) o, (SELECT void_reason FROM inspections WHERE id = 2) v, (SELECT lab FROM test_results) l, (SELECT decision_note FROM test_results) n',
    )[0];
    // the control: every free text holds the name before the purge
    for (const [k, v] of Object.entries(texts)) expect(v, k).toContain(P.name);
    const secrets = [P.name, P.id, P.passport, P.permit, '9123 4567', P.phone];
    expect(foundIn(db, secrets)).toEqual(secrets);
    const p = JSON.parse(run('arrival', 'purge', '--before', '2022-11-25', '--yes'));
    expect(p).toMatchObject({ arrivals: 1, inspections: 2, test_results: 1, scrubbed: true });
    expect(foundIn(db, secrets)).toEqual([]);
    // that a reason was given stays; what it said goes
    expect(query(db, 'SELECT (SELECT release_reason FROM measures) r, (SELECT override_reason FROM inspections WHERE id = 1) o, (SELECT void_reason FROM inspections WHERE id = 2) v, (SELECT lab FROM test_results) l, (SELECT decision_note FROM test_results) n')[0]).toEqual({
      r: '（已清除）', o: '（已清除）', v: '（已清除）', l: '（已清除）', n: '（已清除）',
    });
    expect(runBin(['--db', db, 'audit', 'verify']).code).toBe(0);
  });

  it('the pseudonym of a purged ID number is not reversed with what the database holds (the 1,000 candidates of a known region and birth date)', () => {
    const { db, run } = history();
    run('arrival', 'purge', '--before', '2022-11-25', '--yes');
    const [{ id_number: stored }] = query<{ id_number: string }>(db, 'SELECT id_number FROM arrivals');
    expect(stored).toMatch(/^P[0-9A-F]{17}$/);
    // every key the database itself holds, tried on every candidate: none gives the pseudonym
    const keys = query<{ value: Buffer | Uint8Array }>(db, 'SELECT value FROM keys').map((k) => Buffer.from(k.value));
    const candidates = Array.from({ length: 1000 }, (_, i) => withCheckDigit(`11010519491231${String(i).padStart(3, '0')}`));
    expect(candidates).toContain(P.id);
    const reversed = candidates.filter((c) => keys.some((k) => pseudonym(k, c) === stored));
    if (TEST_BACKEND === 'sqlite') {
      // the key is not in the file: it is in the key file beside it, owner-only, and with it the person is found (the control)
      expect(keys).toHaveLength(1);
      expect(reversed).toEqual([]);
      const keyFile = `${db}.key`;
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
      expect(candidates.filter((c) => pseudonym(key, c) === stored)).toEqual([P.id]);
    } else {
      // PostgreSQL: the key is the server's, shown by db roles' row-level security to the admin role only
      expect(reversed).toEqual([P.id]);
      const roles = runBin(['--db', db, 'db', 'roles']);
      expect(roles.code, roles.stderr).toBe(0);
      expect(roles.stdout).toContain("USING (name NOT IN ('audit', 'pseudonym') OR pg_has_role(current_user, 'fangkong_admin', 'MEMBER'))");
    }
  });

  it('a name leaves no tag in the audit log that a dictionary of names could reverse: no keyed hash of it under any key the database holds', () => {
    const { db } = history();
    const audit = JSON.stringify(query(db, 'SELECT actor, record, before, after FROM audit_log'));
    const keys = query<{ value: Buffer | Uint8Array }>(db, 'SELECT value FROM keys').map((k) => Buffer.from(k.value));
    for (const k of keys) {
      const tag = createHmac('sha256', k).update(`fangkong-tag:name:${P.name}`).digest('hex').slice(0, 16);
      expect(audit).not.toContain(tag);
    }
    expect(audit).not.toMatch(/#[0-9a-f]{16}/);
    const add = JSON.parse(query<{ after: string }>(db, "SELECT after FROM audit_log WHERE action = 'arrival.add'")[0].after);
    expect(add).toMatchObject({ name: '（已隐去）', id_number: '*'.repeat(18), phone: '+86 139****5678' });
  });
});

describe('the audit log keeps free texts through the masks’ detector (issue 23, point 11)', () => {
  it('a passport, a permit and a phone abroad written in a reason or a note are masked before the row is stored; the person’s name is left out', () => {
    const { db } = history();
    const rows = query<{ action: string; after: string }>(db, 'SELECT action, after FROM audit_log ORDER BY id');
    const after = (action: string) => JSON.parse(rows.find((r) => r.action === action)!.after);
    expect(after('measure.release').reason).toBe('（已隐去）经专家会商提前解除，联系+*** **** **67');
    expect(after('inspection.add').override_reason).toBe('（已隐去）出示护照E******78');
    expect(after('test.record').lab).toBe('（已隐去）单位卫生室');
    expect(after('inspection.void').reason).toBe('（已隐去）重复登记');
    // the decision note is a note: left out whole
    expect(after('test.review').note).toBe('（已隐去）');
    const all = JSON.stringify(rows);
    for (const s of [P.name, P.passport, P.permit, '9123 4567', P.id, P.phone]) expect(all).not.toContain(s);
  });
});

/** An 18-digit ID number with its GB 11643 check character. */
function withCheckDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
