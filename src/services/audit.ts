/** The audit log: verifying its hash chain, listing it, and recording a --reveal. */
import fs from 'node:fs';
import { officeStamp, startOfDayUtc } from '../domain/dates.js';
import { UsageError } from '../domain/errors.js';
import type { RowStream } from '../domain/row-stream.js';
import { rowHash, type AuditFilter, type AuditRow } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from './context.js';

export interface ChainProblem {
  id: number;
  kind: 'changed' | 'deleted' | 'broken_link' | 'head_missing' | 'report_head_missing';
  detail: string;
  /** report_head_missing: the report file whose head is no longer in the chain, and that head. */
  file?: string;
  head?: string;
}

export interface VerifyResult {
  rows: number;
  ok: boolean;
  /** The hash of the last row: keep it elsewhere (the daily log) to detect rows cut from the end. */
  head: string;
  /** The head kept elsewhere that was checked (--head), and the row it was found at. */
  kept_head?: { hash: string; row: number | null };
  /** The heads of issued reports checked (--report): each found in the chain at its row, or not. */
  reports?: Array<ReportHead & { found: boolean }>;
  problems: ChainProblem[];
}

/** The audit head a daily report carries (issue 23): its row and hash, read from the report's file. */
export interface ReportHead {
  file: string;
  rows: number;
  /** The hash, or its first 16 hex characters or more (a report on screen, Markdown, HTML). */
  head: string;
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
export function verifyAudit(store: Store, kept?: KeptHead, reports: ReportHead[] = []): VerifyResult {
  const problems: ChainProblem[] = [];
  const key = store.audit.count() > 0 ? store.audit.chainKey() : Buffer.alloc(0);
  const want = kept?.hash.trim().toLowerCase();
  let foundAt: number | null = null;
  let prev = '';
  let expected = 1;
  let rows = 0;
  // a report made while the log was empty anchors nothing: it holds
  const found = new Set<ReportHead>(reports.filter((h) => h.rows === 0));
  const atRow = new Map<number, ReportHead[]>();
  for (const h of reports) if (h.rows > 0) atRow.set(h.rows, [...(atRow.get(h.rows) ?? []), h]);
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
    for (const h of atRow.get(r.id) ?? []) if ((r.hash ?? '').startsWith(h.head)) found.add(h);
    if (want && foundAt === null && (r.hash ?? '').startsWith(want) && (kept?.rows === undefined || kept.rows === r.id)) foundAt = r.id;
    prev = r.hash ?? '';
    expected = r.id + 1;
  }
  const result: VerifyResult = { rows, ok: false, head: prev, problems };
  if (want) {
    result.kept_head = { hash: want, row: foundAt };
    if (foundAt === null) {
      const at = kept?.rows === undefined ? '' : ` at row ${kept.rows}`;
      problems.push({ id: kept?.rows ?? rows + 1, kind: 'head_missing', detail: `the head kept elsewhere (${want.slice(0, 16)}…${at}) is no longer in the chain: rows were rewritten or cut from the end` });
    }
  }
  if (reports.length) {
    result.reports = reports.map((h) => ({ ...h, found: found.has(h) }));
    for (const h of reports) {
      if (found.has(h)) continue;
      const short = h.head.slice(0, 16);
      problems.push({ id: h.rows, kind: 'report_head_missing', file: h.file, head: short, detail: `the audit head in ${h.file} (row ${h.rows}, ${short}…) is no longer in the chain: rows were rewritten or cut from the end` });
    }
  }
  result.ok = problems.length === 0;
  return result;
}

/** A daily report is a few kilobytes (services/reporting.ts REPORT_FILE_MAX): anything past this is not one. */
const REPORT_FILE_MAX = 16 * 1024 * 1024;

/** The first bytes of a zip (an xlsx workbook). */
const ZIP = Buffer.from('PK\x03\x04', 'latin1');

/**
 * The audit head a daily report carries, read from the file it was issued as: JSON (`audit`),
 * CSV or a workbook (the rows `audit.rows` and `audit.head`), a table, Markdown or HTML (the
 * footer line 审计链：N 条，末条哈希 … / audit chain: N rows, head …). A file with none is refused
 * (exit 2): a report made before reports carried the head, or not a daily report.
 */
export async function readReportHead(file: string): Promise<ReportHead> {
  const { openRegular, readSmallText } = await import('../io/input.js');
  const { fd } = openRegular(file);
  const start = Buffer.alloc(4);
  try {
    fs.readSync(fd, start, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  let rows: string | undefined;
  let head: string | undefined;
  if (start.equals(ZIP)) {
    const { readSheet } = await import('../io/xlsx.js');
    for await (const r of readSheet(file, {}, { sheet() {}, bytes() {} })) {
      if (r.fields[0] === 'audit.rows') rows = r.fields[2];
      if (r.fields[0] === 'audit.head') head = r.fields[2] ?? '';
    }
  } else {
    const text = readSmallText(file, REPORT_FILE_MAX);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const a = (json as { audit?: { rows?: unknown; head?: unknown } } | undefined)?.audit;
    if (a && typeof a === 'object') {
      rows = typeof a.rows === 'number' ? String(a.rows) : undefined;
      head = typeof a.head === 'string' ? a.head : undefined;
    } else if (json === undefined) {
      const csvRows = /^audit\.rows,[^,\n]*,(\d+)\r?$/m.exec(text);
      const csvHead = /^audit\.head,[^,\n]*,([0-9a-f]*)\r?$/m.exec(text);
      const footer = /(?:审计链：(\d+) 条，末条哈希|audit chain: (\d+) rows, head) ([0-9a-f]{16,64}|—)/.exec(text);
      if (csvRows && csvHead) [rows, head] = [csvRows[1], csvHead[1]];
      else if (footer) [rows, head] = [footer[1] ?? footer[2], footer[3] === '—' ? '' : footer[3]];
    }
  }
  const n = rows !== undefined && /^\d{1,12}$/.test(rows.trim()) ? Number(rows) : NaN;
  const hash = (head ?? '').trim().toLowerCase();
  if (!Number.isInteger(n) || !(n === 0 ? hash === '' : /^[0-9a-f]{16,64}$/.test(hash))) {
    throw new UsageError(
      `${file} carries no audit head: give a daily report as issued (a report made before reports carried the head has none)`,
      `${file} 中没有审计末条哈希：请给出上报的日报文件（加入审计链信息以前的日报没有）`,
    );
  }
  return { file, rows: n, head: hash };
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
