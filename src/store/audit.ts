/**
 * The audit log: one row for every change, chained with HMAC-SHA256 under the database's audit
 * key (store/keys.ts), so that an edited or deleted row is detected (`audit verify`) even when
 * the plain hashes are recomputed. Triggers refuse UPDATE and DELETE on the table; nothing in
 * the tool changes it.
 *
 * The log holds no readable personal data, whoever writes to it: this writer turns every
 * before/after image into a safe one (auditImage) — an ID number becomes its keyed pseudonym
 * (the one a purge gives: enough to follow one person, not to read the number back), a phone
 * is masked, a name, address, vehicle or note becomes a keyed tag, and any ID or phone number
 * inside another text is masked. So a purge needs nothing from the audit log to be complete.
 */
import { createHmac } from 'node:crypto';
import { backendOf, likeOp, limitClause, type Backend, type Driver, type Statement } from './driver.js';
import { maskPhoneNumber } from '../domain/phone.js';
import { isPseudonym, pseudonym, textTag } from '../domain/keyed.js';
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

/** Fields whose value is personal text: kept in the log only as a keyed tag. */
const TAGGED = new Set(['name', 'destination', 'address', 'vehicle', 'note', 'head']);

const maskPhone = maskPhoneNumber;

/** An image of a record as the audit log keeps it (see the top of this file). */
export function auditImage(value: unknown, key: Buffer, field = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => auditImage(v, key, field));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = auditImage(v, key, k);
    return out;
  }
  if (typeof value !== 'string' || value === '') return value;
  if (field === 'id_number') return isPseudonym(value) ? value : value.includes('*') ? '*'.repeat(value.length) : pseudonym(key, value.toUpperCase());
  if (field === 'phone') return maskPhone(value);
  if (TAGGED.has(field)) return textTag(key, field, value);
  return maskText(value);
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

  /** Appends a row to the chain. Call inside the transaction of the change it records. */
  write(e: AuditEntry): void {
    const tags = this.keys.get('pseudonym');
    if (this.appendStmt) {
      // PostgreSQL: the server appends (fangkong_audit_append: actor = the database user, the hash keyed
      // with the audit key that only the admin role reads), under the write lock
      (this.db as { writeLock?: () => void }).writeLock?.();
      this.appendStmt.get(
        e.at.toISOString().slice(0, 19) + 'Z',
        e.action,
        e.record == null ? null : maskText(e.record),
        e.before === undefined ? null : JSON.stringify(auditImage(e.before, tags)),
        e.after === undefined ? null : JSON.stringify(auditImage(e.after, tags)),
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
      before: e.before === undefined ? null : JSON.stringify(auditImage(e.before, tags)),
      after: e.after === undefined ? null : JSON.stringify(auditImage(e.after, tags)),
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
