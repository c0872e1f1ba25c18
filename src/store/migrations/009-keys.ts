/**
 * Per-database keys: the audit chain keyed (HMAC-SHA256), pseudonyms keyed, and no readable
 * personal data left in the audit log.
 *
 * - table `keys` with two 32-byte random secrets, `audit` and `pseudonym`, never changed
 *   (triggers refuse UPDATE and DELETE);
 * - the pseudonyms purges stored (P + an unkeyed digest of the ID number, reversible from the
 *   origin in about a minute) re-keyed: P + HMAC(pseudonym key, that digest) — the value a purge
 *   gives the same person from now on, so a person stays one person;
 * - the audit rows already there: their plain SHA-256 chain checked first (with the frozen hash
 *   of migration 5), then their before/after images made safe (an ID number becomes the person's
 *   pseudonym where the row's record still names it, else stars; a phone masked; a name,
 *   address, vehicle or note a keyed tag; ID and phone numbers in any other text masked), and
 *   the chain hashed again under the audit key. A last row, `audit.rekey`, records how many rows
 *   were re-keyed, the plain head they had and whether that plain chain was intact — so a chain
 *   tampered with before the upgrade is not laundered by it.
 * Frozen copies of every function used: a migration must do the same on every database it meets.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export const name = 'keys';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  record: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** Migration 5's plain row hash (frozen). */
function plainHash(r: Row): string {
  return createHash('sha256')
    .update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, r.prev_hash ?? '']))
    .digest('hex');
}

/** The keyed row hash of schema 6 (frozen). */
function keyedHash(r: Row, key: Buffer): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, r.prev_hash ?? '']))
    .digest('hex');
}

const hmacHex = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex');
const legacyDigest = (id: string) => createHash('sha256').update(`fangkong-purge:${id}`).digest('hex').slice(0, 17).toUpperCase();
const ofDigest = (key: Buffer, d: string) => `P${hmacHex(key, `fangkong-pseudonym:${d}`).slice(0, 17).toUpperCase()}`;
const isLegacyPseudonym = (v: string) => /^P[0-9A-F]{17}$/.test(v);
const TAGGED = new Set(['name', 'destination', 'address', 'vehicle', 'note', 'head']);
const ID_18 = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])(\d{6})(\d{5})(\d{4})(?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])/g;
const maskText = (s: string) =>
  s
    .replace(ID_18, (_m, a: string, _mid: string, b: string) => `${a}********${b}`)
    .replace(ID_15, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length)}${b}`)
    .replace(PHONE, (_m, a: string, _mid: string, b: string) => `${a}****${b}`);

/** A safe image (frozen); `person` is the pseudonym of the person the row is about, when known. */
function safe(value: unknown, key: Buffer, person: string | null, field = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => safe(v, key, person, field));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = safe(v, key, person, k);
    return out;
  }
  if (typeof value !== 'string' || value === '') return value;
  if (field === 'id_number') {
    if (isLegacyPseudonym(value)) return value;
    if (!value.includes('*')) return ofDigest(key, legacyDigest(value.toUpperCase()));
    return person ?? '*'.repeat(value.length);
  }
  if (field === 'phone') return value.length < 7 ? '*'.repeat(value.length) : value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
  if (TAGGED.has(field)) return `#${hmacHex(key, `fangkong-tag:${field}:${value}`).slice(0, 16)}`;
  return maskText(value);
}

