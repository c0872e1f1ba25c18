/**
 * Online backups and restoring from one; both check their result before they report it.
 *
 * A backup is written to a random owner-only temporary name (io/files.ts) through SQLite's
 * backup API, switched to a self-contained rollback journal, checked (integrity, schema, its
 * audit chain, whose head must be a row of this database's chain), and only then linked under
 * its name: a killed backup leaves nothing under that name.
 *
 * A restore works on a copy of the backup (the file itself is only read) migrated to this
 * version; it saves the current database beside itself (a checked backup, taken again if
 * another program committed meanwhile), takes the write lock (waiting for another writer as
 * long as the busy timeout allows, else refusing), replaces every row in one transaction,
 * checks the result against the backup (integrity, foreign keys, schema, the rows of every
 * table, the audit head) and commits only then, with an audit row saying what was checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { zhCause } from '../domain/causes.js';
import { localDateTime } from '../domain/dates.js';
import { StoreError, UsageError, ValidationError } from '../domain/errors.js';
import { createTempFile } from '../io/files.js';
import { openAsIs, openStore, type Store } from '../store/db.js';
import { copyDatabase, inspectFile, type Census } from '../store/maintenance.js';
import { LATEST_VERSION } from '../store/migrations/index.js';
import { verifyAudit } from './audit.js';
import { countDumpRows, dumpTables, dumpValue, missingPgTools, pgDump, readDumpData, type PgBackupResult } from './pg-tools.js';
import { isRetryable, type PgDriver } from '../store/pg/driver.js';
import { DumpLoader } from '../store/pg/restore.js';
import type { ServiceContext } from './context.js';

/** What was checked in a backup just written, or in a database just restored. */
export interface Verified {
  integrity: string;
  foreign_keys: number;
  schema_version: number;
  /** Rows of every table. */
  rows: Record<string, number>;
  audit_rows: number;
  audit_head: string;
  audit_chain: 'intact' | 'broken';
}

export interface BackupResult {
  file: string;
  bytes: number;
  verified: Verified;
  /** The pseudonym key's file, which the backup does not hold (store/keys.ts): to be backed up apart. */
  key_file: string | null;
}

export interface RestoreResult {
  restored: string;
  /** The database as it was before the restore, saved beside it. */
  saved: string;
  arrivals: number;
  /** The schema version of the backup (it was migrated to this version's). */
  backup_schema_version: number;
  verified: Verified;
  /** Set when the backup's audit chain was broken and restored all the same (--accept-broken-audit): why, and its first problem. */
  accepted_broken_audit?: { reason: string; problem: string };
}

/** What a restore is told besides the file: restore a backup whose audit chain is broken, and why (--accept-broken-audit). */
export interface RestoreOptions {
  acceptBrokenAudit?: string;
}

/**
 * A backup whose audit chain is broken is refused (issue 23): restoring it over an intact
 * database would replace a log that holds with one that does not. Unless the office says why it
 * restores it all the same (--accept-broken-audit REASON): the reason goes into the audit row.
 */
function brokenAuditAccepted(file: string, audit: { ok: boolean; problems: Array<{ detail: string }> }, opts: RestoreOptions): { reason: string; problem: string } | undefined {
  if (audit.ok) return undefined;
  const reason = opts.acceptBrokenAudit?.trim();
  const problem = audit.problems[0]?.detail ?? 'broken';
  if (!reason) {
    throw new UsageError(
      `the audit chain of ${file} is broken (${problem}): nothing was restored; to restore it all the same, give --accept-broken-audit "REASON"`,
      `${file} 的审计链已断（${audit.problems.length} 处问题，首处在第 ${(audit.problems[0] as { id?: number }).id ?? '?'} 条）：未恢复任何内容；如确需恢复，请加 --accept-broken-audit "原因"`,
    );
  }
  return { reason, problem };
}

function verifiedOf(c: Census, audit: { rows: number; head: string; ok: boolean }): Verified {
  return { integrity: c.integrity, foreign_keys: c.foreign_keys, schema_version: c.schema_version, rows: c.rows, audit_rows: audit.rows, audit_head: audit.head, audit_chain: audit.ok ? 'intact' : 'broken' };
}

function busy(what: string, whatZh: string): StoreError {
  return new StoreError(`the database is busy: another program is writing to it; ${what} (try again when it has finished)`, `数据库正忙：另一个程序正在写入；${whatZh}（等它写完再试）`);
}

