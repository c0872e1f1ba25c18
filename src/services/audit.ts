/** The audit log: verifying its hash chain, listing it, and recording a --reveal. */
import { officeStamp, startOfDayUtc } from '../domain/dates.js';
import { rowHash, type AuditFilter, type AuditRow } from '../store/audit.js';
import type { Store } from '../store/db.js';
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

/** Audit rows, their times (kept in UTC) on the office's clock with the offset; `since` is an office date. */
export function listAudit(store: Store, f: AuditFilter, tz: string): AuditRow[] {
  const rows = store.audit.list({ ...f, since: f.since ? startOfDayUtc(f.since, tz) : undefined });
  return rows.map((r) => ({ ...r, at: officeStamp(r.at, tz) }));
}

/** Leaves a line in the audit log that personal data was shown in full (--reveal). */
export function recordReveal(store: Store, ctx: ServiceContext, command: string): void {
  store.transaction(() =>
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'reveal', record: command }),
  );
}
