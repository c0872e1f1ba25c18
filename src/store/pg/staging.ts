/**
 * PostgreSQL's bulk path (issue 18): a batch of validated rows is written with `COPY … FROM STDIN`
 * into a temporary staging table made LIKE the target (its column types, NOT NULLs and CHECKs;
 * not its keys, so a key twice in a batch is staged twice), then moved into the target by ONE
 * `INSERT … SELECT … FROM staging ORDER BY n ON CONFLICT … DO NOTHING RETURNING …` (the repos'
 * insertMany), all in the import's one transaction.
 *
 * The staging table's types and CHECKs are the target's: a value the target would refuse is
 * refused while it is staged, with the line of the COPY — its place in the batch — so the error
 * names the row (StagedRowRefused, turned into the file's row by services/import.ts), and the
 * whole command rolls back: never a half-import.
 */
import { PgError, type PgDriver } from './driver.js';

/**
 * Arrivals an import stages at once on PostgreSQL. Measured (300,000 arrivals through `arrival
 * import`, the same server, alternating runs): a thousand a batch 19.4–20.4 s against 15.7–16.8 s
 * for the batch statement it replaced; five thousand 14.9–16.9 s against 16.3–17.6 s — the
 * staging table's fixed cost a batch paid a fifth as often. (Inspections stay at a thousand:
 * 100,000 of them took 12.1 s so, 14.1 s five thousand at a time, 12.9 s before.)
 */
export const STAGE_BATCH = 5000;

/** One field in COPY's text format: NULL as \N; backslash, tab, newline and CR escaped. */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PgError(`not a number PostgreSQL can store: ${v}`);
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  // the store's booleans are 1 and 0 (as SQLite's)
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v !== 'string') throw new PgError(`not a value COPY takes: ${typeof v}`);
  // PostgreSQL's text cannot hold U+0000 at all: refused here rather than as a bad byte sequence
  if (v.includes('\u0000')) throw new PgError('a text value holds the character U+0000, which PostgreSQL cannot store');
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Rows as COPY's text format: fields separated by tabs, each row ended by a newline. */
export function copyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) out += (i ? '\t' : '') + copyField(r[i]);
    out += '\n';
  }
  return out;
}

/** A staged row the database refused: its place in the batch (0 = the first), and the column when it is known. */
export class StagedRowRefused extends Error {
  constructor(
    readonly index: number,
    readonly column: string | null,
    readonly constraint: string | null,
    readonly sqlstate: string | undefined,
  ) {
    super(`row ${index + 1} of the batch refused by the database${column ? ` (${column})` : ''}${constraint ? `: ${constraint}` : ''}`);
  }
}

/** The staging table of a target table (temporary: each connection has its own). */
export function stagingTable(table: string): string {
  return `fk_stage_${table}`;
}

/**
 * Stages rows for `table` and runs `sql` on them, in one request to the worker: the staging table
 * made when this connection has none (LIKE the target, with `n`, the row's place in the batch,
 * from 1) or emptied when it has one, the rows copied in, then `sql` (the INSERT … SELECT that
 * moves them; null: none); returns its rows. Must run inside a transaction (ON COMMIT DELETE
 * ROWS: nothing personal stays in it after the command). Throws StagedRowRefused for a row the
 * table's types or CHECKs refuse.
 */
export function stageRows(db: PgDriver, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], sql: string | null = null): unknown[] {
  if (!/^\w+$/.test(table) || !columns.every((c) => /^\w+$/.test(c))) throw new PgError(`not a table or column name: ${table}`);
  const stage = stagingTable(table);
  // the id is the target's (its trigger): not staged, so not NOT NULL here
  const pre = `DO $fk$ BEGIN
    IF to_regclass('pg_temp.${stage}') IS NULL THEN
      CREATE TEMP TABLE ${stage} (LIKE ${table} INCLUDING CONSTRAINTS, n bigint NOT NULL) ON COMMIT DELETE ROWS;
      ALTER TABLE ${stage} ALTER COLUMN id DROP NOT NULL;
    ELSE
      TRUNCATE ${stage};
    END IF;
  END $fk$`;
  const lines = rows.map((r, i) => [i + 1, ...r]);
  try {
    return db.stage(pre, `COPY ${stage} (n, ${columns.join(', ')}) FROM STDIN`, copyText(lines), sql);
  } catch (err) {
    if (!(err instanceof PgError)) throw err;
    const line = new RegExp(`^COPY ${stage}, line (\\d+)`).exec(err.where ?? '');
    if (!line) throw err;
    const index = Number(line[1]) - 1;
    const named = /\bcolumn (\w+)/.exec(err.where ?? '')?.[1] ?? err.column ?? columnOfCheck(err.constraint, columns);
    throw new StagedRowRefused(index, named && columns.includes(named) ? named : null, err.constraint ?? null, err.code);
  }
}

/** The column a CHECK is about, from its name (PostgreSQL names a column's CHECK `<table>_<column>_check`). */
function columnOfCheck(constraint: string | undefined, columns: readonly string[]): string | undefined {
  if (!constraint) return undefined;
  return [...columns].sort((a, b) => b.length - a.length).find((c) => constraint.endsWith(`_${c}_check`));
}
