/**
 * Issue 23, point 16 (PostgreSQL): a password never shown, never on a command line.
 *   - a URL whose password has a `/`, `@`, `#` or `?` not percent-encoded: the error line shows
 *     `***` where the password was, never a piece of it;
 *   - `db backup` gives pg_dump the password in its environment (PGPASSWORD), not in its
 *     arguments (which `ps` shows to every user): a server that asks for the password
 *     (scram-sha-256), and a pg_dump on the PATH that notes its arguments before running the
 *     real one.
 * Starts its own server (test/pg-server.ts), so it runs once (vitest.config.ts POSTGRES_OWN).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeUrl, splitPassword } from '../../src/store/driver.js';
import { runBin, tmpDir } from '../helpers.js';
import { startPgServer, type PgServer } from '../pg-server.js';

const PASSWORD = 'se/cr@t#1?x';
const USER = 'desk_pw';

let pg: PgServer;
let db: string;
beforeAll(async () => {
  pg = await startPgServer();
  pg.psql(`CREATE ROLE ${USER} LOGIN SUPERUSER PASSWORD '${PASSWORD}'`);
  db = `fk_pw_${process.pid}`;
  pg.psql(`CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8' OWNER ${USER}`);
  // this role must give its password (the server trusts every other one)
  const hba = pg.psql('SHOW hba_file').trim();
  fs.writeFileSync(hba, `host all ${USER} 127.0.0.1/32 scram-sha-256\n` + fs.readFileSync(hba, 'utf8'));
  pg.psql('SELECT pg_reload_conf()');
}, 60_000);
afterAll(() => pg?.stop());

/** The real pg_dump: on the PATH, or beside initdb in Debian's package. */
function realPgDump(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), pg.binDir];
  if (fs.existsSync('/usr/lib/postgresql')) for (const v of fs.readdirSync('/usr/lib/postgresql')) dirs.push(path.join('/usr/lib/postgresql', v, 'bin'));
  const found = dirs.map((d) => path.join(d, 'pg_dump')).find((f) => d(f));
  if (!found) throw new Error('pg_dump is not installed');
  return found;
}
const d = (f: string) => fs.existsSync(f);

const encoded = () => `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${pg.port}/${db}`;

describe('a PostgreSQL password is never shown nor put on a command line (issue 23.16)', () => {
  it('safeUrl hides a password however it is written (encoded, or with / @ # ? as they are)', () => {
    expect(safeUrl('postgres://u:p@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(safeUrl('postgres://u:12/34@h/db')).toBe('postgres://u:***@h/db');
    expect(safeUrl(`postgres://u:${PASSWORD}@h/db`)).toBe('postgres://u:***@h/db');
    expect(safeUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
    expect(splitPassword(`postgres://u:${encodeURIComponent(PASSWORD)}@h/db`)).toEqual({ url: 'postgres://u@h/db', password: PASSWORD });
  });

  it('the right password, percent-encoded, connects (the server asks for it)', () => {
    const r = runBin(['--db', encoded(), 'init']);
    expect(r.code, r.stderr).toBe(0);
    const wrong = runBin(['--db', `postgres://${USER}:nope@127.0.0.1:${pg.port}/${db}`, 'arrival', 'list']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/password authentication failed/);
  });

  for (const written of [PASSWORD, 'zx/secret9', 'qq8/zz7@kk']) {
    it(`a password written as it is (${written.replace(/./g, '·')}) is not in the error line`, () => {
      const r = runBin(['--db', `postgres://${USER}:${written}@127.0.0.1:${pg.port}/${db}`, 'arrival', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      for (const piece of written.split(/[/@#?]/).filter((p) => p.length > 1)) expect(r.stderr).not.toContain(piece);
      expect(r.stderr).toContain(`${USER}:***@`);
    });
  }

  it('db backup: pg_dump gets the password in its environment, its arguments hold none of it', () => {
    const dir = tmpDir();
    const shim = path.join(dir, 'bin');
    fs.mkdirSync(shim);
    const log = path.join(dir, 'pg_dump.log');
    // notes what `ps` would show (the arguments) and whether PGPASSWORD was set, then runs the real pg_dump
    fs.writeFileSync(path.join(shim, 'pg_dump'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\n[ -n "$PGPASSWORD" ] && echo PGPASSWORD-set >> '${log}'\nexec '${realPgDump()}' "$@"\n`, { mode: 0o755 });
    const file = path.join(dir, 'county.dump');
    const r = runBin(['--db', encoded(), 'db', 'backup', file], { env: { PATH: `${shim}:${pg.binDir}:${process.env.PATH ?? ''}` } });
    expect(r.code, r.stderr).toBe(0);
    const args = fs.readFileSync(log, 'utf8');
    expect(args).toContain('PGPASSWORD-set');
    expect(args).toContain(`postgres://${USER}@127.0.0.1:${pg.port}/${db}`);
    for (const piece of [PASSWORD, encodeURIComponent(PASSWORD), 'se/cr', 'se%2Fcr']) expect(args).not.toContain(piece);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
