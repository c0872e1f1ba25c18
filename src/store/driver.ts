/**
 * What the repositories need of a database connection: a subset of better-sqlite3's Database, so
 * that on SQLite the connection *is* a better-sqlite3 Database (nothing in between, not one call
 * more per row), and on PostgreSQL a PgDriver (store/pg/driver.ts) that does the same through a
 * synchronous bridge to the `pg` driver in a worker thread.
 *
 * The store stays synchronous on both backends: services call store.transaction(fn) and repo
 * methods synchronously (docs/engineering.md, "One store, two backends", says why).
 */

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement: parameters positional (`?`) or named (`@name`, given as one object). */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Rows as their first column's value. */
  pluck(toggle?: boolean): this;
  /** Rows as arrays of column values. */
  raw(toggle?: boolean): this;
  /** The SQL as written. */
  readonly source: string;
}

/** A function run in one transaction; .immediate() takes the write lock at once, .deferred() reads one snapshot. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Transaction<T> {
  (...args: any[]): T;
  deferred(...args: any[]): T;
  immediate(...args: any[]): T;
  exclusive(...args: any[]): T;
}

export interface Driver {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  transaction<T>(fn: (...args: any[]) => T): Transaction<T>;
  readonly inTransaction: boolean;
  readonly open: boolean;
  close(): unknown;
}

export type Backend = 'sqlite' | 'postgres';

/** Which backend a connection talks to: a PgDriver says so; a better-sqlite3 Database is SQLite. */
export function backendOf(db: Driver): Backend {
  return (db as { backend?: Backend }).backend === 'postgres' ? 'postgres' : 'sqlite';
}

/** The SQL of a statement for the connection's backend: `sqlite` is written once where portable. */
export function forBackend(db: Driver, sql: { sqlite: string; postgres: string }): string {
  return backendOf(db) === 'postgres' ? sql.postgres : sql.sqlite;
}

/** A database location names PostgreSQL when it is a postgres:// or postgresql:// URL; anything else is an SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * A URL shown without its password. Read by hand, not with URL: a password written with a
 * `/`, `?`, `#` or `@` not percent-encoded makes URL fail, or — `postgres://u:12/34@h/db` —
 * read it as a host and a port, and show it whole. The user information is everything
 * between `//` and the last `@`; what follows its first `:` is the password.
 */
export function safeUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(url);
  if (!m) return url;
  const at = m[2].lastIndexOf('@');
  if (at < 0) return url;
  const user = m[2].slice(0, at);
  const colon = user.indexOf(':');
  if (colon < 0) return url;
  return `${m[1]}${user.slice(0, colon)}:***${m[2].slice(at)}`;
}

/**
 * A PostgreSQL URL split for a client tool (pg_dump): the URL without its password, and the
 * password for the tool's environment (PGPASSWORD), so that it never is on a command line
 * (which `ps` shows to every user of the machine). The password percent-decoded when it can be.
 */
export function splitPassword(url: string): { url: string; password: string | null } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(url);
  const at = m ? m[2].lastIndexOf('@') : -1;
  if (!m || at < 0) return { url, password: null };
  const user = m[2].slice(0, at);
  const colon = user.indexOf(':');
  if (colon < 0) return { url, password: null };
  const raw = user.slice(colon + 1);
  let password = raw;
  try {
    password = decodeURIComponent(raw);
  } catch {
    // a lone % is taken as it is
  }
  return { url: `${m[1]}${user.slice(0, colon)}${m[2].slice(at)}`, password };
}

/** The date `days` after (or before, negative) a 'YYYY-MM-DD' expression, as 'YYYY-MM-DD' text. */
export function plusDays(b: Backend, expr: string, days: number): string {
  const n = Math.trunc(days);
  if (b === 'postgres') return `to_char(CAST(${expr} AS date) + ${n}, 'YYYY-MM-DD')`;
  return `date(${expr}, '${n >= 0 ? '+' : ''}${n} days')`;
}

/** LIMIT's "no limit" value: SQLite takes -1, PostgreSQL NULL (a negative LIMIT is an error there). */
export function limitClause(b: Backend, param: string): string {
  return b === 'postgres' ? `LIMIT NULLIF(CAST(${param} AS bigint), -1)` : `LIMIT ${param}`;
}

/** SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does the same (and of the rest). */
export function likeOp(b: Backend): string {
  return b === 'postgres' ? 'ILIKE' : 'LIKE';
}
