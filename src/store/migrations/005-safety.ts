/**
 * Hash-chains the audit log (hashing the rows already there), makes it append-only with
 * triggers, and marks arrivals whose personal data was purged.
 */
import type Database from 'better-sqlite3';
import { rowHash, type AuditRow } from '../audit.js';

export const name = 'safety';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT;
    ALTER TABLE arrivals ADD COLUMN purged_at TEXT;
  `);
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRow[];
  const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = '';
  for (const r of rows) {
    const hash = rowHash({ ...r, prev_hash: prev });
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
