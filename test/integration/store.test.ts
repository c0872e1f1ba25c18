import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { registerArrival, showPerson } from '../../src/services/registration.js';
import { DuplicateError, NotFoundError, StoreError, ValidationError } from '../../src/domain/errors.js';
import { makeId, tmpDir, VALID, cst } from '../helpers.js';

const ctx = { today: '2022-11-21', now: cst(2022, 10, 21, 9, 0, 0), actor: 'desk1' };
const input = { name: VALID.name, id_number: VALID.id, phone: VALID.phone, origin: VALID.origin, arrival_date: VALID.date, transport: 'train', destination: VALID.destination };

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

describe('registration', () => {
  it('registers, audits, and refuses the same person on the same date', () => {
    const s = openStore(path.join(tmpDir(), 'r.db'));
    const row = registerArrival(s, input, ctx);
    expect(row).toMatchObject({ id: 1, id_number: VALID.id, created_by: 'desk1' });
    expect(s.audit.latest(1)[0]).toMatchObject({ action: 'arrival.add', actor: 'desk1', record: 'arrival:1' });
    const err = (() => {
      try {
        registerArrival(s, { ...input, name: '张三丰' }, ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DuplicateError);
    expect((err as DuplicateError).problems[0].params).toMatchObject({ id: 1, date: VALID.date, id_number: '110105********002X' });
    expect(s.arrivals.count()).toBe(1);
    expect(s.audit.count()).toBe(1);
    s.close();
  });

  it('writes nothing for an invalid arrival', () => {
    const s = openStore(path.join(tmpDir(), 'v.db'));
    expect(() => registerArrival(s, { ...input, phone: '123' }, ctx)).toThrow(ValidationError);
    expect(s.arrivals.count()).toBe(0);
    expect(s.audit.count()).toBe(0);
    s.close();
  });

  it('keeps one person with a history of arrivals, found by ID number (old 15-digit too) or arrival number', () => {
    const s = openStore(path.join(tmpDir(), 'p.db'));
    registerArrival(s, { ...input, arrival_date: '2022-10-01' }, ctx);
    registerArrival(s, input, ctx);
    registerArrival(s, { ...input, id_number: makeId('440305', '19800101', '123') }, ctx);
    const p = showPerson(s, VALID.id.toLowerCase(), ctx);
    expect(p).toMatchObject({ id_number: VALID.id, birth_date: '1949-12-31', sex: 'female' });
    expect(p.arrivals.map((a) => a.arrival_date)).toEqual(['2022-10-01', '2022-11-20']);
    expect(showPerson(s, '110105491231002', ctx).arrivals).toHaveLength(2);
    expect(showPerson(s, '2', ctx).arrivals).toHaveLength(2);
    expect(() => showPerson(s, '99', ctx)).toThrow(NotFoundError);
    const bad = (() => {
      try {
        showPerson(s, '110105194912310021', ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad).not.toBeInstanceOf(NotFoundError);
    expect((bad as ValidationError).problems[0].code).toBe('id_check');
    s.close();
  });
});
