/**
 * The SQL of `db restore` on PostgreSQL (services/backup.ts restorePg): every row of the
 * database replaced by the rows of a `db backup` dump, in the restore's one transaction (under
 * the write lock), as `db copy` fills a new database (store/copy.ts): foreign keys checked at the
 * commit, the append-only triggers of the audit log and the keys off around it (ALTER TABLE is
 * transactional: a rollback puts them back), the tables emptied with one TRUNCATE, then each
 * table's rows COPYed in as the dump holds them (COPY's text format, pg_restore's output). The
 * schema is not touched: the dump is of this schema version (checked before).
 */
import { StoreError } from '../../domain/errors.js';
import type { PgDriver } from './driver.js';

/** The tables whose append-only triggers are off while their rows are replaced. */
const GUARDED = ['audit_log', 'keys'];

/** A name as pg_dump writes it (bare, or double-quoted), unquoted; null when it is neither. */
export function unquoteName(s: string): string | null {
  if (/^[a-z_][a-z0-9_]*$/.test(s)) return s;
  const q = /^"((?:[^"]|"")+)"$/.exec(s);
  return q ? q[1].replace(/""/g, '"') : null;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class DumpLoader {
  private readonly tables: Set<string>;
  private started = false;

  constructor(
    private readonly db: PgDriver,
    tables: readonly string[],
  ) {
    this.tables = new Set(tables);
  }

  /** Inside the write transaction: foreign keys at the commit, the guards off, every table emptied. */
  begin(): void {
    if (!this.db.inTransaction) throw new StoreError('a restore runs inside its transaction');
    this.db.writeLock();
    this.db.exec('SET CONSTRAINTS ALL DEFERRED');
    for (const t of GUARDED) if (this.tables.has(t)) this.db.exec(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    this.db.exec(`TRUNCATE ${[...this.tables].map(quote).join(', ')}`);
    this.started = true;
  }

  /** Whether the dump's table is one of this database's (the rest is refused by the caller). */
  has(table: string): boolean {
    return this.tables.has(table);
  }

  /** Rows of a table, as COPY text lines (each ended by a newline), into its columns. */
  copy(table: string, columns: readonly string[], data: Buffer): number {
    if (!this.started) throw new StoreError('the restore has not begun');
    if (!this.tables.has(table)) throw new StoreError(`the dump has a table this database has not: ${table}`);
    return this.db.copyIn(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`, data);
  }

  /** The guards on again (still inside the transaction). */
  end(): void {
    for (const t of GUARDED) if (this.tables.has(t)) this.db.exec(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
  }
}