/**
 * Writes a checked backup of `store` to `file`, which must not exist (never overwritten, even
 * if created meanwhile). Throws a StoreError, leaving nothing, when any check fails.
 */
async function writeBackup(store: Store, file: string): Promise<Verified> {
  const tmp = createTempFile(file);
  try {
    try {
      await store.maintenance.backup(tmp.path);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY' || /busy/.test((err as Error).message)) throw busy('nothing was backed up', '未备份任何内容');
      throw err;
    }
    const copy = openAsIs(tmp.path, { writable: true });
    let v: Verified;
    try {
      // a backup that opens anywhere on its own, even read-only: no -wal or -shm beside it
      copy.sqlite.pragma('journal_mode = DELETE');
      v = verifiedOf(copy.maintenance.census(), verifyAudit(copy));
    } finally {
      copy.close();
    }
    const problem: [string, string] | null =
      v.integrity !== 'ok' ? [`the copy fails the integrity check (${v.integrity})`, `副本未通过完整性检查（${v.integrity}）`] :
      v.schema_version !== store.schemaVersion() ? [`the copy has schema ${v.schema_version}, not ${store.schemaVersion()}`, `副本的结构版本是 ${v.schema_version}，不是 ${store.schemaVersion()}`] :
      v.foreign_keys !== 0 ? [`the copy has ${v.foreign_keys} foreign-key problem(s)`, `副本有 ${v.foreign_keys} 处外键问题`] :
      v.audit_rows > 0 && store.audit.hashOf(v.audit_rows) !== v.audit_head ? ['the audit log of the copy is not this database’s', '副本的审计日志不是本数据库的'] :
      null;
    if (problem) throw new StoreError(`the backup did not check out: ${problem[0]}`, `备份未通过核验：${problem[1]}`);
    tmp.publish({ noReplace: true });
    return v;
  } catch (err) {
    tmp.discard();
    if (err instanceof StoreError) throw new StoreError(`cannot write the backup ${file}: ${err.message.replace(/^cannot write [^:]*: /, '')}`, `无法写入备份 ${file}：${zhCause(err).replace(/^无法写入 [^：]*：/, '')}`);
    throw new StoreError(`cannot write the backup ${file}: ${(err as Error).message.split('\n')[0]}; nothing was written`, `无法写入备份 ${file}：${zhCause(err)}，未写入任何内容`);
  }
}

