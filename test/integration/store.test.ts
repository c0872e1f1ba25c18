import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { StoreError } from '../../src/domain/errors.js';
import { tmpDir } from '../helpers.js';


describe('store', () => {
  it('creates an owner-only database in WAL mode at the latest schema version', () => {
    const file = path.join(tmpDir(), 'sub', 'dir', 'f.db');
    const s = openStore(file);
    expect(s.schemaVersion()).toBe(LATEST_VERSION);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('busy_timeout', { simple: true })).toBe(15000);
    s.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('numbers its migrations 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('migration 1 creates the arrivals and audit tables with the natural key', () => {
    const db = new Database(':memory:');
    db.exec(MIGRATIONS[0].sql);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['arrivals', 'audit_log']);
    const idx = db.prepare("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='arrivals'").pluck().all();
    expect(idx).toEqual(expect.arrayContaining(['arrivals_by_date', 'arrivals_by_township']));
    const ins = db.prepare("INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES ('11010519491231002X', 'a', '13800138000', 'o', '2022-11-20', 'train', 'd', 'now', 'me')");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('migration 2 upgrades a version-1 database with its arrivals to areas, policies, sites and measures', () => {
    const file = path.join(tmpDir(), 'v1.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0].sql);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES ('11010519491231002X', 'a', '13800138000', 'o', '2022-11-20', 'train', 'd', 'now', 'me')").run();
    db.close();
    const s = openStore(file);
    expect(s.schemaVersion()).toBe(LATEST_VERSION);
    expect(s.arrivals.count()).toBe(1);
    const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['measure_phases', 'measure_tests', 'measures', 'placements', 'policies', 'policy_rules', 'risk_areas', 'sites']));
    expect(() => s.db.prepare("INSERT INTO sites (name, capacity, created_at, created_by) VALUES ('x', 0, 'now', 'me')").run()).toThrow(/CHECK/);
    s.close();
  });

  it('migration 3 adds checkpoints, inspections (one per natural key), test results and the positive flag', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS.slice(0, 3)) db.exec(m.sql);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['checkpoints', 'inspections', 'test_results']));
    const cols = db.prepare("SELECT name FROM pragma_table_info('measures')").pluck().all();
    expect(cols).toEqual(expect.arrayContaining(['flag', 'flagged_on']));
    db.exec("INSERT INTO checkpoints (name, kind, created_at, created_by) VALUES ('k', 'road', 'now', 'me')");
    const ins = db.prepare("INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, vehicle, code, action, created_at, created_by) VALUES (1, '2022-11-20T10:00', '2022-11-20', 'A1', 'green', 'pass', 'now', 'me')");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, code, action, created_at, created_by) VALUES (1, '2022-11-20T10:01', '2022-11-20', 'green', 'pass', 'now', 'me')")).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a database written by a newer version, without touching it', () => {
    const file = path.join(tmpDir(), 'new.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(/newer fangkong/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    again.close();
  });

  it('refuses an SQLite file that is not a fangkong database, and a file that is not SQLite', () => {
    const dir = tmpDir();
    const other = path.join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => openStore(other)).toThrow(/not a fangkong one/);
    const text = path.join(dir, 'text.db');
    fs.writeFileSync(text, 'this is not a database, just some text that is long enough to look like a file');
    expect(() => openStore(text)).toThrow(StoreError);
  });
});
