/**
 * Migrations applied to a database that an older fangkong left behind: built at schema 3 with
 * applyMigrations(db, 3), given rows, then brought to 4 and 5 one at a time.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { legacyDigest, pseudonym } from '../../src/domain/keyed.js';
import { verifyAudit } from '../../src/services/audit.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { tmpDir } from '../helpers.js';

type Row = Record<string, unknown>;

function version(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function objects(db: Database.Database, type: 'table' | 'index' | 'trigger'): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(type) as string[];
}

function columns(db: Database.Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
}

/** Every row of every table, in rowid order. */
function snapshot(db: Database.Database): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const t of objects(db, 'table')) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Row[];
  return out;
}

function without(rows: Record<string, Row[]>, drop: Record<string, string[]>): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const [t, rs] of Object.entries(rows)) {
    out[t] = rs.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !(drop[t] ?? []).includes(k))));
  }
  return out;
}

const AT = '2022-11-20T09:00:00';

/** A database at schema 3 with a little of everything: arrivals, a measure with its phases, tests and placement, an inspection, a test result, and audit rows. */
function version3(file: string): Database.Database {
  const db = new Database(file);
  applyMigrations(db, 3);
  const arrival = db.prepare(
    'INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  arrival.run('11010519491231002X', '张三', '13800138000', '上海市浦东新区', '2022-11-20', 'train', '城关镇幸福路1号', '城关镇', 'none', AT, '李干部');
  arrival.run('440524188001010014', '李四', '13900139000', '广州市天河区', '2022-11-19', 'car', '东坝镇', null, 'close', AT, '李干部');
  db.prepare("INSERT INTO sites (name, capacity, created_at, created_by) VALUES ('县宾馆', 20, ?, 'desk1')").run(AT);
  db.prepare(
    "INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, created_at, created_by) VALUES (2, 'close-5+3', '{}', '--policy', '2022-11-19', '2022-11-27', 'active', ?, 'desk1')",
  ).run(AT);
  db.exec(`
    INSERT INTO measure_phases (measure_id, seq, kind, start_date, end_date) VALUES (1, 1, 'centralized', '2022-11-19', '2022-11-23'), (1, 2, 'home_quarantine', '2022-11-24', '2022-11-26');
    INSERT INTO measure_tests (measure_id, seq, phase_seq, day, test_date) VALUES (1, 1, 1, 1, '2022-11-19'), (1, 2, 2, 8, '2022-11-26');
    INSERT INTO placements (measure_id, site_id, from_date, created_at, created_by) VALUES (1, 1, '2022-11-19', '${AT}', 'desk1');
    INSERT INTO checkpoints (name, kind, created_at, created_by) VALUES ('高速收费站', 'road', '${AT}', 'desk1');
    INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, id_number, vehicle, code, action, created_at, created_by) VALUES (1, '2022-11-20T10:00', '2022-11-20', '11010519491231002X', '京A12345', 'green', 'pass', '${AT}', 'desk1');
    INSERT INTO test_results (id_number, arrival_id, measure_id, test_date, result, created_at, created_by) VALUES ('440524188001010014', 2, 1, '2022-11-19', 'negative', '${AT}', 'desk1');
  `);
  const audit = db.prepare('INSERT INTO audit_log (at, actor, action, record, before, after) VALUES (?, ?, ?, ?, ?, ?)');
  audit.run(AT, '李干部', 'arrival.add', 'arrival:1', null, JSON.stringify({ name: '张三', id_number: '110105********002X' }));
  audit.run(AT, '李干部', 'arrival.add', 'arrival:2', null, JSON.stringify({ name: '李四', id_number: '440524********0014' }));
  audit.run(AT, 'desk1', 'measure.assign', 'measure:1', JSON.stringify({ policy: null }), JSON.stringify({ policy: 'close-5+3', site: '县宾馆' }));
  audit.run(AT, 'desk1', 'reveal', null, null, null);
  return db;
}

describe('migrations', () => {
  it('applyMigrations stops at the version asked for', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    expect(version(db)).toBe(3);
    expect(objects(db, 'table')).not.toContain('settings');
    expect(columns(db, 'audit_log')).not.toContain('hash');
    db.close();
  });

  it('migration 4 adds the settings table and the report indexes, and carries every row over', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    const tablesBefore = objects(db, 'table');
    const indexesBefore = objects(db, 'index');
    const before = snapshot(db);
    applyMigrations(db, 4);
    expect(version(db)).toBe(4);
    expect(objects(db, 'table')).toEqual([...tablesBefore, 'settings'].sort());
    expect(columns(db, 'settings')).toEqual(['key', 'value', 'updated_at', 'updated_by']);
    const added = objects(db, 'index').filter((i) => !indexesBefore.includes(i));
    expect(added.sort()).toEqual(['measure_phases_by_end', 'measure_phases_by_start', 'measures_by_release', 'measures_by_released_on', 'test_results_by_date_result']);
    expect(snapshot(db)).toEqual({ ...before, settings: [] });
    db.close();
  });

  it('migration 5 adds the hash columns and purged_at, chains the existing audit rows, and makes the log append-only', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    applyMigrations(db, 4);
    const before = snapshot(db);
    applyMigrations(db, 5);
    expect(version(db)).toBe(5);
    expect(columns(db, 'audit_log')).toEqual(['id', 'at', 'actor', 'action', 'record', 'before', 'after', 'prev_hash', 'hash']);
    expect(columns(db, 'arrivals')).toContain('purged_at');
    expect(objects(db, 'trigger')).toEqual(['audit_log_append_only_delete', 'audit_log_append_only_update']);

    // every row carried over unchanged; the new columns are all that differs
    const after = snapshot(db);
    expect(without(after, { audit_log: ['prev_hash', 'hash'], arrivals: ['purged_at'] })).toEqual(before);
    expect(after.arrivals.map((r) => r.purged_at)).toEqual([null, null]);

    // the chain: each row records the hash of the one before it
    const audit = after.audit_log as Array<{ id: number; prev_hash: string; hash: string }>;
    expect(audit).toHaveLength(4);
    expect(audit[0].prev_hash).toBe('');
    for (let i = 1; i < audit.length; i++) expect(audit[i].prev_hash).toBe(audit[i - 1].hash);
    for (const r of audit) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(audit.map((r) => r.hash)).size).toBe(audit.length);

    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE id = 1").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 4').run()).toThrow(/cannot be changed/);
    db.close();
  });

  it('the plain chain migration 5 builds is found intact by migration 9, which re-keys it; the live verify code accepts it and new rows continue it', () => {
    const file = path.join(tmpDir(), 'v3.db');
    const db = version3(file);
    applyMigrations(db, 5);
    const plainHead = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as string;
    db.close();
    const store = openStore(file);
    const v = verifyAudit(store);
    expect(v).toMatchObject({ rows: 5, ok: true, problems: [] });
    const rekey = store.audit.latest(1)[0];
    expect(rekey).toMatchObject({ id: 5, actor: 'fangkong', action: 'audit.rekey' });
    expect(JSON.parse(rekey.before!)).toEqual({ plain_head: plainHead, plain_chain: 'intact' });
    store.transaction(() => store.audit.write({ at: new Date('2022-11-22T01:00:00Z'), actor: 'desk1', action: 'reveal', record: 'arrival list' }));
    expect(verifyAudit(store)).toMatchObject({ rows: 6, ok: true, problems: [] });
    store.close();
  });

  it('migration 9 adds the keys, re-keys stored pseudonyms to what a purge gives now, and leaves no readable personal data in the audit log', () => {
    const file = path.join(tmpDir(), 'v5.db');
    const db = version3(file);
    applyMigrations(db, 8);
    // a person purged under schema 5 (the pseudonym was last changed then): the unkeyed pseudonym, reversible from the origin
    db.exec("DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;");
    db.prepare("UPDATE arrivals SET id_number = ?, name = '（已清除）', purged_at = '2022-11-30T10:00:00' WHERE id = 2").run(`P${legacyDigest('440524188001010014')}`);
    db.prepare('UPDATE test_results SET id_number = ? WHERE id = 1').run(`P${legacyDigest('440524188001010014')}`);
    db.prepare("INSERT INTO audit_log (at, actor, action, record, before, after) VALUES (?, 'desk1', 'arrival.add', 'arrival:1', NULL, ?)").run(AT, JSON.stringify({ name: '张三', destination: '城关镇幸福路1号', note: '电话13800138000', phone: '13800138000' }));
    const before = snapshot(db);
    applyMigrations(db, 9);
    expect(version(db)).toBe(9);
    expect(objects(db, 'table')).toContain('keys');
    expect(objects(db, 'trigger')).toEqual(['audit_log_append_only_delete', 'audit_log_append_only_update', 'keys_fixed_delete', 'keys_fixed_update']);
    const keys = db.prepare('SELECT name, length(value) n FROM keys ORDER BY name').all();
    expect(keys).toEqual([{ name: 'audit', n: 32 }, { name: 'pseudonym', n: 32 }]);
    expect(() => db.prepare("UPDATE keys SET value = zeroblob(32) WHERE name = 'audit'").run()).toThrow(/cannot be changed/);
    const tagKey = db.prepare("SELECT value FROM keys WHERE name = 'pseudonym'").pluck().get() as Buffer;
    // the stored pseudonym now is the keyed one a purge of the same person gives
    const p = pseudonym(tagKey, '440524188001010014');
    expect(db.prepare('SELECT id_number FROM arrivals WHERE id = 2').pluck().get()).toBe(p);
    expect(db.prepare('SELECT id_number FROM test_results WHERE id = 1').pluck().get()).toBe(p);
    // everything else carried over
    const after = snapshot(db);
    expect(without(after, { audit_log: ['actor', 'record', 'before', 'after', 'prev_hash', 'hash'], arrivals: ['id_number'], test_results: ['id_number'] }).arrivals).toEqual(
      without(before, { arrivals: ['id_number'] }).arrivals,
    );
    // the audit images: names, addresses and notes tagged, phones masked, masked IDs replaced by the person's pseudonym
    const text = JSON.stringify(after.audit_log);
    for (const s of ['张三', '李四', '城关镇幸福路1号', '13800138000', '110105********002X', '440524********0014']) expect(text).not.toContain(s);
    const rows = after.audit_log as Array<{ after: string | null; action: string }>;
    expect(JSON.parse(rows[0].after!)).toEqual({ name: expect.stringMatching(/^#[0-9a-f]{16}$/), id_number: pseudonym(tagKey, '11010519491231002X') });
    expect(JSON.parse(rows[1].after!)).toEqual({ name: expect.stringMatching(/^#[0-9a-f]{16}$/), id_number: p });
    expect(JSON.parse(rows[4].after!)).toEqual({ name: expect.stringMatching(/^#/), destination: expect.stringMatching(/^#/), note: expect.stringMatching(/^#/), phone: '138****8000' });
    expect(rows.map((r) => r.action).pop()).toBe('audit.rekey');
    db.close();
    const store = openStore(file);
    expect(verifyAudit(store)).toMatchObject({ ok: true, rows: 6 });
    store.close();
  });

  it('migration 9 records a plain chain that was broken before it, rather than laundering it', () => {
    const file = path.join(tmpDir(), 'v5.db');
    const db = version3(file);
    applyMigrations(db, 5);
    db.exec("DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET actor = '王某' WHERE id = 2;");
    applyMigrations(db, 9);
    const rekey = db.prepare("SELECT before FROM audit_log WHERE action = 'audit.rekey'").pluck().get() as string;
    expect(JSON.parse(rekey)).toMatchObject({ plain_chain: 'broken: row 2 changed' });
    db.close();
  });

  it('migrations 5 to 9 on an empty audit log leave an empty chain that verifies (no re-key row)', () => {
    const file = path.join(tmpDir(), 'empty.db');
    const db = new Database(file);
    applyMigrations(db, 9);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
    db.close();
    const store = openStore(file);
    expect(verifyAudit(store)).toEqual({ rows: 0, ok: true, head: '', problems: [] });
    store.close();
  });

  it('migration 6 adds the place columns and fills them from the text of the rows already there', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    db.prepare("INSERT INTO risk_areas (region, level, valid_from, created_at, created_by) VALUES ('广东省广州市', 'high', '2022-11-01', ?, 'desk1'), ('某小区', 'medium', '2022-11-01', ?, 'desk1')").run(AT, AT);
    applyMigrations(db, 5);
    const before = snapshot(db);
    applyMigrations(db, 6);
    expect(version(db)).toBe(6);
    expect(columns(db, 'arrivals').slice(-2)).toEqual(['origin_code', 'origin_name']);
    expect(columns(db, 'risk_areas').slice(-2)).toEqual(['region_code', 'region_name']);
    expect(objects(db, 'index')).toContain('arrivals_origin_code');
    const after = snapshot(db);
    expect(without(after, { arrivals: ['origin_code', 'origin_name'], risk_areas: ['region_code', 'region_name'] })).toEqual(before);
    expect(after.arrivals.map((r) => [r.origin, r.origin_code, r.origin_name])).toEqual([
      ['上海市浦东新区', '310115', '上海市浦东新区'],
      ['广州市天河区', '440106', '广东省广州市天河区'],
    ]);
    expect(after.risk_areas.map((r) => [r.region, r.region_code, r.region_name])).toEqual([
      ['广东省广州市', '440100', '广东省广州市'],
      ['某小区', null, null],
    ]);
    db.close();
  });

  it('migration 7 rebuilds inspections with the new actions and the override reason, adds the decision columns, and puts measures that start before arrival in force from the arrival', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    applyMigrations(db, 6);
    // a close contact counted from an exposure five days before arriving, and one counted from the arrival
    db.prepare(
      "INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, created_at, created_by) VALUES (1, 'close-contact-5+3', '{}', '--policy', '2022-11-15', '2022-11-23', 'active', ?, 'desk1')",
    ).run(AT);
    db.exec("INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, id_number, code, test_result, temperature, action, anomalies, created_at, created_by) VALUES (1, '2022-11-21T08:00', '2022-11-21', '440524188001010014', 'red', 'none', 37.25, 'quarantine', 'red_code,no_test', '2022-11-21T08:00:00', 'desk1')");
    const indexes = objects(db, 'index');
    const before = snapshot(db);
    applyMigrations(db, 7);
    expect(version(db)).toBe(7);
    expect(objects(db, 'index')).toEqual(indexes);
    expect(columns(db, 'inspections').slice(-1)).toEqual(['override_reason']);
    expect(columns(db, 'test_results').slice(-4)).toEqual(['decision', 'decision_note', 'decided_on', 'decided_by']);
    expect(columns(db, 'measures').slice(-2)).toEqual(['flag_decision', 'end_kind']);
    const after = snapshot(db);
    // every inspection carried over as it was (37.25 too), the new column empty
    expect(after.inspections.map((r) => r.override_reason)).toEqual([null, null]);
    expect(without(after, { inspections: ['override_reason'], test_results: ['decision', 'decision_note', 'decided_on', 'decided_by'], measures: ['flag_decision', 'end_kind', 'in_force_from'] })).toEqual(
      without(before, { measures: ['in_force_from'] }),
    );
    // the measure from the exposure is in force from the arrival; the other one is left alone
    expect(after.measures.map((r) => [r.start_date, r.in_force_from])).toEqual([['2022-11-19', null], ['2022-11-15', '2022-11-20']]);
    // the new actions are accepted, an unknown one still refused
    const insert = db.prepare("INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, vehicle, code, action, created_at, created_by, override_reason) VALUES (1, ?, '2022-11-22', 'A1', 'green', ?, 'x', 'desk1', ?)");
    insert.run('2022-11-22T08:00', 'transfer', null);
    insert.run('2022-11-22T08:01', 'return', '送返隔离点');
    expect(() => insert.run('2022-11-22T08:02', 'wave', null)).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE test_results SET decision = 'maybe'").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE measures SET end_kind = 'lost'").run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('migration 8 lets a measure be cancelled (rebuilding measures, every row, column and index kept), keeps issued reports, and finds arrivals by registration time', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    applyMigrations(db, 7);
    db.pragma('foreign_keys = ON');
    const before = snapshot(db);
    const measureIndexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'measures' ORDER BY name").all();
    applyMigrations(db, 8);
    expect(version(db)).toBe(8);
    // foreign keys are on again after the rebuild, and every row still points at its measure
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(columns(db, 'measures').slice(-2)).toEqual(['cancelled_on', 'cancel_reason']);
    expect(db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'measures' ORDER BY name").all()).toEqual(measureIndexes);
    const after = snapshot(db);
    expect(without(after, { measures: ['cancelled_on', 'cancel_reason'] })).toEqual({ ...before, issued_reports: [] });
    expect(after.measures.map((r) => [r.cancelled_on, r.cancel_reason])).toEqual([[null, null]]);
    expect(columns(db, 'issued_reports')).toEqual(['id', 'date', 'unit', 'issued_at', 'actor', 'format', 'file', 'sha256', 'content', 'report', 'marks']);
    expect(objects(db, 'index')).toEqual(expect.arrayContaining(['arrivals_by_created', 'issued_reports_by_date']));
    // the new status is allowed, an unknown one still is not, and the children's foreign keys still hold
    db.prepare("UPDATE measures SET status = 'cancelled', cancelled_on = '2022-11-20', cancel_reason = '分配有误' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE measures SET status = 'void' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO measure_phases (measure_id, seq, kind, start_date, end_date) VALUES (9, 1, 'centralized', '2022-11-19', '2022-11-23')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('migration 10 marks arrivals deleted or expected and inspections voided (columns, every row kept, none deleted or voided)', () => {
    const db = version3(path.join(tmpDir(), 'v3.db'));
    applyMigrations(db, 9);
    const before = snapshot(db);
    applyMigrations(db, 10);
    expect(version(db)).toBe(10);
    expect(columns(db, 'arrivals').slice(-3)).toEqual(['deleted_at', 'deleted_reason', 'expected']);
    expect(columns(db, 'inspections').slice(-2)).toEqual(['voided_at', 'void_reason']);
    const after = snapshot(db);
    expect(without(after, { arrivals: ['deleted_at', 'deleted_reason', 'expected'], inspections: ['voided_at', 'void_reason'] })).toEqual(before);
    expect(after.arrivals.every((r) => r.deleted_at === null && r.deleted_reason === null && r.expected === 0)).toBe(true);
    db.close();
  });

  it('openStore brings a schema-3 database to the latest version, keeping its rows', () => {
    const file = path.join(tmpDir(), 'v3.db');
    const db = version3(file);
    db.close();
    const store = openStore(file);
    expect(store.schemaVersion()).toBe(LATEST_VERSION);
    expect(store.arrivals.count()).toBe(2);
    expect(store.measures.phases(1).map((p) => p.kind)).toEqual(['centralized', 'home_quarantine']);
    expect(verifyAudit(store).ok).toBe(true);
    store.close();
  });

  it('refuses a database newer than the code, and leaves its schema and rows alone', () => {
    const file = path.join(tmpDir(), 'newer.db');
    const db = version3(file);
    applyMigrations(db);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    const before = snapshot(db);
    db.close();
    expect(() => openStore(file)).toThrow(new RegExp(`newer fangkong \\(schema ${LATEST_VERSION + 1}, this version knows ${LATEST_VERSION}\\): upgrade fangkong`));
    const again = new Database(file, { readonly: true });
    expect(version(again)).toBe(LATEST_VERSION + 1);
    expect(snapshot(again)).toEqual(before);
    again.close();
  });
});
