/**
 * PostgreSQL behind the synchronous store: the `pg` driver runs in a worker thread and the main
 * thread blocks on each request with Atomics.wait (the way synckit's createSyncFn works, written
 * out here because the worker keeps one connection and its cursors between requests).
 *
 * It takes SQL as the repositories write it for SQLite and makes the small mechanical changes
 * that are the same everywhere: `?` and `@name` become `$1…$n`; an INSERT into a table with an
 * `id` gets `RETURNING id` (SQLite's last_insert_rowid). Whatever differs in meaning is written
 * per backend in the repositories (driver.ts forBackend).
 *
 * Writes are serialised, as SQLite's BEGIN IMMEDIATE serialises them: a write transaction takes
 * one advisory lock (pg_advisory_xact_lock) before its first statement, waiting at most 15 s, like
 * SQLite's busy timeout, and then says "busy: try again". The audit chain needs it anyway (each
 * row's hash is made from the one before), and so do the ids: a new row's id is max(id) + 1, as
 * in SQLite, so that the same commands give the same ids, and the same output, on both backends.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Driver, RunResult, Statement, Transaction } from '../driver.js';
import { WORKER_SOURCE } from './worker.js';

const require = createRequire(import.meta.url);

/** The advisory lock every write transaction holds (any number: the same in every fangkong). */
export const WRITE_LOCK = 0x66616e67; // 'fang'

/** Tables whose rows have an integer id made by the database (an INSERT returns it). */
const ID_TABLES = new Set([
  'arrivals', 'audit_log', 'risk_areas', 'policy_rules', 'sites', 'measures', 'placements', 'checkpoints', 'inspections', 'test_results', 'issued_reports',
]);

export class PgError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly constraint?: string,
    /** Where the server was (a COPY's "COPY t, line 3, column c: …"), and the column it names. */
    readonly where?: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** SQLSTATEs that mean "someone else was writing: the same command again will do". */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '55P03' || code === '40001' || code === '40P01';
}

interface Translated {
  text: string;
  /** Names of the @params in $n order; null when the statement is positional. */
  names: string[] | null;
  count: number;
  name: string;
}

let statementNo = 0;
const translations = new Map<string, Translated>();

