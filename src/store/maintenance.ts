/**
 * SQL for the safety commands: integrity, foreign keys, online backup, inspecting a backup,
 * restoring, purging. MaintenanceRepo works on the open database (`store.maintenance`);
 * inspectFile and restoreFrom work on files that are not open.
 */
import Database from 'better-sqlite3';

export interface FileInfo {
  schema_version: number;
  tables: string[];
  integrity: string;
  arrivals: number | null;
}

export class MaintenanceRepo {
  constructor(private readonly db: Database.Database) {}

  integrity(): string[] {
    return (this.db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  }

  foreignKeyProblems(): number {
    return this.db.prepare('PRAGMA foreign_key_check').all().length;
  }

  /** An online backup of the open database to `file`, through SQLite's backup API. */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  /** Arrivals whose measures all ended before `before`, or that never had one and arrived before it. */
  purgeCandidates(before: string): Array<{ id: number; id_number: string }> {
    return this.db
      .prepare(
        `SELECT a.id, a.id_number FROM arrivals a WHERE a.purged_at IS NULL AND (
           (EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id)
            AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id AND m.status <> 'superseded' AND coalesce(m.released_on, m.release_date) >= @before))
           OR (NOT EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id) AND a.arrival_date < @before))`,
      )
      .all({ before }) as Array<{ id: number; id_number: string }>;
  }

  unpurgedArrivals(idNumber: string): number {
    return this.db.prepare('SELECT count(*) FROM arrivals WHERE id_number = ? AND purged_at IS NULL').pluck().get(idNumber) as number;
  }

  /** Replaces a person's personal data by a pseudonym everywhere; returns rows changed by table. */
  purgePerson(idNumber: string, pseudonym: string, at: string): { arrivals: number; inspections: number; test_results: number } {
    const db = this.db;
    return {
      arrivals: db
        .prepare("UPDATE arrivals SET name = '（已清除）', id_number = @p, phone = '00000000000', destination = coalesce(township, '（已清除）'), vehicle = NULL, note = NULL, purged_at = @at WHERE id_number = @id AND purged_at IS NULL")
        .run({ p: pseudonym, at, id: idNumber }).changes,
      inspections: db.prepare('UPDATE inspections SET id_number = @p, name = NULL, phone = NULL WHERE id_number = @id').run({ p: pseudonym, id: idNumber }).changes,
      test_results: db.prepare('UPDATE test_results SET id_number = @p WHERE id_number = @id').run({ p: pseudonym, id: idNumber }).changes,
    };
  }
}

/** Opens a database file read-only and says what it is; throws if it is not SQLite at all. */
export function inspectFile(file: string): FileInfo {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    return {
      schema_version: db.pragma('user_version', { simple: true }) as number,
      tables,
      integrity: String(db.pragma('integrity_check', { simple: true })),
      arrivals: tables.includes('arrivals') ? ((db.prepare('SELECT count(*) FROM arrivals').pluck().get() as number) ?? 0) : null,
    };
  } finally {
    db.close();
  }
}

/** Copies `file` over the database at `dest` through SQLite's backup API. */
export async function restoreFrom(file: string, dest: string): Promise<void> {
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await src.backup(dest);
  } finally {
    src.close();
  }
}
