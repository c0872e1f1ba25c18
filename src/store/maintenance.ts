/**
 * SQL for the safety commands: integrity, foreign keys, online backup, inspecting a backup,
 * restoring, purging. MaintenanceRepo works on the open database (`store.maintenance`);
 * inspectFile and restoreFrom work on files that are not open.
 */
import Database from 'better-sqlite3';
import { StoreError } from '../domain/errors.js';
import { backendOf, type Driver } from './driver.js';
import { TABLES_IN_ORDER } from './migrations/pg-baseline.js';
import { pgSchemaVersion } from './migrations/index.js';

export interface FileInfo {
  schema_version: number;
  tables: string[];
  integrity: string;
  arrivals: number | null;
}

/** What a database holds, counted: for checking a backup or a restore against its source. */
export interface Census {
  schema_version: number;
  integrity: string;
  foreign_keys: number;
  /** Rows of every table, by name. */
  rows: Record<string, number>;
}

/** Tables of a schema (main or an attached one), in the order they were created. */
function tablesOf(db: Database.Database, schema: string): string[] {
  return db.prepare(`SELECT name FROM "${schema}".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`).pluck().all() as string[];
}

/** What only an SQLite file has (backup API, ATTACH, VACUUM into the file…): on PostgreSQL, the server's own tools. */
function sqliteOnly(what: string): StoreError {
  return new StoreError(
    `${what} works on an SQLite database file; on PostgreSQL use the server's tools (pg_dump, pg_restore, VACUUM)`,
    `${what === 'this' ? '这' : `${what} `}只用于 SQLite 数据库文件；PostgreSQL 上请用服务器自己的工具（pg_dump、pg_restore、VACUUM）`,
  );
}

export class MaintenanceRepo {
  private readonly pg: boolean;

  constructor(private readonly driver: Driver) {
    this.pg = backendOf(driver) === 'postgres';
  }

  /** The better-sqlite3 connection (the methods below that only SQLite has). */
  private get db(): Database.Database {
    if (this.pg) throw sqliteOnly('this');
    return this.driver as Database.Database;
  }

  /** The tables of the open database, in the order a copy fills them. */
  tables(): string[] {
    if (!this.pg) return tablesOf(this.db, 'main');
    const have = new Set(this.driver.prepare('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()').pluck().all() as string[]);
    return [...TABLES_IN_ORDER.filter((t) => have.has(t)), ...[...have].filter((t) => !TABLES_IN_ORDER.includes(t) && t !== 'schema_version').sort()];
  }

  /** Integrity, foreign keys, schema version and the rows of every table, of main or an attached schema. */
  census(schema = 'main'): Census {
    if (this.pg) {
      const rows: Record<string, number> = {};
      for (const t of this.tables()) rows[t] = this.driver.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
      return { schema_version: pgSchemaVersion(this.driver), integrity: 'ok', foreign_keys: 0, rows };
    }
    const db = this.db;
    const rows: Record<string, number> = {};
    for (const t of tablesOf(db, schema)) rows[t] = db.prepare(`SELECT count(*) FROM "${schema}"."${t}"`).pluck().get() as number;
    return {
      schema_version: db.pragma(`"${schema}".user_version`, { simple: true }) as number,
      integrity: (db.prepare(`PRAGMA "${schema}".integrity_check`).pluck().all() as string[]).join('; '),
      foreign_keys: db.prepare(`PRAGMA "${schema}".foreign_key_check`).all().length,
      rows,
    };
  }

