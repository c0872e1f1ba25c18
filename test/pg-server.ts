/**
 * A real PostgreSQL server for the tests: Debian's `postgresql` package (initdb, pg_ctl and
 * postgres from /usr/lib/postgresql/N/bin, or from the PATH), started in a temporary folder on a
 * free loopback port, trust authentication on 127.0.0.1 only, fsync off (a test server), and
 * stopped after. initdb refuses to run as root: as root, the server runs as the `postgres` user
 * the Debian package creates (runuser -u postgres --).
 *
 *   const pg = await startPgServer();   // in beforeAll
 *   const url = pg.createDatabase();     // a fresh database: postgres://postgres@127.0.0.1:PORT/NAME
 *   pg.stop();                           // in afterAll
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface PgServer {
  port: number;
  /** The URL of a database of this server (as the superuser postgres, or another role). */
  url(database: string, user?: string): string;
  /** Creates a new empty database and returns its URL (as `user`, made a superuser when new: the audit's actor on PostgreSQL is the database user). */
  createDatabase(name?: string, user?: string): string;
  /** Runs SQL as the superuser with psql; returns its stdout. */
  psql(sql: string, database?: string): string;
  /** Runs statements one by one (each its own transaction: DROP DATABASE cannot share one) in a psql that is not waited for. */
  psqlLater(statements: string[]): void;
  binDir: string;
  stop(): void;
}

/** The folder of initdb: FANGKONG_PG_BIN, else the PATH, else the newest /usr/lib/postgresql/N/bin. */
export function pgBinDir(): string | null {
  if (process.env.FANGKONG_PG_BIN && fs.existsSync(path.join(process.env.FANGKONG_PG_BIN, 'initdb'))) return process.env.FANGKONG_PG_BIN;
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) if (d && fs.existsSync(path.join(d, 'initdb'))) return d;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(root, versions[0], 'bin');
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let databases = 0;

export async function startPgServer(): Promise<PgServer> {
  return boot(await freePort());
}

/** The same, without awaiting (a random port, another one if it is taken): for test/helpers.ts. */
export function startPgServerSync(): PgServer {
  return boot(20000 + Math.floor(Math.random() * 30000));
}

function boot(firstPort: number): PgServer {
  const binDir = pgBinDir();
  if (!binDir) throw new Error('PostgreSQL is not installed (no initdb): install Debian\'s postgresql package, or set FANGKONG_PG_BIN');
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-pg-'));
  const data = path.join(dir, 'data');
  const as = (cmd: string, args: string[]) => {
    const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  if (root) {
    fs.chmodSync(dir, 0o755);
    spawnSync('chown', ['postgres', dir]);
  }
  as(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  let port = firstPort;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) port = 20000 + Math.floor(Math.random() * 30000);
    try {
      as(path.join(binDir, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`, 'start']);
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  return serverAt(port, binDir, () => {
    try {
      as(path.join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * A server already running (the one test/pg-global.ts starts for the whole postgres project),
 * reached on its port: `stop` is the caller's (a test file stops nothing it did not start).
 */
export function serverAt(port: number, binDir: string, stop: () => void = () => {}): PgServer {
  const psqlBin = fs.existsSync(path.join(binDir, 'psql')) ? path.join(binDir, 'psql') : 'psql';
  const server: PgServer = {
    port,
    binDir,
    url: (database, user = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`,
    psql(sql, database = 'postgres') {
      const r = spawnSync(psqlBin, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-c', sql], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
      return r.stdout;
    },
    psqlLater(statements) {
      if (statements.length === 0) return;
      const child = spawn(psqlBin, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qAtX', ...statements.flatMap((q) => ['-c', q])], { detached: true, stdio: 'ignore' });
      child.on('error', () => {});
      child.unref();
    },
    createDatabase(name, user = 'postgres') {
      const db = name ?? `fk_test_${process.pid}_${++databases}`;
      if (user !== 'postgres') server.psql(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE "${user}" LOGIN SUPERUSER; END IF; END $$`);
      server.psql(`CREATE DATABASE "${db}" TEMPLATE template0 ENCODING 'UTF8' OWNER "${user}"`);
      return server.url(db, user);
    },
    stop,
  };
  return server;
}

/**
 * A server and an empty temporary folder for the tests of one file: started before them, stopped
 * and removed after. `use` receives both (the file keeps them in its own variables).
 */
export function onPgServer(use: (server: PgServer, dir: string) => void): void {
  let server: PgServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    server = await startPgServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-test-'));
    use(server, dir);
  }, 60_000);
  afterAll(() => {
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
}
