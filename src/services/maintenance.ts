/** Checking the database (integrity, foreign keys, audit chain) and purging personal data. */
import fs from 'node:fs';
import { addDays, localDateTime, parseDate } from '../domain/dates.js';
import { ValidationError } from '../domain/errors.js';
import { pseudonym } from '../domain/keyed.js';
import type { Store } from '../store/db.js';
import { LATEST_VERSION } from '../store/migrations/index.js';
import { verifyAudit, type VerifyResult } from './audit.js';
import type { ServiceContext } from './context.js';

export interface InitResult {
  path: string;
  /** False when the database was there already. */
  created: boolean;
  schema_version: number;
}

/** Creates the database at a path (opening it creates and migrates it), or opens the one there. */
export async function initDatabase(path: string, open: () => Promise<Store>): Promise<InitResult> {
  const created = !fs.existsSync(path);
  const store = await open();
  // PostgreSQL: created when this open made the schema (the path is the URL, no file)
  // SQLite: created when the file was not there, or was empty (only init makes a database in an empty file)
  return { path: store.backend === 'postgres' ? store.path : path, created: store.backend === 'postgres' ? store.created : created || store.created, schema_version: store.schemaVersion() };
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
  const integrity = store.maintenance.integrity();
  const fk = store.maintenance.foreignKeyProblems();
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

export interface PurgeResult {
  before: string;
  dry_run: boolean;
  arrivals: number;
  inspections: number;
  test_results: number;
  /**
   * After the purge, the old values are gone from the file too: free pages cleared (VACUUM),
   * the WAL checkpointed and truncated. False when another program was reading, so the WAL
   * could not be emptied (run the purge again when it is idle). Absent on a dry run.
   */
  scrubbed?: boolean;
}

/**
 * Removes the personal data (name, ID number, phone, address, vehicle, note, and the free texts
 * written about the person: store/maintenance.ts purgePerson) of people whose measures all ended
 * before a date — and of arrivals before it that never had a measure — keeping what the reports
 * count (dates, origin, transport, township, measures). The ID number becomes a keyed pseudonym
 * (domain/keyed.ts, under the pseudonym key that is not in the database file: store/keys.ts), so
 * the same person stays one person. The rows are changed with secure_delete on; then the file is
 * rebuilt (VACUUM: no free page keeps an old value) and the WAL checkpointed and truncated, so
 * the old values are nowhere in the database files. The audit log never held them
 * (store/audit.ts).
 */
export function purge(store: Store, beforeRaw: string, dryRun: boolean, ctx: ServiceContext): PurgeResult {
  const before = parseDate(beforeRaw);
  if (!before) throw new ValidationError({ field: 'date', code: 'date', params: { value: beforeRaw } });
  if (before > addDays(ctx.today, 1)) throw new ValidationError({ field: 'date', code: 'date_future', params: { value: before, today: ctx.today } });
  const at = localDateTime(ctx.now, ctx.tz);
  const key = dryRun ? null : store.keys.get('pseudonym');
  const run = () => {
    const byPerson = new Map<string, number>();
    for (const r of store.maintenance.purgeCandidates(before)) byPerson.set(r.id_number, (byPerson.get(r.id_number) ?? 0) + 1);
    const result: PurgeResult = { before, dry_run: dryRun, arrivals: 0, inspections: 0, test_results: 0 };
    for (const [idNumber, n] of byPerson) {
      // a person is purged only when every arrival of theirs is due
      if (store.maintenance.unpurgedArrivals(idNumber) !== n) continue;
      if (dryRun) {
        result.arrivals += n;
        continue;
      }
      const changed = store.maintenance.purgePerson(idNumber, pseudonym(key!, idNumber), at);
      result.arrivals += changed.arrivals;
      result.inspections += changed.inspections;
      result.test_results += changed.test_results;
    }
    if (!dryRun) store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'arrival.purge', record: `before:${before}`, after: result });
    return result;
  };
  if (dryRun) return run();
  store.maintenance.secureDelete(true);
  const result = store.transaction(run);
  return { ...result, scrubbed: store.maintenance.scrub() };
}