/** An online backup (safe while another process writes), owner-only, checked before it is reported. */
export async function backup(store: Store, file: string, ctx: ServiceContext): Promise<BackupResult | PgBackupResult> {
  if (store.backend === 'postgres') {
    const r = pgDump(store, file);
    store.transaction(() => store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.backup', record: `file:${path.basename(file)}`, after: { tool: 'pg_dump', bytes: r.bytes, entries: r.entries } }));
    return r;
  }
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: choose a new file name for the backup`, `${file} 已存在：请为备份另取一个文件名`);
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StoreError(`cannot write the backup ${file}: ${(err as Error).message}`, `无法写入备份 ${file}：${zhCause(err)}`);
  }
  const verified = await writeBackup(store, file);
  store.transaction(() =>
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.backup', record: `file:${path.basename(file)}`, after: { verified: summary(verified) } }),
  );
  return { file, bytes: fs.statSync(file).size, verified, key_file: store.keys.file };
}

/** What the audit row keeps of a check: enough to say what was verified, without the whole census. */
function summary(v: Verified): Record<string, unknown> {
  return { integrity: v.integrity, foreign_keys: v.foreign_keys, schema_version: v.schema_version, arrivals: v.rows.arrivals ?? 0, audit_rows: v.audit_rows, audit_head: v.audit_head, audit_chain: v.audit_chain };
}

/** A pg_dump custom-format file (it starts with PGDMP). */
export function isPgDump(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const b = Buffer.alloc(5);
      return fs.readSync(fd, b, 0, 5, 0) === 5 && b.toString('latin1') === 'PGDMP';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Refuses a file that is not a fangkong database, is newer than this tool, or fails the integrity check. */
export function checkRestorable(file: string): { schema_version: number; arrivals: number } {
  if (!fs.existsSync(file)) throw new StoreError(`cannot read ${file}: no such file`, `无法读取 ${file}：文件不存在`);
  if (!fs.statSync(file).isFile()) throw new StoreError(`cannot read ${file}: not a regular file`, `无法读取 ${file}：不是普通文件`);
  // a PostgreSQL dump is restored into a PostgreSQL database, not into a file
  if (isPgDump(file)) throw new ValidationError({ field: 'file', code: 'restore_dump_into_sqlite', params: { file } });
  let info;
  try {
    info = inspectFile(file);
  } catch {
    throw new ValidationError({ field: 'file', code: 'not_fangkong', params: { file } });
  }
  if (info.schema_version < 1 || !info.tables.includes('arrivals') || !info.tables.includes('audit_log')) throw new ValidationError({ field: 'file', code: 'not_fangkong', params: { file } });
  if (info.schema_version > LATEST_VERSION) throw new ValidationError({ field: 'file', code: 'restore_newer', params: { file, version: info.schema_version, latest: LATEST_VERSION } });
  if (info.integrity !== 'ok') throw new ValidationError({ field: 'file', code: 'restore_corrupt', params: { file, detail: info.integrity } });
  return { schema_version: info.schema_version, arrivals: info.arrivals ?? 0 };
}

const SOURCE = 'restore_source';

/** The time in the name of the database saved before a restore (20221201-100000, office time). */
function restoreStamp(ctx: ServiceContext): string {
  return localDateTime(ctx.now, ctx.tz).replace(/[-:]/g, '').replace('T', '-');
}

/** PostgreSQL's client tools a restore there needs. */
export const PG_RESTORE_TOOLS = ['pg_restore', 'pg_dump'] as const;

/**
 * Checks a `db backup` dump before a restore into the PostgreSQL database `store`: readable by
 * pg_restore (`--list`), a fangkong database (its arrivals, audit log and schema version), of
 * this database's schema version; an SQLite backup is refused, with what to do instead. Returns
 * its schema version and arrivals.
 */
export async function checkPgRestorable(store: Store, file: string): Promise<{ schema_version: number; arrivals: number }> {
  if (!fs.existsSync(file)) throw new StoreError(`cannot read ${file}: no such file`, `无法读取 ${file}：文件不存在`);
  if (!fs.statSync(file).isFile()) throw new StoreError(`cannot read ${file}: not a regular file`, `无法读取 ${file}：不是普通文件`);
  if (!isPgDump(file)) {
    let sqlite = false;
    try {
      checkRestorable(file);
      sqlite = true;
    } catch {
      // neither a dump nor an SQLite backup
    }
    throw new ValidationError({ field: 'file', code: sqlite ? 'restore_sqlite_into_pg' : 'not_fangkong', params: { file } });
  }
  const missing = missingPgTools(PG_RESTORE_TOOLS);
  if (missing.length) {
    throw new StoreError(
      `a restore on PostgreSQL needs ${missing.join(' and ')} (PostgreSQL's client tools; Debian/Ubuntu: apt-get install postgresql-client), not on the PATH here`,
      `PostgreSQL 上的恢复需要 ${missing.join(' 和 ')}（PostgreSQL 客户端工具；Debian/Ubuntu：apt-get install postgresql-client），本机的 PATH 里没有`,
    );
  }
  const listed = dumpTables(file);
  if ('error' in listed) throw new ValidationError({ field: 'file', code: 'restore_corrupt', params: { file, detail: listed.error } });
  for (const t of ['schema_version', 'arrivals', 'audit_log', 'keys']) if (!listed.tables.includes(t)) throw new ValidationError({ field: 'file', code: 'not_fangkong', params: { file } });
  const version = Number((await dumpValue(file, 'schema_version')) ?? NaN);
  if (!Number.isInteger(version) || version < 1) throw new ValidationError({ field: 'file', code: 'not_fangkong', params: { file } });
  if (version > LATEST_VERSION) throw new ValidationError({ field: 'file', code: 'restore_newer', params: { file, version, latest: LATEST_VERSION } });
  if (version !== store.schemaVersion()) throw new ValidationError({ field: 'file', code: 'restore_older_dump', params: { file, version, latest: store.schemaVersion() } });
  const mine = new Set(store.maintenance.tables());
  const foreign = listed.tables.filter((t) => t !== 'schema_version' && !mine.has(t));
  if (foreign.length) throw new ValidationError({ field: 'file', code: 'not_fangkong', params: { file } });
  return { schema_version: version, arrivals: await countDumpRows(file, 'arrivals') };
}

