import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, inject } from 'vitest';
import type { Deps, Prompter } from '../src/cli/context.js';
import { main } from '../src/cli/main.js';
import { openStore, type Store } from '../src/store/db.js';
import { PgDriver } from '../src/store/pg/driver.js';
import { serverAt, startPgServerSync, type PgServer } from './pg-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'fangkong');

/**
 * An instant given as China Standard Time wall-clock (the office's clock), month from 0 as in
 * Date: the same instant whatever the machine's TZ.
 */
export function cst(y: number, month: number, d: number, h = 0, min = 0, s = 0): Date {
  return new Date(Date.UTC(y, month, d, h - 8, min, s));
}

/** A config file that is not there: tests never read the config file of the user running them (a test of the config file sets FANGKONG_CONFIG). */
export const NO_CONFIG = path.join(os.tmpdir(), 'fangkong-test-no-config', 'config.json');

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-test-'));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real bin/fangkong with no TTY (pipes), like a nightly script. */
export function runBin(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): CliResult {
  args = backendArgs(args);
  opts = { ...opts, env: backendEnv(opts.env) };
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LANG: 'C', FANGKONG_CONFIG: NO_CONFIG, ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env,
    input: opts.input ?? '',
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs main() in-process with fake streams; tty decides what the command thinks it is talking to. */
export async function runMain(
  args: string[],
  opts: { tty?: boolean; prompter?: Prompter; env?: Record<string, string>; now?: Date } = {},
): Promise<CliResult> {
  args = backendArgs(args);
  opts = { ...opts, env: backendEnv(opts.env) };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const noPrompt: Prompter = {
    input: async () => {
      throw new Error('unexpected prompt');
    },
    select: async () => {
      throw new Error('unexpected prompt');
    },
  };
  const deps: Deps = {
    io: { stdout, stderr, stdin: new PassThrough(), stdoutIsTTY: !!opts.tty, stdinIsTTY: !!opts.tty, stderrIsTTY: !!opts.tty },
    env: { LANG: 'C', FANGKONG_CONFIG: NO_CONFIG, ...opts.env },
    now: () => opts.now ?? cst(2022, 10, 21, 10, 0, 0),
    prompter: opts.prompter ?? noPrompt,
    username: () => 'tester',
  };
  const code = await main(args, deps);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out, stderr: err };
}

/** Opens a database read-only to check what a command left behind. */
export function query<T = Record<string, unknown>>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  if (TEST_BACKEND === 'postgres') {
    const pg = new PgDriver(dbFor(dbFile));
    try {
      return pg.prepare(sql).all(...params) as T[];
    } finally {
      pg.close();
    }
  }
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const VALID = {
  name: '张三',
  id: '11010519491231002X',
  phone: '13800138000',
  origin: '广东省深圳市南山区',
  date: '2022-11-20',
  destination: '城关镇幸福路8号',
};

/** A valid ID number built from region, birth date and sequence, with its check character. */
export function makeId(region: string, birth: string, seq: string): string {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = region + birth + seq;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * W[i];
  return s + '10X98765432'[sum % 11];
}

export function addArgs(over: Partial<Record<string, string>> = {}): string[] {
  const v = {
    '--name': VALID.name,
    '--id-number': VALID.id,
    '--phone': VALID.phone,
    '--origin': VALID.origin,
    '--arrival-date': VALID.date,
    '--transport': 'train',
    '--destination': VALID.destination,
    ...over,
  };
  const args = ['arrival', 'add'];
  for (const [k, val] of Object.entries(v)) if (val !== undefined) args.push(k, val);
  return args;
}

/** Creates an empty fangkong database, as `fangkong init` does (only init and demo create one). */
export function initDb(file: string): string {
  const fresh = TEST_BACKEND === 'postgres' && !databases.has(path.resolve(file));
  const url = dbFor(file, { initialised: true });
  // a copy of the run's template is initialised already; any other database is migrated here
  if (!(fresh && shared)) openStore(url).close();
  return file;
}

/**
 * FANGKONG_TEST_BACKEND=postgres: the suites that go through these helpers (runBin, runMain,
 * initDb, query) run against PostgreSQL — every database file a test names becomes a database of
 * one server started for the test file (test/pg-server.ts), stopped when it exits.
 */
export const TEST_BACKEND = process.env.FANGKONG_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
let testServer: PgServer | null = null;
/** Whether testServer is the run's shared server (test/pg-global.ts), not one this file started. */
let shared = false;
const databases = new Map<string, string>();
// after the test file: its databases dropped from the shared server, or its own server stopped
// (a fork may end without running exit handlers)
if (TEST_BACKEND === 'postgres') {
  afterAll(() => {
    if (testServer && shared) {
      // in the background: the next file need not wait for them
      testServer.psqlLater([...databases.values()].map((url) => `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`));
    } else testServer?.stop();
    testServer = null;
    databases.clear();
  });
}

/** The server of this file's databases: the run's shared one when the postgres project started it, else one of its own. */
function server(): PgServer {
  if (testServer) return testServer;
  const run = TEST_BACKEND === 'postgres' ? inject('fkPg') : undefined;
  shared = !!run;
  testServer = run ? serverAt(run.port, run.binDir) : startPgServerSync();
  return testServer;
}

let created = 0;