function image(text: string | null, key: Buffer, person: string | null): string | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return JSON.stringify(maskText(text));
  }
  return JSON.stringify(safe(v, key, person));
}

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE keys (
      name   TEXT PRIMARY KEY,
      value  BLOB NOT NULL CHECK (length(value) >= 32)
    );
    CREATE TRIGGER keys_fixed_update BEFORE UPDATE ON keys BEGIN SELECT RAISE(ABORT, 'the keys cannot be changed'); END;
    CREATE TRIGGER keys_fixed_delete BEFORE DELETE ON keys BEGIN SELECT RAISE(ABORT, 'the keys cannot be changed'); END;
  `);
  const auditKey = randomBytes(32);
  const tagKey = randomBytes(32);
  db.prepare('INSERT INTO keys (name, value) VALUES (?, ?), (?, ?)').run('audit', auditKey, 'pseudonym', tagKey);

  // pseudonyms already stored: re-keyed to what a purge gives the same person now
  db.function('fangkong_rekey', { deterministic: true }, (v: unknown) => (typeof v === 'string' && isLegacyPseudonym(v) ? ofDigest(tagKey, v.slice(1)) : v));
  db.exec(`
    UPDATE arrivals SET id_number = fangkong_rekey(id_number) WHERE purged_at IS NOT NULL AND id_number GLOB 'P*';
    UPDATE inspections SET id_number = fangkong_rekey(id_number) WHERE id_number GLOB 'P*';
    UPDATE test_results SET id_number = fangkong_rekey(id_number) WHERE id_number GLOB 'P*';
  `);

  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
  if (rows.length === 0) return;
  // the plain chain as it is, checked before anything is re-hashed
  let plainProblem: string | null = null;
  let prev = '';
  let expected = 1;
  for (const r of rows) {
    if (plainProblem === null) {
      if (r.id !== expected) plainProblem = `row ${expected} missing`;
      else if ((r.prev_hash ?? '') !== prev) plainProblem = `row ${r.id - 1} changed`;
      else if (plainHash(r) !== r.hash) plainProblem = `row ${r.id} changed`;
    }
    prev = r.hash ?? '';
    expected = r.id + 1;
  }
  const plainHead = prev;

  // whom a row is about, from its record, for the ID numbers its images hold masked
  const personOf = (record: string | null): string | null => {
    const m = /^(arrival|inspection|test):(\d+)$/.exec(record ?? '');
    if (!m) return null;
    const table = { arrival: 'arrivals', inspection: 'inspections', test: 'test_results' }[m[1] as 'arrival' | 'inspection' | 'test'];
    const id = db.prepare(`SELECT id_number FROM ${table} WHERE id = ?`).pluck().get(Number(m[2])) as string | null | undefined;
    if (!id) return null;
    return isLegacyPseudonym(id) ? id : ofDigest(tagKey, legacyDigest(id));
  };

  db.exec('DROP TRIGGER IF EXISTS audit_log_append_only_update; DROP TRIGGER IF EXISTS audit_log_append_only_delete;');
  const set = db.prepare('UPDATE audit_log SET actor = ?, record = ?, before = ?, after = ?, prev_hash = ?, hash = ? WHERE id = ?');
  prev = '';
  let last = 0;
  for (const r of rows) {
    const person = personOf(r.record);
    const next: Row = { ...r, actor: maskText(r.actor), record: r.record === null ? null : maskText(r.record), before: image(r.before, tagKey, person), after: image(r.after, tagKey, person), prev_hash: prev };
    const hash = keyedHash(next, auditKey);
    set.run(next.actor, next.record, next.before, next.after, prev, hash, r.id);
    prev = hash;
    last = r.id;
  }
  const rekey: Row = {
    id: last + 1,
    at: new Date().toISOString().slice(0, 19) + 'Z',
    actor: 'fangkong',
    action: 'audit.rekey',
    record: null,
    before: JSON.stringify({ plain_head: plainHead, plain_chain: plainProblem === null ? 'intact' : `broken: ${plainProblem}` }),
    after: JSON.stringify({ rows: rows.length, keyed: true }),
    prev_hash: prev,
    hash: null,
  };
  db.prepare('INSERT INTO audit_log (id, at, actor, action, record, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    rekey.id, rekey.at, rekey.actor, rekey.action, rekey.record, rekey.before, rekey.after, rekey.prev_hash, keyedHash(rekey, auditKey),
  );
  db.exec(`
    CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
    CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
  `);
}
