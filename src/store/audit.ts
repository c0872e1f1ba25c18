/**
 * The audit log: one row for every change, hash-chained so that an edited or deleted row is
 * detected (`audit verify`). Triggers refuse UPDATE and DELETE on the table; nothing in the tool
 * changes it. Personal data in the before/after images is masked.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

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

/** The hash of a row: its content and the hash of the row before it. */
export function rowHash(r: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, r.prev_hash ?? '']))
    .digest('hex');
}

/** Masks ID numbers and phones wherever they appear in an image of a record. */
function masked(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key === 'id_number' && value.length >= 10) return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
  if (key === 'phone' && value.length >= 7) return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
  return value;
}

export interface AuditFilter {
  since?: string;
  actor?: string;
  record?: string;
  limit?: number;
}

export class AuditRepo {
  private readonly insertStmt: Database.Statement;
  private readonly headStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (id, at, actor, action, record, before, after, prev_hash, hash) VALUES (@id, @at, @actor, @action, @record, @before, @after, @prev_hash, @hash)',
    );
    this.headStmt = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  }

  /** Appends a row to the chain. Call inside the transaction of the change it records. */
  write(e: AuditEntry): void {
    const head = this.headStmt.get() as { id: number; hash: string | null } | undefined;
    const row = {
      id: (head?.id ?? 0) + 1,
      at: e.at.toISOString().slice(0, 19) + 'Z',
      actor: e.actor,
      action: e.action,
      record: e.record ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before, masked),
      after: e.after === undefined ? null : JSON.stringify(e.after, masked),
      prev_hash: head?.hash ?? '',
    };
    this.insertStmt.run({ ...row, hash: rowHash(row) });
  }

  /** The hash of row `id`, or null when there is no such row. */
  hashOf(id: number): string | null {
    return (this.db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
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
    return this.db
      .prepare(
        `SELECT * FROM audit_log WHERE (@since IS NULL OR at >= @since) AND (@actor IS NULL OR actor = @actor)
           AND (@record IS NULL OR record = @record OR record LIKE @recordPrefix ESCAPE '\\') ORDER BY id LIMIT @limit`,
      )
      .all({
        since: f.since ?? null,
        actor: f.actor ?? null,
        record: f.record ?? null,
        recordPrefix: f.record ? `${f.record.replace(/[\\%_]/g, (c) => `\\${c}`)}:%` : null,
        limit: f.limit ?? -1,
      }) as AuditRow[];
  }
}
