/**
 * Opening the database: owner-only file, WAL, busy timeout, migrations by user_version.
 * The only module (with the repositories beside it) that talks SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../domain/errors.js';
import { applyMigrations, LATEST_VERSION } from './migrations/index.js';
import { ArrivalRepo } from './arrivals.js';
import { AuditRepo } from './audit.js';
import { AreaRepo } from './areas.js';
import { MeasureRepo } from './measures.js';
import { PolicyRepo } from './policies.js';
import { SiteRepo } from './sites.js';
import { InspectionRepo } from './inspections.js';
import { MaintenanceRepo } from './maintenance.js';
import { TestRepo } from './tests.js';
import { ReportRepo } from './report.js';
import { SettingsRepo } from './settings.js';
import { KeyRepo } from './keys.js';

export type DB = Database.Database;

export class Store {
  readonly arrivals: ArrivalRepo;
  readonly audit: AuditRepo;
  readonly areas: AreaRepo;
  readonly policies: PolicyRepo;
  readonly sites: SiteRepo;
  readonly measures: MeasureRepo;
  readonly inspections: InspectionRepo;
  readonly tests: TestRepo;
  readonly report: ReportRepo;
  readonly settings: SettingsRepo;
  readonly maintenance: MaintenanceRepo;
  readonly keys: KeyRepo;

  constructor(
    readonly db: DB,
    readonly path: string,
  ) {
    this.arrivals = new ArrivalRepo(db);
    this.audit = new AuditRepo(db);
    this.areas = new AreaRepo(db);
    this.policies = new PolicyRepo(db);
    this.sites = new SiteRepo(db);
    this.measures = new MeasureRepo(db);
    this.inspections = new InspectionRepo(db);
    this.tests = new TestRepo(db);
    this.report = new ReportRepo(db);
    this.settings = new SettingsRepo(db);
    this.maintenance = new MaintenanceRepo(db);
    this.keys = new KeyRepo(db);
  }

  /** Runs fn in one transaction (BEGIN IMMEDIATE): all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** For work that awaits between statements (a streamed import): begin now, then commit or rollback. */
  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }
  commit(): void {
    this.db.exec('COMMIT');
  }
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Opens the database at `file`, creating it (and its folder) owner-only when missing, and migrates it. */
export function openStore(file: string): Store {
  const exists = fs.existsSync(file);
  if (!exists) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Create the file owner-only before SQLite opens it; SQLite gives -wal and -shm the same mode.
      fs.closeSync(fs.openSync(file, 'a', 0o600));
      fs.chmodSync(file, 0o600);
    } catch (err) {
      throw new StoreError(`cannot create database ${file}: ${describe(err)}`);
    }
  } else if (fs.statSync(file).isDirectory()) {
    throw new StoreError(`${file} is a folder, not a database file: give a file name with --db`);
  }
  let db: DB;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 15000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MB of page cache: imports insert into indexes at random places
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
  } catch (err) {
    throw new StoreError(`cannot open database ${file}: ${describe(err)}`);
  }
  try {
    migrate(db, file);
    return new Store(db, file);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot use database ${file}: ${describe(err)}`);
  }
}

/**
 * Opens an existing database file as it is — no migration, no change of journal mode — to check
 * it (a backup just written, the copy a restore works on). Read-only unless `writable`.
 */
export function openAsIs(file: string, opts: { writable?: boolean } = {}): Store {
  const db = new Database(file, { readonly: !opts.writable, fileMustExist: true });
  db.pragma('busy_timeout = 15000');
  return new Store(db, file);
}

function migrate(db: DB, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new StoreError(
      `database ${file} was written by a newer fangkong (schema ${version}, this version knows ${LATEST_VERSION}): upgrade fangkong`,
    );
  }
  if (version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new StoreError(`${file} is an SQLite database but not a fangkong one: give another file with --db`);
  }
  applyMigrations(db);
}
