/**
 * Moving a county between SQLite and PostgreSQL (`db copy`), and backups on PostgreSQL
 * (`db backup` calls pg_dump when it is on the PATH, else says how to run it).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StoreError, UsageError } from '../domain/errors.js';
import { copyRows } from '../store/copy.js';
import { defaultKeyFile } from '../store/keys.js';
import { openStore, type Store } from '../store/db.js';
import { isPostgresUrl, safeUrl, splitPassword } from '../store/driver.js';
import type { PgDriver } from '../store/pg/driver.js';
import { unquoteName } from '../store/pg/restore.js';
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
  if (!pg && fs.existsSync(to)) throw new UsageError(`${to} exists already: copy into a new file`, `${to} 已存在：请复制到一个新文件`);
  if (safeUrl(to) === store.path || (!pg && store.backend === 'sqlite' && to === store.path)) throw new UsageError('that is the database in use: give another one with --to', '这是正在使用的数据库：请用 --to 给出另一个');
  // an SQLite target's key file: made by this open (its new key, replaced by the source's) unless it was there
  const keyFile = pg ? null : defaultKeyFile(to);
  const newKeyFile = keyFile !== null && !fs.existsSync(keyFile);
  const target = openStore(to, { create: true });
  const shown = target.path;
  try {
    const rows = copyRows(store, target, { newKeyFile });
    const a = store.maintenance.census().rows;
    const b = target.maintenance.census().rows;
    // the keys table aside: the pseudonym key is a row on PostgreSQL, a key file beside an SQLite file (store/keys.ts); the audit chain checks the audit key
    const equal = Object.keys(a).every((t) => t === 'keys' || a[t] === b[t]);
    const src = verifyAudit(store);
    const got = verifyAudit(target);
    const ok = equal && got.ok && got.rows === src.rows && got.head === src.head;
    if (!ok) throw new StoreError(`the copy in ${shown} did not check out (${equal ? '' : 'row counts differ; '}audit ${got.ok ? 'intact' : 'broken'}, ${got.rows} of ${src.rows} rows)`, `${shown} 中的副本未通过核验（${equal ? '' : '行数不一致；'}审计链${got.ok ? '完整' : '已断'}，${got.rows}/${src.rows} 条）`);
    const verified = { tables: Object.keys(a).length, rows_equal: equal, audit_rows: got.rows, audit_head: got.head, audit_chain: 'intact' as const };
    const after = { to: shown, arrivals: rows.arrivals ?? 0, audit_rows: got.rows, audit_head: got.head };
    store.transaction(() => store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.copy', record: `to:${pg ? 'postgres' : 'file'}`, after }));
    target.transaction(() => target.audit.write({ at: ctx.now, actor: ctx.actor, action: 'db.copy', record: `from:${store.backend === 'postgres' ? 'postgres' : 'file'}`, after: { from: store.path, arrivals: rows.arrivals ?? 0, audit_rows: got.rows, audit_head: got.head } }));
    return { from: store.path, to: shown, rows, verified };
  } catch (err) {
    target.close();
    if (!pg) for (const f of [to, `${to}-wal`, `${to}-shm`, ...(newKeyFile ? [keyFile!] : [])]) fs.rmSync(f, { force: true });
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
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already: choose a new file name for the backup`, `${file} 已存在：请为备份另取一个文件名`);
  const url = (store.db as PgDriver).url;
  if (!onPath('pg_dump')) {
    throw new StoreError(`on PostgreSQL, back up with pg_dump (not on the PATH here): pg_dump --format=custom --file ${file} ${store.path}`, `PostgreSQL 上请用 pg_dump 备份（本机 PATH 中没有 pg_dump）：pg_dump --format=custom --file ${file} ${store.path}`);
  }
  // the password in pg_dump's environment, never on its command line (`ps` shows that to everyone)
  const { url: bare, password } = splitPassword(url);
  const env = { ...process.env };
  if (password !== null) env.PGPASSWORD = password;
  const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', bare], { encoding: 'utf8', env });
  if (r.status !== 0) {
    fs.rmSync(file, { force: true });
    throw new StoreError(`pg_dump failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`, `pg_dump 失败：${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
  }
  fs.chmodSync(file, 0o600);
  const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
  if (list.status !== 0) throw new StoreError(`the dump ${file} cannot be read back by pg_restore: ${list.stderr.trim().split('\n')[0]}`, `pg_restore 读不回备份 ${file}：${list.stderr.trim().split('\n')[0]}`);
  const entries = list.stdout.split('\n').filter((l) => l && !l.startsWith(';')).length;
  return { file, bytes: fs.statSync(file).size, tool: 'pg_dump', entries };
}

/** Those of PostgreSQL's client tools that are not on the PATH. */
export function missingPgTools(tools: readonly string[]): string[] {
  return tools.filter((t) => !onPath(t));
}