/** The database a test's file path stands for: the path itself, or (postgres) a database of its own. */
export function dbFor(file: string, opts: { initialised?: boolean } = {}): string {
  if (TEST_BACKEND !== 'postgres' || /^postgres(ql)?:\/\//.test(file)) return file;
  const key = path.resolve(file);
  let url = databases.get(key);
  if (!url) {
    const s = server();
    const template = opts.initialised && shared ? inject('fkPg').template : null;
    if (template) {
      // a copy of the database `fangkong init` made once for the run: what initDb would make, without migrating again
      const name = `fk_test_${process.pid}_i${++created}`;
      s.psql(`CREATE DATABASE "${name}" TEMPLATE "${template}" OWNER tester`);
      url = s.url(name, 'tester');
    } else url = s.createDatabase(undefined, 'tester');
    databases.set(key, url);
  }
  return url;
}

/** Arguments with every `--db FILE` turned into the database it stands for (dbFor): for tests that spawn the program themselves. */
export function backendArgs(args: string[]): string[] {
  if (TEST_BACKEND !== 'postgres') return args;
  return args.map((a, i) => (args[i - 1] === '--db' ? dbFor(a) : a.startsWith('--db=') ? `--db=${dbFor(a.slice(5))}` : a));
}

/** An environment with FANGKONG_DB turned into the database it stands for (dbFor). */
export function backendEnv<E extends Record<string, string> | undefined>(env: E): E {
  if (TEST_BACKEND !== 'postgres' || !env?.FANGKONG_DB) return env;
  return { ...env, FANGKONG_DB: dbFor(env.FANGKONG_DB) } as E;
}

/**
 * Opens the store a test's database file stands for: the SQLite file itself, or (under
 * FANGKONG_TEST_BACKEND=postgres) a database of the test file's PostgreSQL server (dbFor).
 */
export function openTestStore(file: string): Store {
  return openStore(dbFor(file));
}

/** The test's database opened straight, behind the program's back: better-sqlite3 on the file, or a PostgreSQL connection. */
function raw<T>(file: string, use: (db: { exec(sql: string): unknown; prepare(sql: string): { run(...params: unknown[]): unknown } }) => T): T {
  const db = TEST_BACKEND === 'postgres' ? new PgDriver(dbFor(file)) : new Database(file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * Runs SQL straight on a test's database, around the program (seeding many rows at once, or
 * changing what a test then checks the program notices): SQLite's file, or its PostgreSQL database.
 */
export function execSql(file: string, sql: string): void {
  raw(file, (db) => db.exec(sql));
}

/** SQL for a number zero-padded to a width, on the test backend (SQLite's printf, PostgreSQL's lpad). */
export function sqlPad(expr: string, width: number): string {
  return TEST_BACKEND === 'postgres' ? `lpad(CAST(${expr} AS text), ${width}, '0')` : `printf('%0${width}d', ${expr})`;
}

/** The schema version written in a test's database (SQLite's user_version, PostgreSQL's schema_version table). */
export function schemaVersionOf(file: string): number {
  if (TEST_BACKEND === 'postgres') return Number(query<{ version: number }>(file, 'SELECT version FROM schema_version')[0].version);
  return query<{ user_version: number }>(file, 'PRAGMA user_version')[0].user_version;
}

/** Writes a schema version into a test's database, as a newer (or older) fangkong would have left it. */
export function setSchemaVersion(file: string, version: number): void {
  execSql(file, TEST_BACKEND === 'postgres' ? `UPDATE schema_version SET version = ${Number(version)}` : `PRAGMA user_version = ${Number(version)}`);
}

/** SQL that lets a test (as the superuser) change the audit log, to tamper with it: its append-only trigger dropped. */
export const DROP_AUDIT_GUARD = TEST_BACKEND === 'postgres' ? 'DROP TRIGGER audit_log_append_only ON audit_log' : 'DROP TRIGGER audit_log_append_only_update';
/** The same for its rows' deletion too. */
export const DROP_AUDIT_GUARD_ALL = TEST_BACKEND === 'postgres' ? 'DROP TRIGGER audit_log_append_only ON audit_log' : 'DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete';

/**
 * Who the audit log names for a command run with `--actor NAME` (or as NAME): NAME on SQLite; on
 * PostgreSQL the database user the desk logged in as (issue 18: the server says who, not a free
 * text), which for the tests' databases is `tester` (dbFor).
 */
export function auditActor(name: string): string {
  return TEST_BACKEND === 'postgres' ? 'tester' : name;
}

/** Runs one statement with bound values straight on a test's database (as execSql, for values a test cannot write into SQL). */
export function runSql(file: string, sql: string, ...params: unknown[]): void {
  raw(file, (db) => db.prepare(sql).run(...params));
}

/** Every row of every table of a test's database, as JSON text a line a table (binary values as null): what someone with the database could read. */
export function everyRow(file: string): string {
  const tables =
    TEST_BACKEND === 'postgres'
      ? query<{ name: string }>(file, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
      : query<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return tables.map(({ name }) => JSON.stringify(query(file, `SELECT * FROM "${name}"`), (_k, v) => (Buffer.isBuffer(v) || (v && typeof v === 'object' && v.type === 'Buffer') ? null : v))).join('\n');
}

/**
 * Makes `to` a copy of the test database `from` (closed): the SQLite file copied; on PostgreSQL a
 * new database with `from` as its template. For a suite that builds one database and starts each
 * case from a copy of it.
 */
export function copyTestDb(from: string, to: string): string {
  if (TEST_BACKEND !== 'postgres') {
    fs.copyFileSync(from, to);
    return to;
  }
  const source = new URL(dbFor(from)).pathname.slice(1);
  const name = `fk_test_${process.pid}_copy_${++copies}`;
  testServer!.psql(`CREATE DATABASE "${name}" TEMPLATE "${source}" OWNER tester`);
  databases.set(path.resolve(to), testServer!.url(name, 'tester'));
  return to;
}
let copies = 0;
