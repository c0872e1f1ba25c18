/**
 * The migration that adds the outcome 'transferred' (end_kind, issue 24): an SQLite file as the
 * version before left it keeps every measure, its indexes and its triggers, and points at by its
 * phases, tests and placements still; from then on end_kind takes 'transferred' and nothing else
 * new. The same constraint on the backend under test (SQLite, or PostgreSQL in the postgres project).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { openTestStore, tmpDir } from '../helpers.js';

const OUTCOMES = MIGRATIONS.find((m) => m.name === 'outcomes')!.version;

describe('the outcomes migration', () => {
  it('an SQLite file of the version before: every measure kept, with its indexes, triggers and the rows that point at it', () => {
    const file = path.join(tmpDir(), 'before.db');
    const raw = new Database(file);
    applyMigrations(raw, OUTCOMES - 1);
    raw.prepare("INSERT INTO arrivals (id, id_number, name, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES (1, '11010519491231002X', '张三', '13800138000', '北京市', '2022-11-20', 'train', '城关镇', '2022-11-20T10:00:00', 'x')").run();
    const insert = raw.prepare(
      "INSERT INTO measures (id, arrival_id, policy_id, policy, rule, start_date, release_date, status, released_on, end_kind, created_at, created_by) VALUES (?, 1, 'close-contact-5+3', '{}', 'r', '2022-11-20', '2022-11-28', ?, ?, ?, '2022-11-20T10:00:00', 'x')",
    );
    insert.run(1, 'released', '2023-01-08', 'rule');
    insert.run(2, 'active', null, null);
    raw.prepare("INSERT INTO measure_phases (measure_id, seq, kind, start_date, end_date) VALUES (2, 1, 'centralized', '2022-11-20', '2022-11-24')").run();
    // the version before refuses the new outcome
    expect(() => insert.run(3, 'released', '2022-11-22', 'transferred')).toThrow(/CHECK constraint failed/);
    const shape = (db: Database.Database) => db.prepare("SELECT type, name FROM sqlite_master WHERE tbl_name = 'measures' AND type IN ('index', 'trigger') ORDER BY type, name").all();
    const before = shape(raw);
    const rows = raw.prepare('SELECT * FROM measures ORDER BY id').all();
    raw.close();

    const s = openStore(file);
    try {
      expect(s.schemaVersion()).toBe(LATEST_VERSION);
      const db = s.db as Database.Database;
      expect(db.prepare('SELECT * FROM measures ORDER BY id').all()).toEqual(rows);
      expect(shape(db)).toEqual(before);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(s.measures.phases(2)).toHaveLength(1);
      expect(s.measures.transferOut(2, '2022-11-22', '转运至县人民医院')).toBe(true);
      expect(s.measures.get(2)).toMatchObject({ status: 'released', end_kind: 'transferred', released_on: '2022-11-22', release_reason: '转运至县人民医院' });
      // once only: it is no longer active
      expect(s.measures.transferOut(2, '2022-11-23', 'again')).toBe(false);
    } finally {
      s.close();
    }
  });

  it('on the backend under test: end_kind takes transferred, rule and cancelled, and nothing else', () => {
    const s = openTestStore(path.join(tmpDir(), 'now.db'));
    try {
      expect(s.schemaVersion()).toBe(LATEST_VERSION);
      s.db.prepare("INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES ('11010519491231002X', '张三', '13800138000', '北京市', '2022-11-20', 'train', '城关镇', '2022-11-20T10:00:00', 'x')").run();
      const arrival = s.db.prepare('SELECT id FROM arrivals').pluck().get() as number;
      const insert = (kind: string) =>
        s.db
          .prepare("INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, released_on, end_kind, created_at, created_by) VALUES (?, 'p', '{}', 'r', '2022-11-20', '2022-11-28', 'released', '2022-11-22', ?, '2022-11-20T10:00:00', 'x')")
          .run(arrival, kind);
      for (const k of ['transferred', 'rule', 'cancelled']) insert(k);
      expect(() => insert('released')).toThrow(/check/i);
      expect(s.db.prepare('SELECT end_kind FROM measures ORDER BY id').pluck().all()).toEqual(['transferred', 'rule', 'cancelled']);
    } finally {
      s.close();
    }
  });
});
