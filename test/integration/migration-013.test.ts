/**
 * Migration 13: the county code in the schema (docs/scale.md). An SQLite database left at
 * version 10 gains `county` on every table of the county's own rows, every row kept; the code is
 * set once (config set county), the rows there get it, the new ones as they are written — on
 * SQLite and on PostgreSQL alike; a wrong or second code is refused.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { COUNTY_TABLES } from '../../src/store/migrations/013-county.js';
import { addArgs, query, runMain } from '../helpers.js';
import { onPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let dir: string;
onPgServer((server, folder) => ((pg = server), (dir = folder)));

describe('migration 13 (county)', () => {
  it('adds county to the county\'s own tables of a version-10 file, every row kept', () => {
    const file = path.join(dir, 'v10.db');
    const raw = new Database(file);
    applyMigrations(raw, 10);
    raw.prepare("INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES ('11010519491231002X', '张三', '13800138000', '北京市', '2022-11-20', 'train', '城关镇', '2022-11-20T10:00:00', 'x')").run();
    raw.close();
    const s = openStore(file);
    try {
      expect(s.schemaVersion()).toBe(LATEST_VERSION);
      for (const t of COUNTY_TABLES) expect((s.db as Database.Database).pragma(`table_info(${t})`).map((c: { name: string }) => c.name), t).toContain('county');
      expect(s.db.prepare('SELECT name, county FROM arrivals').all()).toEqual([{ name: '张三', county: null }]);
      for (const t of ['policies', 'policy_rules', 'risk_areas']) expect((s.db as Database.Database).pragma(`table_info(${t})`).map((c: { name: string }) => c.name), t).not.toContain('county');
    } finally {
      s.close();
    }
  });

  for (const backend of ['sqlite', 'postgres'] as const) {
    it(`${backend}: config set county fills the rows there and every row written after`, async () => {
      const db = backend === 'sqlite' ? path.join(dir, 'c.db') : pg.createDatabase();
      expect((await runMain(['--db', db, 'init'])).code).toBe(0);
      expect((await runMain(['--db', db, ...addArgs()])).code).toBe(0);
      const set = await runMain(['--db', db, 'config', 'set', 'county', '530102']);
      expect(set.code, set.stderr).toBe(0);
      expect((await runMain(['--db', db, ...addArgs({ '--id-number': '440305199001011205', '--name': '李四' })])).code).toBe(0);
      expect((await runMain(['--db', db, 'quarantine', 'assign', '--pending'])).code).toBe(0);
      const s = openStore(db);
      try {
        expect(s.db.prepare('SELECT county FROM arrivals ORDER BY id').pluck().all()).toEqual(['530102', '530102']);
        expect(s.db.prepare('SELECT DISTINCT county FROM measures').pluck().all()).toEqual(['530102']);
        // the audit log is never changed: the row before the code keeps none, the ones after have it
        expect(s.db.prepare('SELECT county FROM audit_log ORDER BY id').pluck().all()).toEqual([null, '530102', '530102', ...Array(s.audit.count() - 3).fill('530102')]);
        expect(s.db.prepare("SELECT count(*) FROM audit_log WHERE county IS NULL").pluck().get()).toBe(1);
      } finally {
        s.close();
      }
      const again = await runMain(['--db', db, 'config', 'set', 'county', '530103']);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/is 530102 already, and cannot change/);
      const wrong = await runMain(['--db', db, 'config', 'set', 'county', '530100']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/not the code of a county-level division/);
      if (backend === 'sqlite') expect(query(db, 'SELECT count(*) AS n FROM arrivals WHERE county IS NULL')).toEqual([{ n: 0 }]);
    });
  }
});
