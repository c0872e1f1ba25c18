import type Database from 'better-sqlite3';

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  record?: string | null;
  before?: unknown;
  after?: unknown;
}

export class AuditRepo {
  private readonly insertStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (at, actor, action, record, before, after) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  write(e: AuditEntry): void {
    this.insertStmt.run(
      e.at,
      e.actor,
      e.action,
      e.record ?? null,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    );
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  latest(limit: number): Array<AuditEntry & { id: number }> {
    return this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Array<AuditEntry & { id: number }>;
  }
}