  /** Changes whenever another connection commits (PRAGMA data_version). */
  dataVersion(): number {
    if (this.pg) throw sqliteOnly('db restore');
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  attach(file: string, schema: string): void {
    this.db.prepare(`ATTACH DATABASE ? AS "${schema}"`).run(file);
  }

  detach(schema: string): void {
    this.db.exec(`DETACH DATABASE "${schema}"`);
  }

  /**
   * Replaces every row of the database by the rows of the attached `schema` (the same tables),
   * in the caller's transaction: triggers are dropped and made again around the copy (the audit
   * log's append-only ones refuse the DELETE), foreign keys checked at the commit.
   */
  replaceAllFrom(schema: string): void {
    const db = this.db;
    db.pragma('defer_foreign_keys = ON');
    const triggers = db.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; sql: string }>;
    for (const t of triggers) db.exec(`DROP TRIGGER main."${t.name}"`);
    for (const t of tablesOf(db, 'main')) {
      const cols = (db.pragma(`main.table_info("${t}")`) as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ');
      db.exec(`DELETE FROM main."${t}"; INSERT INTO main."${t}" (${cols}) SELECT ${cols} FROM "${schema}"."${t}"`);
    }
    for (const t of triggers) db.exec(t.sql);
  }

  /** PostgreSQL checks its own pages (checksums, pg_amcheck): there is nothing for fangkong to run, and it says ok. */
  integrity(): string[] {
    if (this.pg) return ['ok'];
    return (this.db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  }

  /** PostgreSQL enforces foreign keys at every commit: none can be broken. */
  foreignKeyProblems(): number {
    if (this.pg) return 0;
    return this.db.prepare('PRAGMA foreign_key_check').all().length;
  }

  /**
   * An online backup of the open database to `file`, through SQLite's backup API. better-sqlite3
   * resolves as if done when the very first step is refused (SQLITE_BUSY: zero pages counted):
   * that is an error here, never a success.
   */
  async backup(file: string): Promise<void> {
    const p = await this.db.backup(file, { progress: () => 0x7fffffff });
    if (p.totalPages === 0) throw new Error('the database was busy and nothing was copied');
  }

  /** Overwrites deleted content with zeros from now on, on this connection (PRAGMA secure_delete). */
  secureDelete(on: boolean): void {
    if (this.pg) return;
    this.db.pragma(`secure_delete = ${on ? 'ON' : 'OFF'}`);
  }

  /**
   * Rebuilds the file so that no free page keeps an old value (VACUUM), then checkpoints the WAL
   * into it and truncates the WAL to nothing. True when the WAL is empty afterwards; false when
   * another connection's read kept the checkpoint from finishing.
   */
  scrub(): boolean {
    if (this.pg) {
      // rewrites the changed tables, so that no dead row keeps an old value (the WAL and backups are the server's)
      this.driver.exec('VACUUM FULL arrivals, inspections, test_results, measures, placements');
      return true;
    }
    this.db.exec('VACUUM');
    const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    return r.busy === 0 && r.log <= 0;
  }

  /** Arrivals whose measures all ended before `before`, or that never had one and arrived before it. */
  purgeCandidates(before: string): Array<{ id: number; id_number: string }> {
    return this.driver
      .prepare(
        `SELECT a.id, a.id_number FROM arrivals a WHERE a.purged_at IS NULL AND (
           (EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id)
            AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id AND m.status <> 'superseded' AND coalesce(m.released_on, m.release_date) >= @before))
           OR (NOT EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id) AND a.arrival_date < @before))`,
      )
      .all({ before }) as Array<{ id: number; id_number: string }>;
  }

  unpurgedArrivals(idNumber: string): number {
    return this.driver.prepare('SELECT count(*) FROM arrivals WHERE id_number = ? AND purged_at IS NULL').pluck().get(idNumber) as number;
  }

  /**
   * Replaces a person's personal data by a pseudonym everywhere; returns rows changed by table.
   * Every field that can hold the person goes: the identifying ones, and the free texts written
   * about them — an arrival's note, an inspection's override and void reasons, a test's lab and
   * decision note, a measure's release and cancel reasons, a placement's note — which become
   * PURGED where they were given (that one was given stays; what it said goes).
   */
  purgePerson(idNumber: string, pseudonym: string, at: string): { arrivals: number; inspections: number; test_results: number } {
    const db = this.driver;
    const gone = (c: string) => `${c} = CASE WHEN ${c} IS NULL THEN NULL ELSE @gone END`;
    const arrivals = db
      .prepare("UPDATE arrivals SET name = @gone, id_number = @p, phone = '00000000000', destination = coalesce(township, @gone), vehicle = NULL, note = NULL, purged_at = @at WHERE id_number = @id AND purged_at IS NULL")
      .run({ p: pseudonym, at, id: idNumber, gone: PURGED }).changes;
    const inspections = db
      .prepare(`UPDATE inspections SET id_number = @p, name = NULL, phone = NULL, vehicle = NULL, ${gone('override_reason')}, ${gone('void_reason')} WHERE id_number = @id`)
      .run({ p: pseudonym, id: idNumber, gone: PURGED }).changes;
    const tests = db.prepare(`UPDATE test_results SET id_number = @p, ${gone('lab')}, ${gone('decision_note')} WHERE id_number = @id`).run({ p: pseudonym, id: idNumber, gone: PURGED }).changes;
    const mine = 'SELECT id FROM arrivals WHERE id_number = @p';
    db.prepare(`UPDATE measures SET ${gone('release_reason')}, ${gone('cancel_reason')} WHERE arrival_id IN (${mine})`).run({ p: pseudonym, gone: PURGED });
    db.prepare(`UPDATE placements SET ${gone('note')} WHERE measure_id IN (SELECT id FROM measures WHERE arrival_id IN (${mine}))`).run({ p: pseudonym, gone: PURGED });
    return { arrivals, inspections, test_results: tests };
  }
}

/** What a purge leaves where a personal value or a free text about the person was. */
export const PURGED = '（已清除）';

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

/** Copies the database `file` (only read) into a new file `dest` through SQLite's backup API. */
export async function copyDatabase(file: string, dest: string): Promise<void> {
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const p = await src.backup(dest, { progress: () => 0x7fffffff });
    if (p.totalPages === 0) throw new Error(`nothing was copied from ${file}`);
  } finally {
    src.close();
  }
}
