/** Online backups and restoring from one. */
import fs from 'node:fs';
import path from 'node:path';
import { localDateTime } from '../domain/dates.js';
import { StoreError, UsageError, ValidationError } from '../domain/errors.js';
import type { Store } from '../store/db.js';
import { inspectFile, restoreFrom } from '../store/maintenance.js';
import { LATEST_VERSION } from '../store/migrations/index.js';
import type { ServiceContext } from './context.js';

export interface BackupResult {
  file: string;
  bytes: number;
}

export interface RestoreResult {
  restored: string;
  /** The database as it was before the restore, saved beside it. */
  saved: string;
  arrivals: number;
}

/** An online backup (safe while another process writes), owner-only. */
export async function backup(store: Store, file: string, ctx: ServiceContext): Promise<BackupResult> {
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: choose a new file name for the backup`);
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
    await store.maintenance.backup(file);
    fs.chmodSync(file, 0o600);
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw new StoreError(`cannot write the backup ${file}: ${(err as Error).message}`);
  }
  store.transaction(() => store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.backup', record: `file:${path.basename(file)}` }));
  return { file, bytes: fs.statSync(file).size };
}

/** Refuses a file that is not a fangkong database, is newer than this tool, or fails the integrity check. */
export function checkRestorable(file: string): { schema_version: number; arrivals: number } {
  if (!fs.existsSync(file)) throw new StoreError(`cannot read ${file}: no such file`);
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

/**
 * Replaces the database with a backup, through SQLite's backup API. The current database is
 * first saved beside itself (<name>.before-restore-<time>.db), so a restore loses nothing.
 */
export async function restore(store: Store, file: string, ctx: ServiceContext): Promise<RestoreResult> {
  if (path.resolve(file) === path.resolve(store.path)) throw new UsageError('that is the database in use: give a backup file');
  const info = checkRestorable(file);
  const stamp = localDateTime(ctx.now, ctx.tz).replace(/[-:]/g, '').replace('T', '-');
  const saved = store.path.replace(/(\.db)?$/, `.before-restore-${stamp}.db`);
  fs.closeSync(fs.openSync(saved, 'wx', 0o600));
  await store.maintenance.backup(saved);
  await restoreFrom(file, store.path);
  store.transaction(() => store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.restore', record: `file:${path.basename(file)}`, after: { saved: path.basename(saved) } }));
  return { restored: file, saved, arrivals: info.arrivals };
}
