/**
 * Issue 23, point 10, on PostgreSQL: the pseudonym key is the admin role's alone. A county that
 * applied `db roles` under schema 13 let every desk read it (only the audit key was hidden);
 * the upgrade to this schema hides it from them too, and the admin still purges with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonym } from '../../src/domain/keyed.js';
import { openStore } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { PgDriver } from '../../src/store/pg/driver.js';
import { rolesSql } from '../../src/store/roles.js';
import { runMain, tmpDir } from '../helpers.js';
import { startPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
beforeAll(async () => {
  pg = await startPgServer();
}, 60_000);
afterAll(() => pg?.stop());

const ID = '11010519491231002X';

describe('the pseudonym key on PostgreSQL', () => {
  it('roles applied under schema 13 showed it to the desks; the upgrade hides it from them, and the admin purges with it', async () => {
    const url = pg.createDatabase(undefined, 'owner');
    const name = url.split('/').pop()!;
    const old = new PgDriver(url);
    try {
      applyMigrations(old, 13);
      // the roles as schema 13's `db roles --apply` set them: only the audit key hidden
      old.exec(rolesSql(old).replace("name NOT IN ('audit', 'pseudonym')", "name <> 'audit'"));
    } finally {
      old.close();
    }
    pg.psql('CREATE ROLE desk1 LOGIN IN ROLE fangkong_office; CREATE ROLE adm1 LOGIN IN ROLE fangkong_admin;', name);
    const seen = (user: string) => pg.psql(`SET ROLE ${user}; SELECT coalesce(string_agg(name, ',' ORDER BY name), 'none') FROM keys;`, name).trim().split('\n').filter(Boolean).at(-1);
    // the control: under schema 13 a desk read the pseudonym key
    expect(seen('desk1')).toBe('pseudonym');

    const s = openStore(url);
    expect(s.schemaVersion()).toBe(LATEST_VERSION);
    s.close();
    expect(seen('desk1')).toBe('none');
    expect(seen('adm1')).toBe('audit,pseudonym');

    // a desk's work needs no key (the audit log writes none); the admin's purge reads it
    const add = await runMain(['--db', pg.url(name, 'desk1'), '--today', '2022-11-30', 'arrival', 'add', '--name', '张三', '--id-number', ID, '--phone', '13800138000', '--origin', '北京市', '--arrival-date', '2022-11-01', '--transport', 'train', '--destination', '城关镇']);
    expect(add.code, add.stderr).toBe(0);
    const refused = await runMain(['--db', pg.url(name, 'desk1'), '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: the pseudonym key is readable by the admin role only (fangkong db roles): purge as an admin\n');
    const purged = await runMain(['--db', pg.url(name, 'adm1'), '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes']);
    expect(purged.code, purged.stderr).toBe(0);
    const a = openStore(pg.url(name, 'adm1'));
    try {
      const key = a.db.prepare("SELECT value FROM keys WHERE name = 'pseudonym'").pluck().get() as Buffer;
      expect(a.db.prepare('SELECT id_number FROM arrivals').pluck().all()).toEqual([pseudonym(Buffer.from(key), ID)]);
    } finally {
      a.close();
    }
  });

  it('db copy from a file into PostgreSQL and back: the pseudonym key goes with it (a row there, the key file here)', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'a.db');
    expect((await runMain(['--db', file, 'init'])).code).toBe(0);
    const key = fs.readFileSync(`${file}.key`, 'utf8').trim();
    const url = pg.createDatabase(undefined, 'owner');
    const there = await runMain(['--db', file, 'db', 'copy', '--to', url]);
    expect(there.code, there.stderr).toBe(0);
    const s = openStore(url);
    try {
      expect(Buffer.from(s.db.prepare("SELECT value FROM keys WHERE name = 'pseudonym'").pluck().get() as Buffer).toString('hex')).toBe(key);
    } finally {
      s.close();
    }
    const back = path.join(dir, 'back.db');
    const r = await runMain(['--db', url, 'db', 'copy', '--to', back]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(`${back}.key`, 'utf8').trim()).toBe(key);
    expect(fs.statSync(`${back}.key`).mode & 0o777).toBe(0o600);
    const b = openStore(back);
    try {
      expect(b.db.prepare('SELECT name FROM keys').pluck().all()).toEqual(['audit']);
    } finally {
      b.close();
    }
  });
});
