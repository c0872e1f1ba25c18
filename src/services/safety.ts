/** Audit verification, backups, restore, integrity checks, and purging personal data. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, localDateTime, parseDate } from '../domain/dates.js';
import { StoreError, UsageError, ValidationError } from '../domain/errors.js';
import { rowHash, type AuditFilter, type AuditRow } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { foreignKeyProblems, inspectFile, integrity as integrityOf, purgeCandidates, purgePerson, restoreFrom, unpurgedArrivals } from '../store/maintenance.js';
import { LATEST_VERSION } from '../store/migrations/index.js';
import type { ServiceContext } from './context.js';

export interface ChainProblem {
  id: number;
  kind: 'changed' | 'deleted' | 'broken_link';
  detail: string;
}

export interface VerifyResult {
  rows: number;
  ok: boolean;
  /** The hash of the last row: keep it elsewhere to detect rows deleted from the end. */
  head: string;
  problems: ChainProblem[];
}

/** Walks the hash chain of the audit log and says which row was changed or deleted. */
export function verifyAudit(store: Store): VerifyResult {
  const problems: ChainProblem[] = [];
  let prev = '';
  let expected = 1;
  let rows = 0;
  for (const r of store.audit.iterate()) {
    rows++;
    let gap = false;
    if (r.id !== expected) {
      gap = true;
      problems.push({ id: expected, kind: 'deleted', detail: r.id - expected === 1 ? `row ${expected} was deleted` : `rows ${expected} to ${r.id - 1} were deleted` });
    }
    if (!gap && (r.prev_hash ?? '') !== prev) {
      problems.push({ id: r.id - 1, kind: 'broken_link', detail: `row ${r.id - 1} was changed: row ${r.id} recorded a different hash for it` });
    }
    if (rowHash(r) !== r.hash) problems.push({ id: r.id, kind: 'changed', detail: `row ${r.id} was changed: its content does not match its hash` });
    prev = r.hash ?? '';
    expected = r.id + 1;
  }
  return { rows, ok: problems.length === 0, head: prev, problems };
}

export function listAudit(store: Store, f: AuditFilter): AuditRow[] {
  return store.audit.list(f);
}

/** An online backup (safe while another process writes), owner-only. */
export async function backup(store: Store, file: string, ctx: ServiceContext): Promise<{ file: string; bytes: number }> {
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: choose a new file name for the backup`);
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
    await store.db.backup(file);
    fs.chmodSync(file, 0o600);
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw new StoreError(`cannot write the backup ${file}: ${(err as Error).message}`);
  }
  store.transaction(() => store.audit.write({ at: localDateTime(ctx.now), actor: ctx.actor, action: 'db.backup', record: `file:${path.basename(file)}` }));
  return { file, bytes: fs.statSync(file).size };
}

export interface CheckResult {
  path: string;
  schema_version: number;
  latest_version: number;
  integrity: string[];
  foreign_keys: number;
  audit: VerifyResult;
  ok: boolean;
}

export function check(store: Store): CheckResult {
  const integrity = integrityOf(store.db);
  const fk = foreignKeyProblems(store.db);
  const audit = verifyAudit(store);
  return {
    path: store.path,
    schema_version: store.schemaVersion(),
    latest_version: LATEST_VERSION,
    integrity,
    foreign_keys: fk,
    audit,
    ok: integrity.length === 1 && integrity[0] === 'ok' && fk === 0 && audit.ok,
  };
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
export async function restore(store: Store, file: string, ctx: ServiceContext): Promise<{ restored: string; saved: string; arrivals: number }> {
  if (path.resolve(file) === path.resolve(store.path)) throw new UsageError('that is the database in use: give a backup file');
  const info = checkRestorable(file);
  const stamp = localDateTime(ctx.now).replace(/[-:]/g, '').replace('T', '-');
  const saved = store.path.replace(/(\.db)?$/, `.before-restore-${stamp}.db`);
  fs.closeSync(fs.openSync(saved, 'wx', 0o600));
  await store.db.backup(saved);
  await restoreFrom(file, store.path);
  store.transaction(() => store.audit.write({ at: localDateTime(ctx.now), actor: ctx.actor, action: 'db.restore', record: `file:${path.basename(file)}`, after: { saved: path.basename(saved) } }));
  return { restored: file, saved, arrivals: info.arrivals };
}

export interface PurgeResult {
  before: string;
  dry_run: boolean;
  arrivals: number;
  inspections: number;
  test_results: number;
}

/**
 * Removes the personal data (name, ID number, phone, address, vehicle, note) of people whose
 * measures all ended before a date — and of arrivals before it that never had a measure —
 * keeping what the reports count (dates, origin, transport, township, measures). The ID number
 * becomes a pseudonym, so the same person stays one person.
 */
export function purge(store: Store, beforeRaw: string, dryRun: boolean, ctx: ServiceContext): PurgeResult {
  const before = parseDate(beforeRaw);
  if (!before) throw new ValidationError({ field: 'date', code: 'date', params: { value: beforeRaw } });
  if (before > addDays(ctx.today, 1)) throw new ValidationError({ field: 'date', code: 'date_future', params: { value: before, today: ctx.today } });
  const at = localDateTime(ctx.now);
  const run = () => {
    const byPerson = new Map<string, number>();
    for (const r of purgeCandidates(store.db, before)) byPerson.set(r.id_number, (byPerson.get(r.id_number) ?? 0) + 1);
    const result: PurgeResult = { before, dry_run: dryRun, arrivals: 0, inspections: 0, test_results: 0 };
    for (const [idNumber, n] of byPerson) {
      // a person is purged only when every arrival of theirs is due
      if (unpurgedArrivals(store.db, idNumber) !== n) continue;
      if (dryRun) {
        result.arrivals += n;
        continue;
      }
      const changed = purgePerson(store.db, idNumber, `P${createPseudonym(idNumber)}`, at);
      result.arrivals += changed.arrivals;
      result.inspections += changed.inspections;
      result.test_results += changed.test_results;
    }
    if (!dryRun) store.audit.write({ at, actor: ctx.actor, action: 'arrival.purge', record: `before:${before}`, after: result });
    return result;
  };
  return dryRun ? run() : store.transaction(run);
}

/** 17 characters derived from the ID number: the same person gets the same pseudonym. */
function createPseudonym(idNumber: string): string {
  return createHash('sha256').update(`fangkong-purge:${idNumber}`).digest('hex').slice(0, 17).toUpperCase();
}
