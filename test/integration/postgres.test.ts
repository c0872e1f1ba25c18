/**
 * PostgreSQL behind the same store, against a real server (test/pg-server.ts): the same county
 * (test/county.ts) written into an SQLite file and into PostgreSQL gives the same daily report,
 * byte for byte, every day of its two weeks and in every text format; `db copy` moves it both
 * ways, checked; migrations: one schema version, a newer one refused, another application's
 * tables refused; the audit log and the keys refuse changes there too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { PgDriver } from '../../src/store/pg/driver.js';
import { twoWeeks } from '../county.js';
import { query, runMain } from '../helpers.js';
import { onPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let dir: string;
onPgServer((server, folder) => ((pg = server), (dir = folder)));

/** A report with its audit head's hash left out (the rows stay). */
const unkeyed = (s: string) => s.replace(/\b[0-9a-f]{64}\b/g, '<hash>').replace(/(head |末条哈希 )[0-9a-f]{16}…/g, '$1<hash>…');

const DAYS = Array.from({ length: 10 }, (_, i) => `2022-11-${String(14 + i).padStart(2, '0')}`);

describe('the same county on SQLite and on PostgreSQL', () => {
  it('gives the same daily report, byte for byte, every day and in every text format', async () => {
    const file = path.join(dir, 'county.db');
    const url = pg.createDatabase();
    for (const where of [file, url]) {
      const s = openStore(where);
      try {
        twoWeeks(s);
      } finally {
        s.close();
      }
    }
    for (const date of DAYS) {
      for (const format of ['table', 'csv', 'json', 'markdown', 'html']) {
        const a = await runMain(['--db', file, 'report', 'daily', '--date', date, '--format', format], { env: { FANGKONG_TZ: 'Asia/Shanghai' } });
        const b = await runMain(['--db', url, 'report', 'daily', '--date', date, '--format', format], { env: { FANGKONG_TZ: 'Asia/Shanghai' } });
        expect(a.code, a.stderr).toBe(0);
        // the audit head (issue 23): the same row, its hash keyed by each database's own key
        expect(unkeyed(a.stdout), format).not.toBe(a.stdout);
        expect(unkeyed(b.stdout), `${date} ${format}`).toBe(unkeyed(a.stdout));
        expect(b.stderr).toBe(a.stderr);
        expect(a.stdout.length).toBeGreaterThan(100);
      }
    }
    // and the listings a desk reads (not the audit log: its tags and hashes are keyed by each database's own keys)
    for (const args of [['arrival', 'list', '--format', 'csv'], ['quarantine', 'list', '--date', '2022-11-17', '--format', 'csv'], ['test', 'due', '--date', '2022-11-21', '--format', 'csv'], ['test', 'overdue', '--date', '2022-11-23', '--format', 'csv'], ['inspect', 'list', '--date', '2022-11-16', '--format', 'csv']]) {
      const a = await runMain(['--db', file, ...args]);
      const b = await runMain(['--db', url, ...args]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.stdout, args.join(' ')).toBe(a.stdout);
    }
    // the export: assembled in SQL on SQLite (store/csv-sql.ts), in JavaScript on PostgreSQL — the same bytes, masked and revealed
    for (const reveal of [[], ['--reveal']]) {
      const out = (db: string) => path.join(dir, `export-${db === file ? 'sqlite' : 'pg'}${reveal.length}.csv`);
      for (const db of [file, url]) expect((await runMain(['--db', db, ...reveal, 'arrival', 'export', '--out', out(db)])).code).toBe(0);
      expect(fs.readFileSync(out(url)).equals(fs.readFileSync(out(file))), `export ${reveal.join(' ')}`).toBe(true);
      expect(fs.readFileSync(out(file), 'utf8').split('\n').length).toBeGreaterThan(5);
    }
  });

  it('db copy moves a county into PostgreSQL and back, every table and the audit chain checked', async () => {
    const file = path.join(dir, 'copy-from.db');
    const s = openStore(file);
    twoWeeks(s);
    s.close();
    const url = pg.createDatabase();
    const into = await runMain(['--db', file, 'db', 'copy', '--to', url, '--format', 'json']);
    expect(into.code, into.stderr).toBe(0);
    const r = JSON.parse(into.stdout);
    expect(r.verified).toMatchObject({ rows_equal: true, audit_chain: 'intact' });
    expect(r.rows.arrivals).toBe((query<{ n: number }>(file, 'SELECT count(*) AS n FROM arrivals')[0]).n);
    const back = path.join(dir, 'copy-back.db');
    const out = await runMain(['--db', url, 'db', 'copy', '--to', back, '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    for (const t of ['arrivals', 'measures', 'measure_phases', 'test_results', 'inspections', 'keys']) {
      expect(query(back, `SELECT * FROM ${t} ORDER BY 1, 2`), t).toEqual(query(file, `SELECT * FROM ${t} ORDER BY 1, 2`));
    }
    const v = await runMain(['--db', back, 'audit', 'verify', '--format', 'json']);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true });
    // into a database that holds a county already: refused, nothing changed
    const again = await runMain(['--db', file, 'db', 'copy', '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);
  });
});

describe('an import on PostgreSQL (a thousand rows a statement)', () => {
  it('has the outcomes of SQLite\'s row by row: ids, duplicates in the file and in the database, changed rows, --update', async () => {
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const id = (n: number) => {
      const s17 = `4403051980${String(1 + Math.floor(n / 1000)).padStart(2, '0')}01${String(n % 1000).padStart(3, '0')}`;
      return s17 + '10X98765432'[[...s17].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
    };
    const head = '姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,乡镇\n';
    const row = (n: number, phone = '13800138000') => `张${[...String(n)].map((d) => '零一二三四五六七八九'[Number(d)]).join('')},${id(n)},${phone},广东省深圳市南山区,2022-11-20,火车,城关镇幸福路1号,城关镇`;
    // 2,500 rows (three batches), the key of row 7 twice in the first batch and once in the third
    const first = [...Array.from({ length: 2500 }, (_, i) => row(i)), row(7)];
    first.splice(10, 0, row(7));
    const second = [row(1), row(2, '13900139000'), row(900), row(2600)];
    const a = path.join(dir, 'imp-1.csv');
    const b = path.join(dir, 'imp-2.csv');
    fs.writeFileSync(a, head + first.join('\n') + '\n');
    fs.writeFileSync(b, head + second.join('\n') + '\n');
    const file = path.join(dir, 'imp.db');
    const url = pg.createDatabase();
    const results: Record<string, unknown[]> = { sqlite: [], postgres: [] };
    for (const [name, db] of [['sqlite', file], ['postgres', url]] as const) {
      expect((await runMain(['--db', db, 'init'])).code).toBe(0);
      for (const args of [['arrival', 'import', a], ['arrival', 'import', b], ['arrival', 'import', b, '--update']]) {
        const r = await runMain(['--db', db, ...args, '--format', 'json']);
        expect(r.code, r.stderr).toBe(0);
        results[name].push(JSON.parse(r.stdout));
      }
      const list = await runMain(['--db', db, 'arrival', 'list', '--format', 'csv', '--reveal']);
      results[name].push(list.stdout);
    }
    expect(results.postgres).toEqual(results.sqlite);
    expect(results.sqlite[0]).toMatchObject({ read: 2502, inserted: 2500, duplicates: 2 });
    expect(results.sqlite[1]).toMatchObject({ inserted: 1, duplicates: 2, changed: 1 });
  });
});

describe('an inspection import on PostgreSQL (a thousand rows a statement)', () => {
  it('has the outcomes of SQLite\'s row by row: ids, arrivals linked, duplicates in the file and in the database, anomalies', async () => {
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const id = (n: number) => {
      const s17 = `4403051980${String(1 + Math.floor(n / 1000)).padStart(2, '0')}01${String(n % 1000).padStart(3, '0')}`;
      return s17 + '10X98765432'[[...s17].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
    };
    const head = '卡点,查验时间,身份证号,车牌,人数,健康码,体温,核酸结果,核酸时间\n';
    const time = (n: number) => `2022-11-20 ${String(8 + Math.floor(n / 60) % 10).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
    const row = (n: number) => (n % 7 === 0 ? `卡点,${time(n)},,粤B${10000 + n},2,绿码,36.5,阴性,2022-11-19 10:00` : `卡点,${time(n)},${id(n % 400)},,1,${n % 50 === 0 ? '黄码' : '绿码'},${n % 90 === 0 ? '38.1' : '36.5'},阴性,2022-11-19 10:00`);
    const first = Array.from({ length: 1800 }, (_, i) => row(i));
    first.splice(5, 0, row(3));
    const a = path.join(dir, 'insp-1.csv');
    const b = path.join(dir, 'insp-2.csv');
    fs.writeFileSync(a, head + first.join('\n') + '\n');
    fs.writeFileSync(b, head + [row(1), row(1799), row(2000)].join('\n') + '\n');
    const arrivals = path.join(dir, 'insp-arrivals.csv');
    fs.writeFileSync(arrivals, '姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,乡镇\n' + Array.from({ length: 50 }, (_, i) => `张三,${id(i * 3)},13800138000,广东省深圳市南山区,2022-11-${i % 2 ? '19' : '21'},火车,城关镇,城关镇`).join('\n') + '\n');
    const file = path.join(dir, 'insp.db');
    const url = pg.createDatabase();
    const results: Record<string, unknown[]> = { sqlite: [], postgres: [] };
    for (const [name, db] of [['sqlite', file], ['postgres', url]] as const) {
      for (const args of [['init'], ['checkpoint', 'add', '卡点', '--kind', 'road'], ['arrival', 'import', arrivals]]) expect((await runMain(['--db', db, ...args])).code).toBe(0);
      for (const f of [a, b]) {
        const r = await runMain(['--db', db, '--today', '2022-11-21', 'inspect', 'import', f, '--format', 'json', '--skip-invalid']);
        expect(r.code === 0 || r.code === 3, r.stderr).toBe(true);
        results[name].push(JSON.parse(r.stdout));
      }
      const s = openStore(db);
      try {
        results[name].push(s.db.prepare('SELECT id, checkpoint_id, inspected_at, id_number, vehicle, passengers, arrival_id, anomalies, action FROM inspections ORDER BY id').all());
      } finally {
        s.close();
      }
    }
    expect(results.postgres).toEqual(results.sqlite);
    // the times repeat every 600 rows and the people every 400: the same inspection again, in a batch and across batches
    const one = results.sqlite[0] as { read: number; inserted: number; duplicates: number };
    expect(one).toMatchObject({ read: 1801 });
    expect(one.duplicates).toBeGreaterThan(400);
    expect(one.inserted).toBeGreaterThan(1000);
    expect(results.sqlite[1]).toMatchObject({ read: 3, inserted: 0, duplicates: 3 });
    expect((results.sqlite[2] as Array<{ arrival_id: number | null }>).filter((r) => r.arrival_id !== null).length).toBeGreaterThan(0);
  });
});

describe('migrations on PostgreSQL', () => {
  it('a new database gets the latest schema version; a newer one and a foreign one are refused; only init creates', async () => {
    const url = pg.createDatabase();
    const none = await runMain(['--db', url, 'arrival', 'list']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no fangkong database .* fangkong init/);
    const init = await runMain(['--db', url, 'init', '--format', 'json']);
    expect(JSON.parse(init.stdout)).toMatchObject({ created: true, schema_version: LATEST_VERSION });
    const again = await runMain(['--db', url, 'init', '--format', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, schema_version: LATEST_VERSION });
    const db = url.split('/').pop()!;
    pg.psql(`UPDATE schema_version SET version = ${LATEST_VERSION + 1}`, db);
    const newer = await runMain(['--db', url, 'arrival', 'list']);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(new RegExp(`newer fangkong \\(schema ${LATEST_VERSION + 1}, this version knows ${LATEST_VERSION}\\)`));
    const foreign = pg.createDatabase();
    pg.psql('CREATE TABLE customers (id int)', foreign.split('/').pop()!);
    const f = await runMain(['--db', foreign, 'init']);
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/not a fangkong schema/);
    expect(pg.psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", foreign.split('/').pop()!).trim()).toBe('1');
  });

  it('migration 11 (documents) on a PostgreSQL database at version 10: the table made again, its rows, ids, pointers and phones kept', async () => {
    const url = pg.createDatabase();
    const d = new PgDriver(url);
    try {
      applyMigrations(d, 10);
      d.transaction(() => {
        d.prepare("INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, created_at, created_by) VALUES ('11010519491231002X', '张三', '13800138000', '北京市', '2022-11-20', 'train', '城关镇', 'x', 'x')").run();
        d.prepare("INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, created_at, created_by) VALUES (1, 'p', '{}', 'r', '2022-11-20', '2022-11-23', 'active', 'x', 'x')").run();
      }).immediate();
    } finally {
      d.close();
    }
    const s = openStore(url);
    try {
      expect(s.schemaVersion()).toBe(LATEST_VERSION);
      expect(s.db.prepare('SELECT id, doc_type, id_number, phone FROM arrivals').all()).toEqual([{ id: 1, doc_type: 'resident_id', id_number: '11010519491231002X', phone: '+8613800138000' }]);
      expect(() => s.db.prepare("INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, created_at, created_by) VALUES (9, 'p', '{}', 'r', '2022-11-20', '2022-11-23', 'active', 'x', 'x')").run()).toThrow(/foreign key/);
      expect(s.db.prepare('SELECT arrival_id FROM measures').pluck().all()).toEqual([1]);
    } finally {
      s.close();
    }
  });

  it('the audit log and the keys refuse UPDATE, DELETE and TRUNCATE', async () => {
    const url = pg.createDatabase();
    const s = openStore(url);
    try {
      s.transaction(() => s.audit.write({ at: new Date(), actor: 'a', action: 'x' }));
      expect(() => s.db.prepare("UPDATE audit_log SET actor = 'x' WHERE id = 1").run()).toThrow(/cannot be changed/);
      expect(() => s.db.prepare('DELETE FROM audit_log').run()).toThrow(/cannot be changed/);
      expect(() => s.db.exec('TRUNCATE audit_log')).toThrow(/cannot be changed/);
      expect(() => s.db.prepare('DELETE FROM keys').run()).toThrow(/cannot be changed/);
      expect(s.audit.count()).toBe(1);
    } finally {
      s.close();
    }
  });
});