/** `?` and `@name` → `$n`, outside quotes and comments; `RETURNING id` for an INSERT into an id table. */
export function translate(sql: string): Translated {
  const hit = translations.get(sql);
  if (hit) return hit;
  let out = '';
  const names: string[] = [];
  let positional = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const j = sql.indexOf(c, i + 1);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end);
      i = end - 1;
    } else if (c === '?') {
      out += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /\w/.test(sql[j])) j++;
      const name = sql.slice(i + 1, j);
      let k = names.indexOf(name);
      if (k < 0) k = names.push(name) - 1;
      out += `$${k + 1}`;
      i = j - 1;
    } else {
      out += c;
    }
  }
  const insert = /^\s*INSERT\s+INTO\s+"?(\w+)"?/i.exec(out);
  if (insert && ID_TABLES.has(insert[1].toLowerCase()) && !/\bRETURNING\b/i.test(out)) out = `${out.trimEnd()} RETURNING id`;
  const t: Translated = { text: out, names: names.length ? names : null, count: names.length || positional, name: `fk${++statementNo}` };
  if (translations.size < 5000) translations.set(sql, t);
  return t;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function value(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b|^\s*WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\s/i;

interface Answer {
  rows?: unknown[];
  rowCount?: number;
  bytea?: Array<string | number>;
  cursor?: string;
  error?: { message: string; code?: string; detail?: string; constraint?: string; where?: string; column?: string };
}

export class PgDriver implements Driver {
  readonly backend = 'postgres' as const;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private depth = 0;
  private manual = false;
  private locked = false;
  private closed = false;
  /** Requests sent, for the measurements in docs/engineering.md. */
  calls = 0;

  constructor(readonly url: string) {
    const sab = new SharedArrayBuffer(4);
    this.flag = new Int32Array(sab);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag: sab, url, pgPath: require.resolve('pg'), copyPath: require.resolve('pg-copy-streams') },
      transferList: [port2],
      // a small young generation: the rows it parses are garbage once posted, collected early
      // (a listing of 300,000 arrivals peaked past 200 MB with the default)
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.worker.unref();
    this.port.unref();
    this.call({ op: 'connect' });
  }

  /** Sends one request to the worker and sleeps until it answers. */
  call(msg: Record<string, unknown>): Answer {
    if (this.closed) throw new PgError('the database connection is closed');
    this.calls++;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(msg);
    // never act on a wake without its answer: a wake that finds the port empty sleeps again
    let got: { message: unknown } | undefined;
    for (let empty = 0; ; ) {
      const r = Atomics.wait(this.flag, 0, 0, 60_000);
      got = receiveMessageOnPort(this.port);
      if (got) break;
      if (r !== 'timed-out') {
        if (++empty > 1000) throw new PgError('the PostgreSQL worker did not answer');
        Atomics.store(this.flag, 0, 0);
        got = receiveMessageOnPort(this.port);
        if (got) break;
      }
    }
    const a = got.message as Answer;
    if (a.error) throw new PgError(a.error.message, a.error.code, a.error.constraint, a.error.where, a.error.column);
    if (a.bytea?.length && a.rows) {
      for (const row of a.rows as Array<Record<string | number, unknown>>) {
        for (const k of a.bytea) {
          const v = row[k];
          if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        }
      }
    }
    return a;
  }

  get inTransaction(): boolean {
    return this.depth > 0 || this.manual;
  }

  get open(): boolean {
    return !this.closed;
  }

  prepare(sql: string): Statement {
    return new PgStatement(this, sql);
  }

  /**
   * Runs SQL without parameters (several statements allowed). BEGIN IMMEDIATE, BEGIN, COMMIT and
   * ROLLBACK as the store sends them for SQLite keep their meaning here (store.begin()).
   */
  exec(sql: string): this {
    const s = sql.trim().replace(/;$/, '').toUpperCase();
    if (s === 'BEGIN IMMEDIATE' || s === 'BEGIN') {
      this.call({ op: 'exec', text: 'BEGIN' });
      this.manual = true;
      if (s === 'BEGIN IMMEDIATE') this.writeLock();
      return this;
    }
    if (s === 'COMMIT' || s === 'ROLLBACK') {
      try {
        this.call({ op: 'exec', text: s });
      } finally {
        this.manual = false;
        this.locked = false;
      }
      return this;
    }
    this.call({ op: 'exec', text: sql });
    return this;
  }

  /** Takes the write lock for the rest of the transaction (again: nothing). */
  writeLock(): void {
    if (this.locked || !this.inTransaction) return;
    this.call({ op: 'exec', text: `SET LOCAL lock_timeout = '15s'; SELECT pg_advisory_xact_lock(${WRITE_LOCK})` });
    this.locked = true;
  }

  /** Runs one write statement outside a transaction in one of its own, with the write lock. */
  autocommitWrite<T>(fn: () => T): T {
    return this.transaction(fn).immediate();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<T>(fn: (...args: any[]) => T): Transaction<T> {
    const run = (mode: 'deferred' | 'immediate') => (...args: unknown[]) => this.inTx(mode, () => fn(...args));
    const t = run('deferred') as Transaction<T>;
    t.deferred = run('deferred');
    t.immediate = run('immediate');
    t.exclusive = run('immediate');
    return t;
  }

  private inTx<T>(mode: 'deferred' | 'immediate', body: () => T): T {
    if (this.inTransaction) {
      const sp = `fk_sp${this.depth}`;
      this.call({ op: 'exec', text: `SAVEPOINT ${sp}` });
      this.depth++;
      try {
        if (mode === 'immediate') this.writeLock();
        const r = body();
        this.call({ op: 'exec', text: `RELEASE SAVEPOINT ${sp}` });
        return r;
      } catch (err) {
        this.call({ op: 'exec', text: `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}` });
        throw err;
      } finally {
        this.depth--;
      }
    }
    // a read (deferred) is one snapshot: the daily report's figures all of one moment
    this.call({ op: 'exec', text: mode === 'immediate' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ' });
    this.depth++;
    try {
      if (mode === 'immediate') this.writeLock();
      const r = body();
      this.call({ op: 'exec', text: 'COMMIT' });
      return r;
    } catch (err) {
      try {
        this.call({ op: 'exec', text: 'ROLLBACK' });
      } catch {
        // the connection is gone: the server rolls back
      }
      throw err;
    } finally {
      this.depth--;
      this.locked = false;
    }
  }

  /** COPY … FROM STDIN with the given text (the bulk import's staging table). */
  copyIn(sql: string, data: string | Buffer): number {
    return this.call({ op: 'copyIn', text: sql, data: typeof data === 'string' ? Buffer.from(data) : data }).rowCount ?? 0;
  }

  /**
   * A bulk import's batch in one request (store/pg/staging.ts): `pre` (the staging table made or
   * emptied), the rows COPYed in, then `sql` (without parameters: the statement that moves them),
   * under the write lock; returns the rows of `sql`.
   */
  stage(pre: string, copy: string, data: string | Buffer, sql: string | null): unknown[] {
    if (!this.inTransaction) throw new PgError('rows are staged inside a transaction');
    this.writeLock();
    const t = sql === null ? null : translate(sql);
    const query = t && { text: t.text, values: [], name: t.name };
    return this.call({ op: 'stage', pre, copy, data: typeof data === 'string' ? Buffer.from(data) : data, query }).rows ?? [];
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'close' });
    } catch {
      // closing anyway
    }
    this.closed = true;
    void this.worker.terminate();
    this.port.close();
  }
}

