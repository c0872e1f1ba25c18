/**
 * Migration 11 (issue 14): documents and phones. A database as fangkong left it at schema 10
 * (resident IDs only, mobiles stored as 11 digits) brought to 11: every row kept, under the same
 * number; existing people become resident IDs; stored mobiles become E.164 in arrivals and
 * inspections; the natural key is (doc_type, number, date); the indexes are there again.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { applyMigrations } from '../../src/store/migrations/index.js';
import { makeId, tmpDir } from '../helpers.js';

const ID = makeId('110105', '19491231', '002');

function version10(file: string): Database.Database {
  const db = new Database(file);
  applyMigrations(db, 10);
  const at = '2022-11-20T09:00:00';
  const arrival = db.prepare(
    `INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by, expected)
     VALUES (?, ?, ?, '北京市', ?, 'train', '城关镇幸福路8号', '城关镇', 'none', ?, 'clerk', ?)`,
  );
  arrival.run(ID, '张三', '13800138000', '2022-11-20', at, 0);
  arrival.run(makeId('440305', '19800101', '123'), '李四', '13900139000', '2022-11-25', at, 1);
  // a purged row keeps its placeholder
  db.prepare(
    `INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, contact_type, created_at, created_by, purged_at)
     VALUES ('P0123456789ABCDEF0', '（已清除）', '00000000000', '广东省', '2022-01-01', 'car', '（已清除）', 'none', ?, 'clerk', ?)`,
  ).run(at, at);
  db.prepare("INSERT INTO checkpoints (name, kind, created_at, created_by) VALUES ('高速卡点', 'road', ?, 'clerk')").run(at);
  db.prepare(
    `INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, id_number, phone, code, action, arrival_id, created_at, created_by)
     VALUES (1, '2022-11-20T10:00', '2022-11-20', ?, '13800138000', 'green', 'pass', 1, ?, 'clerk')`,
  ).run(ID, at);
  db.prepare(
    `INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, created_at, created_by)
     VALUES (1, 'low-risk-3d2t', '{}', 'test', '2022-11-20', '2022-11-22', 'active', ?, 'clerk')`,
  ).run(at);
  return db;
}

describe('migration 11: documents and phones', () => {
  it('makes every existing person a resident ID, converts stored mobiles to E.164, keeps every row and its number', () => {
    const db = version10(path.join(tmpDir(), 'v10.db'));
    const before = db.prepare('SELECT * FROM arrivals ORDER BY id').all() as Array<Record<string, unknown>>;
    db.pragma('foreign_keys = ON');
    applyMigrations(db, 11);
    expect(db.pragma('user_version', { simple: true })).toBe(11);
    const after = db.prepare('SELECT * FROM arrivals ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(after.map((r) => [r.id, r.doc_type, r.id_number, r.doc_country, r.phone])).toEqual([
      [1, 'resident_id', ID, null, '+8613800138000'],
      [2, 'resident_id', before[1].id_number, null, '+8613900139000'],
      [3, 'resident_id', 'P0123456789ABCDEF0', null, '00000000000'],
    ]);
    // every other column as it was
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ phone: _p, doc_type: _t, doc_country: _c, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));
    expect(db.prepare('SELECT phone FROM inspections').pluck().all()).toEqual(['+8613800138000']);
    // the measure and the inspection still point at their arrival
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT arrival_id FROM measures').pluck().get()).toBe(1);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'arrivals' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    expect(indexes).toEqual(['arrivals_by_created', 'arrivals_by_date', 'arrivals_by_township', 'arrivals_origin_code']);
    db.close();
  });

  it('the natural key is (document type, number, date): the same number under another type is another person', () => {
    const file = path.join(tmpDir(), 'v10b.db');
    version10(file).close();
    const store = openStore(file);
    const db = new Database(file);
    const insert = db.prepare(
      `INSERT INTO arrivals (doc_type, id_number, name, phone, origin, arrival_date, transport, destination, contact_type, created_at, created_by)
       VALUES (?, ?, '陈大文', '+85291234567', '香港', '2022-11-20', 'car', '城关镇', 'none', '2022-11-20T09:00:00', 'clerk')`,
    );
    insert.run('tw_permit', '12345678');
    insert.run('passport', '12345678');
    expect(() => insert.run('passport', '12345678')).toThrow(/UNIQUE/);
    expect(() => insert.run('visa', 'E1234567')).toThrow(/CHECK/);
    expect(() => insert.run('passport', 'E12')).toThrow(/CHECK/);
    expect(store.arrivals.findByKey('12345678', '2022-11-20', 'passport')?.doc_type).toBe('passport');
    expect(store.arrivals.findByKey('12345678', '2022-11-20', 'tw_permit')?.doc_type).toBe('tw_permit');
    expect(store.arrivals.findByKey(ID, '2022-11-20')?.name).toBe('张三');
    db.close();
    store.close();
  });
});
