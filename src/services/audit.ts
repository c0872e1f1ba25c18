/** The audit log: verifying its hash chain, listing it, and recording a --reveal. */
import { officeStamp, startOfDayUtc } from '../domain/dates.js';
import type { RowStream } from '../domain/row-stream.js';
import { rowHash, type AuditFilter, type AuditRow } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from './context.js';

export interface ChainProblem {
  id: number;
  kind: 'changed' | 'deleted' | 'broken_link' | 'head_missing';
  detail: string;
}

export interface VerifyResult {
  rows: number;
  ok: boolean;
  /** The hash of the last row: keep it elsewhere (the daily log) to detect rows cut from the end. */
  head: string;
  /** The head kept elsewhere that was checked (--head), and the row it was found at. */
  kept_head?: { hash: string; row: number | null };
  problems: ChainProblem[];
}

/** A head kept elsewhere: its first 16 hex characters at least (what audit verify shows), and its row if known. */
export interface KeptHead {
  hash: string;
  rows?: number;
}

/**
 * Walks the keyed hash chain of the audit log and says which row was changed or deleted. With a
 * head kept elsewhere (`audit verify --head`), the chain must still contain it (at row `rows`
 * when given): rows rewritten, or cut from the end, lose it.
 */
export function verifyAudit(store: Store, kept?: KeptHead): VerifyResult {
  const problems: ChainProblem[] = [];
  const key = store.audit.count() > 0 ? store.audit.chainKey() : Buffer.alloc(0);
  const want = kept?.hash.trim().toLowerCase();
  let found: number | null = null;
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
    if (rowHash(r, key) !== r.hash) problems.push({ id: r.id, kind: 'changed', detail: `row ${r.id} was changed: its content does not match its hash` });
    if (want && found === null && (r.hash ?? '').startsWith(want) && (kept?.rows === undefined || kept.rows === r.id)) found = r.id;
    prev = r.hash ?? '';
    expected = r.id + 1;
  }
  const result: VerifyResult = { rows, ok: false, head: prev, problems };
  if (want) {
    result.kept_head = { hash: want, row: found };
    if (found === null) {
      const at = kept?.rows === undefined ? '' : ` at row ${kept.rows}`;
      problems.push({ id: kept?.rows ?? rows + 1, kind: 'head_missing', detail: `the head kept elsewhere (${want.slice(0, 16)}…${at}) is no longer in the chain: rows were rewritten or cut from the end` });
    }
  }
  result.ok = problems.length === 0;
  return result;
}

/** Audit rows, their times (kept in UTC) on the office's clock with the offset; `since` is an office date. */
export function listAudit(store: Store, f: AuditFilter, tz: string): AuditRow[] {
  const rows = store.audit.list({ ...f, since: f.since ? startOfDayUtc(f.since, tz) : undefined });
  return rows.map((r) => ({ ...r, at: officeStamp(r.at, tz) }));
}

/** listAudit read as it is shown (a count, then a row at a time): an audit log of any size. */
export function streamAudit(store: Store, f: AuditFilter, tz: string): RowStream<AuditRow> {
  return store.audit.stream({ ...f, since: f.since ? startOfDayUtc(f.since, tz) : undefined }).map((r) => ({ ...r, at: officeStamp(r.at, tz) }));
}

/** Leaves a line in the audit log that personal data was shown in full (--reveal). */
export function recordReveal(store: Store, ctx: ServiceContext, command: string): void {
  store.transaction(() =>
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'reveal', record: command }),
  );
}