/**
 * A restore on PostgreSQL from a `db backup` dump (pg_dump's custom format), in the database
 * itself: the dump checked first (checkPgRestorable); the write lock taken; the database as it
 * is saved with pg_dump beside the dump (checked by pg_restore --list; nobody can write while the
 * lock is held, so it is the database the restore replaces); then, in the same one transaction,
 * every table emptied and filled with the dump's rows (store/pg/restore.ts), checked — the rows
 * of every table as in the dump, the audit chain intact, as many audit rows as the dump's — and
 * committed only then, with the audit row. Not `pg_restore --clean`: that commits on its own
 * connection before anything could be checked, drops and makes again the tables (their grants
 * and the roles' row-level security with them), and cannot wait for the desks' write lock.
 */
async function restorePg(store: Store, file: string, ctx: ServiceContext, checked?: { schema_version: number; arrivals: number }, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const info = checked ?? (await checkPgRestorable(store, file));
  const dbName = decodeURIComponent(new URL((store.db as PgDriver).url).pathname.replace(/^\//, '')) || 'fangkong';
  const saved = path.join(path.dirname(path.resolve(file)), `${dbName.replace(/[^\w.-]/g, '_')}.before-restore-${restoreStamp(ctx)}.dump`);
  if (fs.existsSync(saved)) throw new UsageError(`${saved} exists already: wait a second and restore again`, `${saved} 已存在：请等一秒再恢复`);
  try {
    store.begin();
  } catch (err) {
    if (isRetryable(err) || /busy|lock/i.test((err as Error).message)) throw busy('nothing was restored', '未恢复任何内容');
    throw err;
  }
  let savedWritten = false;
  try {
    pgDump(store, saved);
    savedWritten = true;
    const loader = new DumpLoader(store.db as PgDriver, store.maintenance.tables());
    loader.begin();
    // the rows of each table in the dump, counted as they are copied in
    const want: Record<string, number> = {};
    let table = '';
    let columns: string[] = [];
    await readDumpData(file, {
      start(t, cols) {
        if (t !== 'schema_version' && !loader.has(t)) throw new ValidationError({ field: 'file', code: 'not_fangkong', params: { file } });
        table = t;
        columns = cols;
      },
      rows(data, lines) {
        // the version is this database's already (checked): its row stays as it is
        if (table === 'schema_version') return;
        loader.copy(table, columns, data);
        want[table] = (want[table] ?? 0) + lines;
      },
      end() {},
    });
    loader.end();
    const census = store.maintenance.census();
    const audit = verifyAudit(store);
    const got = verifiedOf(census, audit);
    const differs = Object.keys(census.rows).find((t) => census.rows[t] !== (want[t] ?? 0));
    const accepted = differs === undefined ? brokenAuditAccepted(file, audit, opts) : undefined;
    const problem: [string, string] | null =
      differs !== undefined ? [`${differs}: ${census.rows[differs]} rows, not ${want[differs] ?? 0}`, `${differs}：${census.rows[differs]} 行，应为 ${want[differs] ?? 0}`] :
      audit.rows !== (want.audit_log ?? 0) ? [`${audit.rows} audit rows, not ${want.audit_log ?? 0}`, `审计日志 ${audit.rows} 条，应为 ${want.audit_log ?? 0}`] :
      null;
    if (problem) throw notRestored(problem);
    store.audit.write({
      at: ctx.now,
      actor: ctx.actor,
      action: 'db.restore',
      record: `file:${path.basename(file)}`,
      after: { saved: path.basename(saved), tool: 'pg_dump', backup_schema_version: info.schema_version, verified: summary(got), ...(accepted && { accepted_broken_audit: accepted }) },
    });
    store.commit();
    return { restored: file, saved, arrivals: got.rows.arrivals ?? 0, backup_schema_version: info.schema_version, verified: got, ...(accepted && { accepted_broken_audit: accepted }) };
  } catch (err) {
    store.rollback();
    if (savedWritten) fs.rmSync(saved, { force: true });
    throw err;
  }
}

/** Replaces the database with a backup; see the top of this file. */
export async function restore(store: Store, file: string, ctx: ServiceContext, checked?: { schema_version: number; arrivals: number }, opts: RestoreOptions = {}): Promise<RestoreResult> {
  if (store.backend === 'postgres') return restorePg(store, file, ctx, checked, opts);
  if (path.resolve(file) === path.resolve(store.path)) throw new UsageError('that is the database in use: give a backup file', '这是正在使用的数据库：请给出备份文件');
  const info = checkRestorable(file);
  const stamp = restoreStamp(ctx);
  const saved = store.path.replace(/(\.db)?$/, `.before-restore-${stamp}.db`);
  if (fs.existsSync(saved)) throw new UsageError(`${saved} exists already: wait a second and restore again`, `${saved} 已存在：请等一秒再恢复`);

  // the copy the restore reads from, brought to this version's schema
  const work = createTempFile(store.path);
  try {
    await copyDatabase(file, work.path);
    // brought to this version with this database's key file: a backup from before schema 16 gives its key there, never beside the copy
    openStore(work.path, { keyFile: store.keys.file ?? undefined }).close();
    const expected = openAsIs(work.path);
    let source: Verified;
    let accepted: RestoreResult['accepted_broken_audit'];
    try {
      const chain = verifyAudit(expected);
      source = verifiedOf(expected.maintenance.census(), chain);
      accepted = brokenAuditAccepted(file, chain, opts);
    } finally {
      expected.close();
    }

    store.maintenance.attach(work.path, SOURCE);
    let savedWritten = false;
    try {
      // save the database as it is, then hold the write lock; if another program committed in
      // between, the saved copy is out of date: take it again
      for (let attempt = 1; ; attempt++) {
        const version = store.maintenance.dataVersion();
        await writeBackup(store, saved);
        savedWritten = true;
        try {
          store.begin();
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_BUSY') throw busy('nothing was restored', '未恢复任何内容');
          throw err;
        }
        if (store.maintenance.dataVersion() === version) break;
        store.rollback();
        fs.rmSync(saved, { force: true });
        savedWritten = false;
        if (attempt === 3) throw busy('nothing was restored', '未恢复任何内容');
      }
      try {
        store.maintenance.replaceAllFrom(SOURCE);
        const got = verifiedOf(store.maintenance.census(), verifyAudit(store));
        const problem = differences(got, source);
        if (problem) throw notRestored(problem);
        store.audit.write({
          at: ctx.now,
          actor: ctx.actor,
          action: 'db.restore',
          record: `file:${path.basename(file)}`,
          after: { saved: path.basename(saved), backup_schema_version: info.schema_version, verified: summary(got), ...(accepted && { accepted_broken_audit: accepted }) },
        });
        store.commit();
        return { restored: file, saved, arrivals: got.rows.arrivals ?? 0, backup_schema_version: info.schema_version, verified: got, ...(accepted && { accepted_broken_audit: accepted }) };
      } catch (err) {
        store.rollback();
        throw err;
      }
    } catch (err) {
      if (savedWritten) fs.rmSync(saved, { force: true });
      throw err;
    } finally {
      store.maintenance.detach(SOURCE);
    }
  } finally {
    work.discard();
  }
}

/** How a restored database differs from the backup it came from, or null. */
/** A restore whose check found `problem` (in English and in Chinese): nothing restored. */
function notRestored(problem: [string, string]): StoreError {
  return new StoreError(`the restore did not check out (${problem[0]}): nothing was restored`, `恢复未通过核验（${problem[1]}）：未恢复任何内容`);
}

/** What differs, in English and in Chinese, or null. */
function differences(got: Verified, want: Verified): [string, string] | null {
  if (got.integrity !== 'ok') return [`integrity: ${got.integrity}`, `完整性：${got.integrity}`];
  if (got.foreign_keys !== 0) return [`${got.foreign_keys} foreign-key problem(s)`, `${got.foreign_keys} 处外键问题`];
  if (got.schema_version !== want.schema_version) return [`schema ${got.schema_version}, not ${want.schema_version}`, `结构版本 ${got.schema_version}，不是 ${want.schema_version}`];
  const tables = new Set([...Object.keys(got.rows), ...Object.keys(want.rows)]);
  for (const t of tables) if (got.rows[t] !== want.rows[t]) return [`${t}: ${got.rows[t] ?? 'missing'} rows, not ${want.rows[t] ?? 'none'}`, `${t}：${got.rows[t] ?? '缺失'} 行，应为 ${want.rows[t] ?? '无'}`];
  if (got.audit_head !== want.audit_head) return ['the audit head differs', '审计末条哈希不同'];
  return null;
}