/** What `pg_restore --list` says of a dump: the tables whose rows it holds; null when it cannot read the file. */
export function dumpTables(file: string): { tables: string[] } | { error: string } {
  // the path made absolute: a file named like an option (-x) stays a file
  const list = spawnSync('pg_restore', ['--list', path.resolve(file)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (list.status !== 0) return { error: (list.stderr || list.error?.message || 'pg_restore failed').trim().split('\n')[0] };
  // "215; 0 16390 TABLE DATA public arrivals postgres"
  const tables = list.stdout
    .split('\n')
    .map((l) => /^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /.exec(l)?.[2])
    .filter((t): t is string => Boolean(t));
  return { tables };
}

/** Receives the rows of a dump, table by table: COPY text lines, in chunks of whole lines. */
export interface DumpSink {
  start(table: string, columns: string[]): void;
  rows(data: Buffer, lines: number): void;
  end(table: string): void;
}

/** The bytes of rows handed over at once (a table of a million rows is not held whole). */
const DUMP_CHUNK = 8 << 20;

/**
 * Streams the rows of a pg_dump custom-format file (`pg_restore --data-only --file=-`, in the
 * dump's order: the rows pointed at first) to `sink`, table by table (only `table`, when given).
 * Throws a StoreError when pg_restore fails or the output is not what it writes.
 */
export async function readDumpData(file: string, sink: DumpSink, table?: string): Promise<void> {
  const child = spawn('pg_restore', ['--data-only', '--file=-', ...(table ? [`--table=${table}`] : []), path.resolve(file)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    if (stderr.length < 4000) stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const failed = new Promise<Error>((resolve) => child.on('error', resolve));
  let current: string | null = null;
  let pending: Buffer[] = [];
  let bytes = 0;
  let lines = 0;
  let encoding: string | null = null;
  const flush = () => {
    if (lines === 0) return;
    sink.rows(pending.length === 1 ? pending[0] : Buffer.concat(pending, bytes), lines);
    pending = [];
    bytes = 0;
    lines = 0;
  };
  const bad = (what: string) => new StoreError(`${file} is not a dump this fangkong can restore: ${what}`, `${file} 不是本程序能恢复的备份：${what}`);
  try {
    let rest: Buffer = Buffer.alloc(0);
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const buf: Buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let at = 0;
      for (let nl = buf.indexOf(10, at); nl >= 0; nl = buf.indexOf(10, at)) {
        const line = buf.subarray(at, nl + 1);
        at = nl + 1;
        if (current !== null) {
          if (line.length === 3 && line[0] === 0x5c && line[1] === 0x2e) {
            flush();
            sink.end(current);
            current = null;
            continue;
          }
          // a copy of the line: `buf` is let go of once its rows are handed over
          pending.push(Buffer.from(line));
          bytes += line.length;
          lines++;
          if (bytes >= DUMP_CHUNK) flush();
          continue;
        }
        const text = line.toString('utf8').trimEnd();
        const enc = /^SET client_encoding = '([^']+)';$/.exec(text);
        if (enc) encoding = enc[1];
        if (!text.startsWith('COPY ')) continue;
        const m = /^COPY (?:(?:[a-z_][a-z0-9_]*|"(?:[^"]|"")+")\.)?([a-z_][a-z0-9_]*|"(?:[^"]|"")+") \(([^)]*)\) FROM stdin;$/.exec(text);
        const name = m && unquoteName(m[1]);
        const columns = m ? m[2].split(', ').map(unquoteName) : [];
        if (!name || columns.some((c) => c === null)) throw bad(`an unexpected line: ${text.slice(0, 80)}`);
        if (encoding !== 'UTF8') throw bad(`its text is in ${encoding ?? 'an unknown encoding'}, not UTF8`);
        current = name;
        sink.start(name, columns as string[]);
      }
      rest = buf.subarray(at);
    }
    const code = await Promise.race([exited, failed.then((e) => Promise.reject(e))]);
    const why = stderr.trim().split('\n')[0] || `exit ${code}`;
    if (code !== 0) throw new StoreError(`pg_restore could not read ${file}: ${why}`, `pg_restore 读不了 ${file}：${why}`);
    if (current !== null || rest.length > 0) throw bad('it ends in the middle of a table');
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** The rows of one table in a dump. */
export async function countDumpRows(file: string, table: string): Promise<number> {
  let n = 0;
  await readDumpData(file, { start() {}, rows: (_d, lines) => (n += lines), end() {} }, table);
  return n;
}

/** The value of the one row of a one-column table in a dump (schema_version), or null. */
export async function dumpValue(file: string, table: string): Promise<string | null> {
  let value: string | null = null;
  await readDumpData(
    file,
    {
      start() {},
      rows: (d) => (value ??= d.toString('utf8').split('\n')[0]),
      end() {},
    },
    table,
  );
  return value;
}
