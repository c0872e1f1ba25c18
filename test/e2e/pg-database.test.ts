/**
 * The PostgreSQL side of test/e2e/sqlite-file.test.ts: what a desk's --db URL does, against a real
 * server (test/pg-server.ts), through bin/fangkong. Only init creates the schema (a typo in a cron
 * line fails loudly and leaves nothing behind); a database that does not exist, a server that does
 * not answer, another application's database: one line, exit 1, nothing changed; `db path` shows
 * where the URL came from with its password hidden.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { runBin, tmpDir } from '../helpers.js';
import { startPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
beforeAll(async () => {
  pg = await startPgServer();
}, 60_000);
afterAll(() => pg?.stop());

/** The tables of a database, as psql sees them. */
const tables = (url: string) => pg.psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1", new URL(url).pathname.slice(1)).trim();

describe('a PostgreSQL database given with --db', () => {
  it('init creates the schema and says so; a second init says it is there', () => {
    const url = pg.createDatabase();
    const r = runBin(['init', '--db', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: url, created: true, schema_version: LATEST_VERSION });
    expect(tables(url).split('\n')).toEqual(expect.arrayContaining(['arrivals', 'audit_log', 'measures', 'inspections', 'test_results', 'schema_version']));
    expect(pg.psql('SELECT version FROM schema_version', new URL(url).pathname.slice(1)).trim()).toBe(String(LATEST_VERSION));
    expect(JSON.parse(runBin(['init', '--db', url]).stdout)).toMatchObject({ created: false });
    expect(runBin(['init', '--db', url, '--format', 'table']).stdout).toBe(`database already exists: ${url} (schema version ${LATEST_VERSION})\n`);
  });

  it('only init creates the schema: any other command on an empty database fails loudly and creates nothing', () => {
    const url = pg.createDatabase();
    for (const args of [['report', 'daily', '--date', '2022-11-20'], ['arrival', 'list'], ['inspect', 'list']]) {
      const r = runBin(['--db', url, ...args]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: no fangkong database at ${url}: create one with fangkong init\n`);
    }
    expect(runBin(['report', 'daily'], { env: { FANGKONG_DB: url } }).stderr).toBe(`error: no fangkong database at ${url}: create one with fangkong init\n`);
    expect(tables(url)).toBe('');
    // then init, and the report runs: a zero report
    expect(runBin(['--db', url, 'init']).code).toBe(0);
    expect(JSON.parse(runBin(['--db', url, 'report', 'daily', '--date', '2022-11-20']).stdout).zero_report).toBe(true);
  });

  it('a database that does not exist, or a server that does not answer: one line, exit 1, no database made', () => {
    const missing = pg.url('countyy');
    const r = runBin(['--db', missing, 'report', 'daily', '--date', '2022-11-20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot connect to ${missing}: database "countyy" does not exist\n`);
    expect(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'countyy'").trim()).toBe('0');
    const closed = 'postgres://postgres@127.0.0.1:1/fangkong';
    const c = runBin(['--db', closed, 'arrival', 'list']);
    expect(c.code).toBe(1);
    expect(c.stderr).toBe(`error: cannot connect to ${closed}: connect ECONNREFUSED 127.0.0.1:1\n`);
  });

  it("another application's database is refused and left as it was", () => {
    const url = pg.createDatabase();
    const db = new URL(url).pathname.slice(1);
    pg.psql('CREATE TABLE patients (id int, name text); INSERT INTO patients VALUES (1, \'x\')', db);
    for (const args of [['arrival', 'list'], ['init']]) {
      const r = runBin(['--db', url, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`error: ${url} holds tables but not a fangkong schema: give another database with --db\n`);
    }
    expect(tables(url)).toBe('patients');
    expect(pg.psql('SELECT * FROM patients', db).trim()).toBe('1|x');
  });

  it('db path: the URL from --db, FANGKONG_DB or the config file, its password hidden', () => {
    const url = pg.url('county', 'desk1');
    const secret = url.replace('desk1@', 'desk1:s3cret@');
    expect(JSON.parse(runBin(['db', 'path', '--db', url]).stdout)).toEqual({ path: url, source: 'option' });
    expect(JSON.parse(runBin(['db', 'path'], { env: { FANGKONG_DB: url } }).stdout)).toEqual({ path: url, source: 'env' });
    const shown = runBin(['db', 'path', '--db', secret, '--format', 'table']);
    expect(shown.stdout).toBe(`${secret.replace('s3cret', '***')}\n`);
    expect(shown.stdout + shown.stderr).not.toContain('s3cret');
    const config = path.join(tmpDir(), 'config.json');
    fs.writeFileSync(config, JSON.stringify({ database: secret }));
    expect(JSON.parse(runBin(['db', 'path'], { env: { FANGKONG_CONFIG: config } }).stdout)).toEqual({ path: secret.replace('s3cret', '***'), source: 'config' });
  });

  it('--actor on PostgreSQL: a note says the audit names the database user, and it does', () => {
    const url = pg.createDatabase(undefined, 'desk1');
    expect(runBin(['--db', url, 'init']).code).toBe(0);
    const r = runBin(['--db', url, '--actor', '王明', 'arrival', 'list', '--reveal']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('note: on PostgreSQL the audit log names the database user (desk1), not --actor\n');
    expect(runBin(['--db', url, '--actor', '王明', '--lang', 'zh', 'arrival', 'list']).stderr).toBe('注意：在 PostgreSQL 上，审计日志记下的是登录数据库的用户（desk1），不用 --actor\n');
    // the same name as the user, or no --actor: no note
    expect(runBin(['--db', url, '--actor', 'desk1', 'arrival', 'list']).stderr).toBe('');
    expect(runBin(['--db', url, 'arrival', 'list']).stderr).toBe('');
    expect(JSON.parse(runBin(['--db', url, 'audit', 'list']).stdout).map((a: { actor: string; action: string }) => [a.action, a.actor])).toEqual([['reveal', 'desk1']]);
  });
});
