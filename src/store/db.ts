/**
 * Opening the database: owner-only file, WAL, busy timeout, migrations by user_version.
 * The only module (with the repositories beside it) that talks SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { zhCause } from '../domain/causes.js';
import { StoreError } from '../domain/errors.js';
import { applyMigrations, LATEST_VERSION, pgSchemaVersion } from './migrations/index.js';
import { backendOf, isPostgresUrl, safeUrl, type Backend, type Driver } from './driver.js';
import { PgDriver } from './pg/driver.js';
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
import { defaultKeyFile, KeyRepo, useKeyFile } from './keys.js';

/** The connection: a better-sqlite3 Database on SQLite, a PgDriver on PostgreSQL (store/driver.ts). */
export type DB = Driver;

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
  /** Files openStore made owner-only because others could read them (to be said, once). */
  tightened: string[] = [];
  /** True when this open made the schema (a new database). */
  created = false;

  /** sqlite or postgres. */
  readonly backend: Backend;

  constructor(
    readonly db: DB,
    /** The SQLite file, or the PostgreSQL URL (its password left out). */
    readonly path: string,
  ) {
    this.backend = backendOf(db);
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

  /**
   * Reads through a memory map (up to 2 GB) from now on, for a command that reads much and writes
   * little (the daily report): a process starts with an empty page cache, and the report's lookups
   * into a large table were a pread() and a copy per page (issue 17: 190 of its 390 ms of CPU on
   * a million arrivals, 20 with the map). Not for imports: the mapped pages they touch would
   * count in the process's memory.
   */
  readMapped(): void {
    if (this.backend === 'postgres') return; // the server's buffers
    (this.db as Database.Database).pragma('mmap_size = 2147418112');
  }

  schemaVersion(): number {
    if (this.backend === 'postgres') return pgSchemaVersion(this.db);
    return (this.db as Database.Database).pragma('user_version', { simple: true }) as number;
  }

  /** The better-sqlite3 connection, for what only SQLite has (its backup API, PRAGMAs); throws on PostgreSQL. */
  get sqlite(): Database.Database {
    if (this.backend !== 'sqlite') throw new StoreError('this needs an SQLite database file, not PostgreSQL', '这需要 SQLite 数据库文件，PostgreSQL 上不能用');
    return this.db as Database.Database;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A database of a newer fangkong, in Chinese. */
function newerZh(where: string, version: number): string {
  return `数据库 ${where} 由更新版本的 fangkong 写入（结构版本 ${version}，本版本只认识到 ${LATEST_VERSION}）：请升级 fangkong`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Opens the database at `file`, creating it (and its folder) owner-only when missing, and migrates it.
 * An existing file is first looked at read-only: one of another application, or of a newer
 * fangkong, is refused before anything is written to it (not even the switch to WAL). One that
 * others could read (an older fangkong, a copy) is made owner-only, with its -wal and -shm;
 * `store.tightened` lists what was changed, for the caller to say so.
 */
export function openStore(file: string, opts: { create?: boolean; keyFile?: string } = {}): Store {
  if (isPostgresUrl(file)) return openPostgres(file, opts.create ?? true);
  const exists = fs.existsSync(file);
  const tightened: string[] = [];
  if (!exists) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Create the file owner-only before SQLite opens it; SQLite gives -wal and -shm the same mode.
      fs.closeSync(fs.openSync(file, 'a', 0o600));
      fs.chmodSync(file, 0o600);
    } catch (err) {
      throw new StoreError(`cannot create database ${file}: ${describe(err)}`, `无法创建数据库 ${file}：${zhCause(err)}`);
    }
  } else {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new StoreError(`${file} is a folder, not a database file: give a file name with --db`, `${file} 是文件夹，不是数据库文件：请用 --db 给出文件名`);
    if (!st.isFile()) throw new StoreError(`${file} is not a regular file: give a database file with --db`, `${file} 不是普通文件：请用 --db 给出数据库文件`);
    refuseForeign(file);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      try {
        const mode = fs.statSync(f).mode & 0o777;
        if (mode & 0o077) {
          fs.chmodSync(f, mode & 0o700);
          tightened.push(f);
        }
      } catch {
        // no such file (-wal, -shm), or not ours to change: SQLite says so below
      }
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 15000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 16 MB of page cache (issue 17, measured against 64 MB): 1,000,000 arrivals imported in
    // 24.4 s of CPU against 25.0 s, peak 134 MB against 193 MB; 400,000 inspections 20.0 s
    // against 18.3 s, peak 165 MB against 210 MB. The report reads through a memory map instead.
    db.pragma('cache_size = -16384');
    db.pragma('temp_store = MEMORY');
  } catch (err) {
    throw new StoreError(`cannot open database ${file}: ${describe(err)}`, `无法打开数据库 ${file}：${zhCause(err)}`);
  }
  try {
    // the pseudonym key's file (store/keys.ts): a restore's working copy uses the database's own
    useKeyFile(db, opts.keyFile ?? defaultKeyFile(file));
    migrate(db, file);
    const store = new Store(db, file);
    store.tightened = tightened;
    return store;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot use database ${file}: ${describe(err)}`, `无法使用数据库 ${file}：${zhCause(err)}`);
  }
}

/**
 * Refuses an existing file that is not this fangkong's to change, from its 100-byte SQLite
 * header alone — opening it, even read-only, would leave -shm and -wal files beside it:
 * not SQLite; user_version (offset 60) newer than this fangkong; user_version 0 with a schema
 * (schema cookie, offset 40, not 0): another application's. An empty file is a new database.
 * (With a -wal beside it the header may be behind the WAL: the check after opening decides.)
 */
function refuseForeign(file: string): void {
  const head = Buffer.alloc(100);
  let n: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      n = fs.readSync(fd, head, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new StoreError(`cannot open database ${file}: ${describe(err)}`, `无法打开数据库 ${file}：${zhCause(err)}`);
  }
  if (n === 0) return;
  if (n < 100 || head.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw new StoreError(`cannot open database ${file}: file is not a database`, `无法打开数据库 ${file}：这不是数据库文件`);
  checkVersion(head.readUInt32BE(60), head.readUInt32BE(40), file);
}

/** `schema`: anything not 0 when the database has tables (their count, or the schema cookie). */
function checkVersion(version: number, schema: number, file: string): void {
  if (version > LATEST_VERSION) {
    throw new StoreError(
      `database ${file} was written by a newer fangkong (schema ${version}, this version knows ${LATEST_VERSION}): upgrade fangkong`,
      newerZh(file, version),
    );
  }
  if (version === 0 && schema > 0) throw new StoreError(`${file} is an SQLite database but not a fangkong one: give another file with --db`, `${file} 是 SQLite 数据库，但不是 fangkong 的：请用 --db 给出另一个文件`);
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

/**
 * Connects to PostgreSQL and migrates its schema (one transaction per migration, under the write
 * lock): a database of a newer fangkong is refused, and one with tables but no fangkong schema.
 */
function openPostgres(url: string, create: boolean): Store {
  const shown = safeUrl(url);
  let db: PgDriver;
  try {
    db = new PgDriver(url);
  } catch (err) {
    throw new StoreError(`cannot connect to ${shown}: ${describe(err)}`, `无法连接 ${shown}：${zhCause(err)}`);
  }
  try {
    const version = pgSchemaVersion(db);
    const tables = db.prepare('SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()').pluck().get() as number;
    if (version > LATEST_VERSION) {
      throw new StoreError(
        `database ${shown} was written by a newer fangkong (schema ${version}, this version knows ${LATEST_VERSION}): upgrade fangkong`,
        newerZh(shown, version),
      );
    }
    if (version === 0 && tables > 0) throw new StoreError(`${shown} holds tables but not a fangkong schema: give another database with --db`, `${shown} 中已有数据表，但不是 fangkong 的：请用 --db 给出另一个数据库`);
    if (version === 0 && !create) throw new StoreError(`no fangkong database at ${shown}: create one with fangkong init`, `${shown} 上没有 fangkong 数据库：新建请运行 fangkong init`);
    if (version < LATEST_VERSION) applyMigrations(db);
    const store = new Store(db, shown);
    store.created = version === 0;
    return store;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot use database ${shown}: ${describe(err)}`, `无法使用数据库 ${shown}：${zhCause(err)}`);
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  checkVersion(version, tables.n, file);
  applyMigrations(db);
}
