/**
 * Moving a county between SQLite and PostgreSQL (`db copy`), and backups on PostgreSQL
 * (`db backup` calls pg_dump when it is on the PATH, else says how to run it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { StoreError, UsageError } from '../domain/errors.js';
import { copyRows } from '../store/copy.js';
import { openStore, type Store } from '../store/db.js';
import { isPostgresUrl, safeUrl } from '../store/driver.js';
import type { PgDriver } from '../store/pg/driver.js';
import { verifyAudit } from './audit.js';
import type { ServiceContext } from './context.js';

export interface CopyResult {
  from: string;
  to: string;
  /** Rows copied, by table. */
  rows: Record<string, number>;
  verified: { tables: number; rows_equal: boolean; audit_rows: number; audit_head: string; audit_chain: 'intact' | 'broken' };
}

/**
 * Copies the open database into `to` — a new SQLite file, or a PostgreSQL database with no
 * fangkong data yet — then checks the copy: the rows of every table as in the source, and the
 * audit chain intact with the same last row. A copy that does not check out is removed (a file)
 * or left for the official to drop (PostgreSQL), and the command fails.
 */
export function copyDatabase(store: Store, to: string, ctx: ServiceContext): CopyResult {
  const pg = isPostgresUrl(to);
  if (!pg && fs.existsSync(to)) throw new UsageError(`${to} exists already: copy into a new file`);
  if (safeUrl(to) === store.path || (!pg && store.backend === 'sqlite' && to === store.path)) throw new UsageError('that is the database in use: give another one with --to');
  const target = openStore(to, { create: true });
  const shown = target.path;
  try {
    const rows = copyRows(store, target);
    const a = store.maintenance.census().rows;
    const b = target.maintenance.census().rows;
    const equal = Object.keys(a).every((t) => a[t] === b[t]);
    const src = verifyAudit(store);
    const got = verifyAudit(target);
    const ok = equal && got.ok && got.rows === src.rows && got.head === src.head;
    if (!ok) throw new StoreError(`the copy in ${shown} did not check out (${equal ? '' : 'row counts differ; '}audit ${got.ok ? 'intact' : 'broken'}, ${got.rows} of ${src.rows} rows)`);
    const verified = { tables: Object.keys(a).length, rows_equal: equal, audit_rows: got.rows, audit_head: got.head, audit_chain: 'intact' as const };
    const after = { to: shown, arrivals: rows.arrivals ?? 0, audit_rows: got.rows, audit_head: got.head };
    store.transaction(() => store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.copy', record: `to:${pg ? 'postgres' : 'file'}`, after }));
    target.transaction(() => target.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.copy', record: `from:${store.backend === 'postgres' ? 'postgres' : 'file'}`, after: { from: store.path, arrivals: rows.arrivals ?? 0, audit_rows: got.rows, audit_head: got.head } }));
    return { from: store.path, to: shown, rows, verified };
  } catch (err) {
    target.close();
    if (!pg) for (const f of [to, `${to}-wal`, `${to}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  } finally {
    target.close();
  }
}

export interface PgBackupResult {
  file: string;
  bytes: number;
  tool: 'pg_dump';
  /** Entries pg_restore lists in the dump: it can be read back. */
  entries: number;
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && fs.existsSync(`${d}/${cmd}`));
}

/** A backup of a PostgreSQL database with pg_dump (custom format), checked by pg_restore --list. */
export function pgDump(store: Store, file: string): PgBackupResult {
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: choose a new file name for the backup`);
  const url = (store.db as PgDriver).url;
  if (!onPath('pg_dump')) {
    throw new StoreError(`on PostgreSQL, back up with pg_dump (not on the PATH here): pg_dump --format=custom --file ${file} ${store.path}`);
  }
  const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', url], { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(file, { force: true });
    throw new StoreError(`pg_dump failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
  }
  fs.chmodSync(file, 0o600);
  const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
  if (list.status !== 0) throw new StoreError(`the dump ${file} cannot be read back by pg_restore: ${list.stderr.trim().split('\n')[0]}`);
  const entries = list.stdout.split('\n').filter((l) => l && !l.startsWith(';')).length;
  return { file, bytes: fs.statSync(file).size, tool: 'pg_dump', entries };
}
