/**
 * The audit log: one row for every change, chained with HMAC-SHA256 under the database's audit
 * key (store/keys.ts), so that an edited or deleted row is detected (`audit verify`) even when
 * the plain hashes are recomputed. Triggers refuse UPDATE and DELETE on the table; nothing in
 * the tool changes it.
 *
 * The log holds no readable personal data, whoever writes to it: this writer turns every
 * before/after image into a safe one (auditImage) — an ID number is starred whole (a purged
 * person's pseudonym stays: it is the rows' own), a phone is masked as outputs mask it, a name,
 * address, vehicle or note is left out (HIDDEN_VALUE stands for it: no tag that a dictionary of
 * names could reverse), and every other text — a reason, a lab, a decision note — goes through
 * the detector of domain/text.ts (ID, passport, permit and phone numbers masked), with the
 * names the image holds left out of it too. No key is needed to write a row (a desk on
 * PostgreSQL never reads the pseudonym key), and a purge needs nothing from the audit log to be
 * complete. The row's record (arrival:3) says whom it is about.
 */
import { createHmac } from 'node:crypto';
import { backendOf, likeOp, limitClause, type Backend, type Driver, type Statement } from './driver.js';
import { maskPhoneNumber } from '../domain/phone.js';
import { isPseudonym } from '../domain/keyed.js';
import { RowStream } from '../domain/row-stream.js';
import { maskText } from '../domain/text.js';
import { KeyRepo } from './keys.js';

export interface AuditEntry {
  /** When: stored in UTC ('2022-11-21T02:00:00Z'); shown on the office's clock with its offset. */
  at: Date;
  actor: string;
  action: string;
  record?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow {
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

/** The hash of a row: HMAC-SHA256, under the audit key, of its content and the hash of the row before it. */
export function rowHash(r: Omit<AuditRow, 'hash'>, key: Buffer): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, r.prev_hash ?? '']))
    .digest('hex');
}

/** Fields whose value is personal text: never kept in the log, HIDDEN_VALUE stands for them. */
const HIDDEN_FIELDS = new Set(['name', 'destination', 'address', 'vehicle', 'note', 'head']);

/** What the audit log keeps for a personal text value (a name, an address, a vehicle, a note). */
export const HIDDEN_VALUE = '（已隐去）';

const maskPhone = maskPhoneNumber;

/** The names an image holds (its `name` fields, at any depth): left out of its other texts too. */
function namesIn(value: unknown, field = '', out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) namesIn(v, field, out);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) for (const [k, v] of Object.entries(value as Record<string, unknown>)) namesIn(v, k, out);
  else if (field === 'name' && typeof value === 'string' && value.trim().length >= 2) out.push(value.trim());
  return out;
}

/** An image of a record as the audit log keeps it (see the top of this file). */
export function auditImage(value: unknown, field = '', names: string[] = namesIn(value)): unknown {
  if (field === '' && names.length > 1) names = [...new Set(names)].sort((a, b) => b.length - a.length);
  if (Array.isArray(value)) return value.map((v) => auditImage(v, field, names));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = auditImage(v, k, names);
    return out;
  }
  if (typeof value !== 'string' || value === '') return value;
  if (field === 'id_number') return isPseudonym(value) ? value : '*'.repeat(value.length);
  if (field === 'phone') return maskPhone(value);
  if (HIDDEN_FIELDS.has(field)) return HIDDEN_VALUE;
  let text = maskText(value);
  for (const n of names) text = text.split(n).join(HIDDEN_VALUE);
  return text;
}

export interface AuditFilter {
  since?: string;
  actor?: string;
  record?: string;
  limit?: number;
  offset?: number;
}

export class AuditRepo {
  private readonly insertStmt: Statement;
  private readonly headStmt: Statement;
  private readonly keys: KeyRepo;
  private readonly appendStmt: Statement | null;

  private readonly where: string;
  private readonly limit: string;

  constructor(private readonly db: Driver) {
    this.where = listWhere(backendOf(db));
    this.limit = limitClause(backendOf(db), '@limit');
    this.keys = new KeyRepo(db);
    this.insertStmt = db.prepare(
      "INSERT INTO audit_log (id, at, actor, action, record, before, after, prev_hash, hash, county) VALUES (@id, @at, @actor, @action, @record, @before, @after, @prev_hash, @hash, (SELECT value FROM settings WHERE key = 'county'))",
    );
    this.headStmt = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.appendStmt = backendOf(db) === 'postgres' ? db.prepare('SELECT fangkong_audit_append(?, ?, ?, ?, ?)') : null;
  }

