/**
 * Who may do what, enforced by the PostgreSQL server: `db roles --apply` sets up the registrar,
 * inspector, office and admin roles; each desk logs in as its own user, and what its role may not
 * do is refused by the server (nothing written), the audit's actor is that user, the audit log
 * accepts nothing but appends, and the chain's key is readable by the admin only.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { runMain } from '../helpers.js';
import { startPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let db = '';
const as = (user: string) => pg.url(db, user);
const add = ['arrival', 'add', '--name', '张三', '--id-number', '11010519491231002X', '--phone', '13800138000', '--origin', '广东省深圳市南山区', '--arrival-date', '2022-11-20', '--transport', 'train', '--destination', '城关镇'];
const log = ['inspect', 'log', '--checkpoint', '卡点', '--id-number', '11010519491231002X', '--code', 'green', '--time', '2022-11-21 09:00'];

beforeAll(async () => {
  pg = await startPgServer();
  const url = pg.createDatabase(undefined, 'owner');
  db = url.split('/').pop()!;
  expect((await runMain(['--db', url, 'init'])).code).toBe(0);
  const roles = await runMain(['--db', url, 'db', 'roles', '--apply']);
  expect(roles.code, roles.stderr).toBe(0);
  for (const [user, role] of [['reg1', 'registrar'], ['insp1', 'inspector'], ['off1', 'office'], ['adm1', 'admin']]) pg.psql(`CREATE ROLE ${user} LOGIN IN ROLE fangkong_${role}`, db);
}, 60_000);
afterAll(() => pg?.stop());

describe('db roles', () => {
  it('prints the SQL of the four roles without applying it, and refuses an SQLite file', async () => {
    const r = await runMain(['--db', as('owner'), 'db', 'roles']);
    expect(r.code).toBe(0);
    for (const role of ['fangkong_registrar', 'fangkong_inspector', 'fangkong_office', 'fangkong_admin']) expect(r.stdout).toContain(role);
    expect(r.stdout).toContain('ENABLE ROW LEVEL SECURITY');
    const dir = fs.mkdtempSync('/tmp/fk-roles-');
    try {
      await runMain(['--db', `${dir}/x.db`, 'init']);
      const s = await runMain(['--db', `${dir}/x.db`, 'db', 'roles']);
      expect(s.code).toBe(1);
      expect(s.stderr).toMatch(/db roles is for PostgreSQL/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each role does its work, and the server refuses the rest', async () => {
    // office: sets up the checkpoint
    expect((await runMain(['--db', as('off1'), 'checkpoint', 'add', '卡点', '--kind', 'road'])).code).toBe(0);
    // registrar: registers; may not log an inspection
    const reg = await runMain(['--db', as('reg1'), '--actor', '冒名', ...add]);
    expect(reg.code, reg.stderr).toBe(0);
    const refused = await runMain(['--db', as('reg1'), ...log]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: the database refused: the role of this database user may not do this \(permission denied for table inspections\); nothing was written$/m);
    // inspector: logs; may not register
    const insp = await runMain(['--db', as('insp1'), ...log]);
    expect(insp.code, insp.stderr).toBe(0);
    const noAdd = await runMain(['--db', as('insp1'), ...add.slice(0, 3), '李四', '--id-number', '440305199001011205', ...add.slice(6)]);
    expect(noAdd.code).toBe(1);
    expect(noAdd.stderr).toMatch(/permission denied for table arrivals/);
    // office: assigns; may not purge
    expect((await runMain(['--db', as('off1'), '--today', '2022-11-21', 'quarantine', 'assign', '--pending'])).code).toBe(0);
    const purge = await runMain(['--db', as('off1'), '--today', '2023-06-01', 'arrival', 'purge', '--before', '2023-01-01', '--yes']);
    expect(purge.code).toBe(1);
    // refused before anything is written: the pseudonym key is the admin's alone (issue 23)
    expect(purge.stderr).toBe('error: the pseudonym key is readable by the admin role only (fangkong db roles): purge as an admin\n');
    // the audit's actor is the database user, whatever --actor says
    const s = openStore(as('owner'));
    try {
      const actors = s.db.prepare('SELECT action, actor FROM audit_log ORDER BY id').all();
      expect(actors).toEqual([
        { action: 'checkpoint.add', actor: 'off1' },
        { action: 'arrival.add', actor: 'reg1' },
        { action: 'inspection.add', actor: 'insp1' },
        { action: 'measure.assign', actor: 'off1' },
      ]);
    } finally {
      s.close();
    }
    // admin: checks the chain (the others cannot: below)
    const verify = await runMain(['--db', as('adm1'), 'audit', 'verify', '--format', 'json']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, rows: 4 });
  });

  it('the audit log takes appends only, and the chain key is the admin\'s alone', async () => {
    for (const user of ['reg1', 'insp1', 'off1']) {
      const s = openStore(as(user));
      try {
        // neither key: not the chain's, not the pseudonyms' (whoever read it could reverse a purged person's pseudonym: issue 23)
        expect(s.db.prepare('SELECT count(*) FROM keys').pluck().get(), user).toBe(0);
        expect(s.db.prepare("SELECT count(*) FROM keys WHERE name = 'audit'").pluck().get(), user).toBe(0);
        expect(s.db.prepare("SELECT count(*) FROM keys WHERE name = 'pseudonym'").pluck().get(), user).toBe(0);
        expect(() => s.db.prepare("INSERT INTO audit_log (id, at, actor, action) VALUES (999, 'x', 'x', 'x')").run(), user).toThrow(/permission denied/);
        expect(() => s.db.prepare("UPDATE audit_log SET actor = 'x'").run(), user).toThrow(/permission denied/);
        expect(() => s.db.prepare('DELETE FROM audit_log').run(), user).toThrow(/permission denied/);
        expect(() => s.db.exec('TRUNCATE audit_log'), user).toThrow(/permission denied/);
        expect(() => s.db.prepare("DELETE FROM keys WHERE name = 'pseudonym'").run(), user).toThrow(/permission denied/);
      } finally {
        s.close();
      }
      const v = await runMain(['--db', as(user), 'audit', 'verify']);
      expect(v.code, user).toBe(1);
      expect(v.stderr).toMatch(/the audit key is readable by the admin role only/);
    }
    const a = openStore(as('adm1'));
    try {
      expect(a.db.prepare("SELECT count(*) FROM keys WHERE name = 'audit'").pluck().get()).toBe(1);
      expect(a.db.prepare("SELECT count(*) FROM keys WHERE name = 'pseudonym'").pluck().get()).toBe(1);
      expect(() => a.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/permission denied|cannot be changed/);
    } finally {
      a.close();
    }
  });
});
