/**
 * Hash-chains the audit log (hashing the rows already there), makes it append-only with
 * triggers, and marks arrivals whose personal data was purged.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export const name = 'safety';

/** An audit_log row as this migration reads it (schema 4, plus the two columns it has just added). */
interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  record: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string | null;
}

/**
 * The row hash as store/audit.ts computed it when this migration was written: a frozen copy, not
 * an import of the live rowHash. A migration must do the same thing on every database it ever
 * meets; importing the live function would let a later change to it silently change what this
 * old migration writes. Do not edit: if the hash ever changes, re-hash the chain in a new migration.
 */
function frozenRowHash(r: Row): string {
  return createHash('sha256')
    .update(JSON.stringify([r.id, r.at, r.actor, r.action, r.record, r.before, r.after, r.prev_hash ?? '']))
    .digest('hex');
}

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT;
    ALTER TABLE arrivals ADD COLUMN purged_at TEXT;
  `);
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
  const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = '';
  for (const r of rows) {
    const hash = frozenRowHash({ ...r, prev_hash: prev });
    set.run(prev, hash, r.id);
    prev = hash;
  }
  db.exec(`
    CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
    CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
  `);
}