  /**
   * The name of the person a record is about (arrival:3, measure:5, inspection:7, test:2), as the
   * register holds it now: left out of the row's texts (a reason that names the person).
   */
  private personName(record: string | null | undefined): string[] {
    const m = /^(arrival|measure|inspection|test):(\d+)$/.exec(record ?? '');
    if (!m) return [];
    const sql = {
      arrival: 'SELECT name FROM arrivals WHERE id = ?',
      measure: 'SELECT a.name FROM measures m JOIN arrivals a ON a.id = m.arrival_id WHERE m.id = ?',
      inspection: 'SELECT coalesce(i.name, a.name) FROM inspections i LEFT JOIN arrivals a ON a.id = i.arrival_id WHERE i.id = ?',
      test: 'SELECT a.name FROM test_results t LEFT JOIN arrivals a ON a.id = t.arrival_id WHERE t.id = ?',
    }[m[1] as 'arrival' | 'measure' | 'inspection' | 'test'];
    const name = this.db.prepare(sql).pluck().get(Number(m[2])) as string | null | undefined;
    return typeof name === 'string' && name.trim().length >= 2 ? [name.trim()] : [];
  }

  /** A before/after image as the log keeps it: the names it holds and the name of the record's person left out. */
  private image(value: unknown, person: string[]): string | null {
    return value === undefined ? null : JSON.stringify(auditImage(value, '', [...namesIn(value), ...person]));
  }

  /** Appends a row to the chain. Call inside the transaction of the change it records. */
  write(e: AuditEntry): void {
    const person = this.personName(e.record);
    if (this.appendStmt) {
      // PostgreSQL: the server appends (fangkong_audit_append: actor = the database user, the hash keyed
      // with the audit key that only the admin role reads), under the write lock
      (this.db as { writeLock?: () => void }).writeLock?.();
      this.appendStmt.get(
        e.at.toISOString().slice(0, 19) + 'Z',
        e.action,
        e.record == null ? null : maskText(e.record),
        this.image(e.before, person),
        this.image(e.after, person),
      );
      return;
    }
    const head = this.headStmt.get() as { id: number; hash: string | null } | undefined;
    const row = {
      id: (head?.id ?? 0) + 1,
      at: e.at.toISOString().slice(0, 19) + 'Z',
      actor: maskText(e.actor),
      action: e.action,
      record: e.record == null ? null : maskText(e.record),
      before: this.image(e.before, person),
      after: this.image(e.after, person),
      prev_hash: head?.hash ?? '',
    };
    this.insertStmt.run({ ...row, hash: rowHash(row, this.chainKey()) });
  }

  /** Who the server writes as the actor of this connection's rows (PostgreSQL: the database user the desk logged in as); null on SQLite, where the command says who. */
  serverActor(): string | null {
    return this.appendStmt ? (this.db.prepare('SELECT session_user').pluck().get() as string) : null;
  }

  /** The key of the chain (for verifying it). */
  chainKey(): Buffer {
    return this.keys.get('audit');
  }

  /** The hash of row `id`, or null when there is no such row. */
  hashOf(id: number): string | null {
    return (this.db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
  }

  /** The head of the chain: the last row's number and hash (rows 0 and '' when the log is empty). */
  head(): { rows: number; head: string } {
    const h = this.headStmt.get() as { id: number; hash: string | null } | undefined;
    return { rows: h ? Number(h.id) : 0, head: h?.hash ?? '' };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  latest(limit: number): AuditRow[] {
    return this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as AuditRow[];
  }

  /** Every row in order, for verification. */
  iterate(): IterableIterator<AuditRow> {
    return this.db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>;
  }

  list(f: AuditFilter): AuditRow[] {
    return this.db.prepare(`SELECT * FROM audit_log ${this.where} ORDER BY id DESC ${this.limit} OFFSET @offset`).all(listParams(f)) as AuditRow[];
  }

  /** The same listing as a count, then a row at a time (an audit log of any size in bounded memory). */
  stream(f: AuditFilter): RowStream<AuditRow> {
    const params = listParams(f);
    const sql = `SELECT * FROM audit_log ${this.where} ORDER BY id DESC ${this.limit} OFFSET @offset`;
    const count = (this.db.prepare(`SELECT count(*) AS n FROM (${sql.replace('SELECT *', 'SELECT id')}) AS listed`).get(params) as { n: number }).n;
    const stmt = this.db.prepare(sql);
    return new RowStream(count, () => stmt.iterate(params) as IterableIterator<AuditRow>);
  }
}

/** The listing's WHERE for a backend (LIKE ignores ASCII case on SQLite: ILIKE on PostgreSQL). */
function listWhere(b: Backend): string {
  return `WHERE (CAST(@since AS TEXT) IS NULL OR at >= @since) AND (CAST(@actor AS TEXT) IS NULL OR actor = @actor)
  AND (CAST(@record AS TEXT) IS NULL OR record = @record OR record ${likeOp(b)} @recordPrefix ESCAPE '\\')`;
}

function listParams(f: AuditFilter): Record<string, unknown> {
  return {
    since: f.since ?? null,
    actor: f.actor ?? null,
    record: f.record ?? null,
    recordPrefix: f.record ? `${f.record.replace(/[\\%_]/g, (c) => `\\${c}`)}:%` : null,
    limit: f.limit ?? -1,
    offset: f.offset ?? 0,
  };
}
