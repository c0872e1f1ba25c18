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
  const create = opts.create ?? true;
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
    refuseForeign(file, create);
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
    const created = migrate(db, file, create);
    const store = new Store(db, file);
    store.tightened = tightened;
    store.created = created;
    return store;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot use database ${file}: ${describe(err)}`, `无法使用数据库 ${file}：${zhCause(err)}`);
  }
}

/**
 * fangkong's mark in an SQLite file's header (PRAGMA application_id, offset 68): "FKDB". Set
 * by `init` and by the migration of a database an older fangkong left (openStore); a file
 * without it is taken for ours only when it is an older fangkong's (looksLikeOurs).
 */
export const APPLICATION_ID = 0x464b4442;

function notOurs(file: string): StoreError {
  return new StoreError(`${file} is an SQLite database but not a fangkong one: give another file with --db`, `${file} 是 SQLite 数据库，但不是 fangkong 的：请用 --db 给出另一个文件`);
}

function emptyFile(file: string): StoreError {
  return new StoreError(
    `${file} is an empty file, not a fangkong database: nothing was written to it (to make a new database in it, run fangkong init)`,
    `${file} 是空文件，不是 fangkong 数据库：未写入任何内容（要在其中新建数据库，请运行 fangkong init）`,
  );
}

function sizeOf(f: string): number {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
}

/**
 * Refuses an existing file that is not this fangkong's to change, from its 100-byte SQLite
 * header — opening it, even read-only, would leave -shm and -wal files beside it: not SQLite;
 * user_version (offset 60) newer than this fangkong; another application's id (offset 68);
 * user_version 0 with a schema (schema cookie, offset 40, not 0); user_version 1 or more
 * without our id and without the tables of a fangkong of that version (looksLikeOurs, the one
 * case read further). An empty file — no byte, or an SQLite header and no table — is made a
 * database only by `init` (`create`). (With a -wal beside it the header may be behind the WAL:
 * the check after opening decides.)
 */
function refuseForeign(file: string, create: boolean): void {
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
  if (n === 0) {
    if (!create && sizeOf(`${file}-wal`) === 0) throw emptyFile(file);
    return;
  }
  if (n < 100 || head.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw new StoreError(`cannot open database ${file}: file is not a database`, `无法打开数据库 ${file}：这不是数据库文件`);
  const version = head.readUInt32BE(60);
  const schema = head.readUInt32BE(40);
  const appId = head.readInt32BE(68);
  checkVersion(version, schema, file);
  if (appId !== 0 && appId !== APPLICATION_ID) throw notOurs(file);
  if (version === 0 && schema === 0 && !create && sizeOf(`${file}-wal`) === 0) throw emptyFile(file);
  if (version > 0 && appId === 0 && !peekLooksOurs(file, version)) throw notOurs(file);
}

/** `schema`: anything not 0 when the database has tables (their count, or the schema cookie). */
function checkVersion(version: number, schema: number, file: string): void {
  if (version > LATEST_VERSION) {
    throw new StoreError(
      `database ${file} was written by a newer fangkong (schema ${version}, this version knows ${LATEST_VERSION}): upgrade fangkong`,
      newerZh(file, version),
    );
  }
  if (version === 0 && schema > 0) throw notOurs(file);
}

/**
 * looksLikeOurs on a file not yet opened: read-only, and any -wal or -shm the read made
 * (SQLite makes them for a file in WAL mode, even read-only) removed after it.
 */
function peekLooksOurs(file: string, version: number): boolean {
  const had = [`${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f));
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return looksLikeOurs(db, version);
  } catch (err) {
    throw new StoreError(`cannot open database ${file}: ${describe(err)}`, `无法打开数据库 ${file}：${zhCause(err)}`);
  } finally {
    db?.close();
    for (const f of [`${file}-wal`, `${file}-shm`]) {
      if (!had.includes(f) && (f.endsWith('-shm') || sizeOf(f) === 0)) fs.rmSync(f, { force: true });
    }
  }
}

/** The tables and their columns of a fangkong database of each version (built once, in memory). */
const shapes = new Map<number, Map<string, string[]>>();

function tablesOf(db: Database.Database): Map<string, string[]> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").pluck().all() as string[];
  return new Map(names.map((t) => [t, (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[]).sort()]));
}

/**
 * An older fangkong's database, which has no application_id yet: told from another
 * application's SQLite file that happens to have the same user_version by its tables — every
 * table a fangkong of that version has (its migrations 1…version, applied to an empty
 * database in memory), each with every one of its columns. Tables of its own besides are
 * allowed (an office's additions survive); a missing table or column is another
 * application's file.
 */
export function looksLikeOurs(db: Database.Database, version: number): boolean {
  if (version < 1 || version > LATEST_VERSION) return false;
  let shape = shapes.get(version);
  if (!shape) {
    const mem = new Database(':memory:');
    try {
      applyMigrations(mem, version);
      shape = tablesOf(mem);
    } finally {
      mem.close();
    }
    shapes.set(version, shape);
  }
  const got = tablesOf(db);
  for (const [table, columns] of shape) {
    const have = got.get(table);
    if (!have || columns.some((c) => !have.includes(c))) return false;
  }
  return true;
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
    if (/Invalid URL/i.test(describe(err))) {
      throw new StoreError(
        `cannot connect to ${shown}: the URL cannot be read (a / ? # @ : or % in the password is written percent-encoded: / as %2F, @ as %40)`,
        `无法连接 ${shown}：URL 无法解析（密码中的 / ? # @ : % 要写成百分号编码：/ 写作 %2F，@ 写作 %40）`,
      );
    }
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

/**
 * Checks the open database again (the header may have been behind a -wal) and brings it to
 * this version's schema, marking it ours (APPLICATION_ID). Under the write lock the checks
 * are read again before anything is written: of several desks opening an old database at
 * once, one migrates it and the others find it done (applyMigrations reads the version inside
 * each migration's transaction). Returns true when the schema was made here (a new database).
 */
function migrate(db: Database.Database, file: string, create: boolean): boolean {
  const look = () => {
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    checkVersion(version, tables.n, file);
    if (appId !== 0 && appId !== APPLICATION_ID) throw notOurs(file);
    if (version === 0 && tables.n === 0 && !create) throw emptyFile(file);
    if (version > 0 && appId === 0 && !looksLikeOurs(db, version)) throw notOurs(file);
    return { version, appId };
  };
  const before = look();
  if (before.version === LATEST_VERSION && before.appId === APPLICATION_ID) return false;
  applyMigrations(db);
  db.transaction(() => {
    const now = db.pragma('user_version', { simple: true }) as number;
    if (now !== LATEST_VERSION) throw new StoreError(`database ${file} is at schema ${now}, not ${LATEST_VERSION}, after its migration`, `数据库 ${file} 迁移后的结构版本是 ${now}，不是 ${LATEST_VERSION}`);
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
  return before.version === 0;
}