class PgStatement implements Statement {
  private readonly t: Translated;
  private plucked = false;
  private rawRows = false;
  private readonly write: boolean;

  constructor(
    private readonly db: PgDriver,
    readonly source: string,
  ) {
    const sql = source;
    this.t = translate(sql);
    this.write = WRITE.test(this.t.text);
  }

  pluck(toggle = true): this {
    this.plucked = toggle;
    if (toggle) this.rawRows = false;
    return this;
  }

  raw(toggle = true): this {
    this.rawRows = toggle;
    if (toggle) this.plucked = false;
    return this;
  }

  private values(params: unknown[]): unknown[] {
    const { names, count } = this.t;
    if (names) {
      const o = params[0];
      if (!isPlainObject(o)) throw new PgError('this statement takes named parameters: give one object');
      return names.map((n) => {
        if (!(n in o)) throw new PgError(`missing named parameter "${n}"`);
        return value(o[n]);
      });
    }
    // no parameters: an empty object of named ones is no parameters too (as better-sqlite3 takes it)
    if (count === 0 && params.length === 1 && isPlainObject(params[0])) return [];
    const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
    if (flat.length !== count) throw new PgError(`this statement takes ${count} parameter(s), not ${flat.length}`);
    return flat.map(value);
  }

  private query(params: unknown[]): Answer {
    const array = this.plucked || this.rawRows;
    const msg = { op: 'query', text: this.t.text, values: this.values(params), name: this.t.name + (array ? 'a' : ''), array };
    if (this.write && !this.db.inTransaction) return this.db.autocommitWrite(() => this.db.call(msg));
    if (this.write) this.db.writeLock();
    return this.db.call(msg);
  }

  private shape(row: unknown): unknown {
    return this.plucked ? (row as unknown[])[0] : row;
  }

  run(...params: unknown[]): RunResult {
    const a = this.query(params);
    const first = a.rows?.[0] as Record<string, unknown> | unknown[] | undefined;
    const id = first === undefined ? 0 : Array.isArray(first) ? first[0] : first.id;
    return { changes: a.rowCount ?? 0, lastInsertRowid: typeof id === 'number' ? id : 0 };
  }

  get(...params: unknown[]): unknown {
    const a = this.query(params);
    const row = a.rows?.[0];
    return row === undefined ? undefined : this.shape(row);
  }

  all(...params: unknown[]): unknown[] {
    const a = this.query(params);
    return this.plucked ? (a.rows as unknown[][]).map((r) => r[0]) : (a.rows ?? []);
  }

  /** Streams through a server-side cursor, 1000 rows at a time. */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    const db = this.db;
    const array = this.plucked || this.rawRows;
    const hold = !db.inTransaction;
    const opened = db.call({ op: 'open', text: this.t.text, values: this.values(params), array, hold });
    const cursor = opened.cursor!;
    let batch: unknown[] = [];
    let at = 0;
    let done = false;
    const shape = (r: unknown) => this.shape(r);
    const finish = () => {
      if (done) return;
      done = true;
      if (db.open) db.call({ op: 'closeCursor', cursor });
    };
    const it: IterableIterator<unknown> = {
      next(): IteratorResult<unknown> {
        if (done) return { done: true, value: undefined };
        if (at >= batch.length) {
          batch = db.call({ op: 'fetch', cursor, n: 1000 }).rows ?? [];
          at = 0;
          if (batch.length === 0) {
            finish();
            return { done: true, value: undefined };
          }
        }
        return { done: false, value: shape(batch[at++]) };
      },
      return(): IteratorResult<unknown> {
        finish();
        return { done: true, value: undefined };
      },
      [Symbol.iterator]() {
        return it;
      },
    };
    return it;
  }
}
