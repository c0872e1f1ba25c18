/**
 * PostgreSQL's bulk imports through COPY into a staging table (store/pg/staging.ts), on a real
 * server (test/pg-server.ts): the COPY text encoder with hostile values, round-tripped; a value the
 * staging table's types or CHECKs refuse names its row and writes nothing; and an arrivals import
 * with duplicates inside a batch, rows already in the database and hostile text gives the same
 * outcomes, rows and audit as SQLite's row-by-row insert.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import type { ArrivalRecord } from '../../src/domain/arrival.js';
import { importFile } from '../../src/services/import.js';
import { openStore } from '../../src/store/db.js';
import { PgDriver } from '../../src/store/pg/driver.js';
import { copyField, copyText, stageRows, StagedRowRefused } from '../../src/store/pg/staging.js';
import { query, runMain } from '../helpers.js';
import { onPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let dir: string;
onPgServer((server, folder) => ((pg = server), (dir = folder)));

/** Hostile text: COPY's separators and escapes, its end marker, NULL's spelling, emoji, CJK, quotes. */
const HOSTILE = ['制表\t符', '换\n行', '回\r车', 'C:\\路径\\', '\\N', '\\.', '\\', '\\t', '😷🧪 核酸', '', ' ', '"引号"', "O'Brien", '|,;', 'a\\\tb\\\nc'];

/** The same as an import's notes: a CR is refused by the input policy (domain/text.ts), a tab and a newline are a note's. */
const NOTES = HOSTILE.map((h) => h.replace('\r', ''));

describe('the COPY text encoder', () => {
  it('escapes backslash, tab, newline and CR; NULL is \\N; empty text stays empty; numbers and 1/0 as text', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('')).toBe('');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('😷')).toBe('😷');
    expect(copyField(36.5)).toBe('36.5');
    expect(copyField(12n)).toBe('12');
    expect(copyField(true)).toBe('1');
    expect(copyField(false)).toBe('0');
    expect(copyText([['a', null, 1], ['\t', '', 2]])).toBe('a\t\\N\t1\n\\t\t\t2\n');
    // one line per row whatever the values: no raw tab or newline inside a field
    const text = copyText(HOSTILE.map((h) => [h, h]));
    expect(text.split('\n')).toHaveLength(HOSTILE.length + 1);
    for (const line of text.split('\n').slice(0, -1)) expect(line.split('\t')).toHaveLength(2);
  });

  it('refuses what PostgreSQL cannot store rather than changing it: U+0000, NaN, objects', () => {
    expect(() => copyField('a\u0000b')).toThrow(/U\+0000/);
    expect(() => copyField(Number.NaN)).toThrow(/not a number/);
    expect(() => copyField({})).toThrow(/not a value/);
  });
});

describe('the staging table on a real server', () => {
  it('gives back every hostile value as written, NULL and empty text apart, in order', () => {
    const d = new PgDriver(pg.createDatabase());
    try {
      d.exec('CREATE TABLE hostile (id bigint PRIMARY KEY, t text, k bigint NOT NULL CHECK (k >= 0))');
      const values: Array<string | null> = [...HOSTILE, null];
      const back = d.transaction(() => {
        stageRows(d, 'hostile', ['t', 'k'], values.map((v, i) => [v, i]));
        return d.prepare('SELECT n, t, k FROM fk_stage_hostile ORDER BY n').all() as Array<{ n: number; t: string | null; k: number }>;
      }).immediate();
      expect(back.map((r) => r.t)).toEqual(values);
      expect(back.map((r) => r.n)).toEqual(values.map((_, i) => i + 1));
      // a second batch in the same transaction replaces the first (emptied, not appended to)
      const second = d.transaction(() => {
        stageRows(d, 'hostile', ['t', 'k'], [['one', 1]]);
        stageRows(d, 'hostile', ['t', 'k'], [['two', 2], ['three', 3]]);
        return d.prepare('SELECT t FROM fk_stage_hostile ORDER BY n').pluck().all();
      }).immediate();
      expect(second).toEqual(['two', 'three']);
      // ON COMMIT DELETE ROWS: nothing stays staged after the transaction
      expect(d.prepare('SELECT count(*) AS n FROM fk_stage_hostile').get()).toEqual({ n: 0 });
    } finally {
      d.close();
    }
  });

  it('a value its CHECK, NOT NULL or type refuses: the row in the batch and the column, and the transaction rolled back', () => {
    const d = new PgDriver(pg.createDatabase());
    try {
      d.exec('CREATE TABLE hostile (id bigint PRIMARY KEY, t text, k bigint NOT NULL CHECK (k >= 0))');
      const refused = (rows: unknown[][]): StagedRowRefused => {
        try {
          d.transaction(() => {
            d.prepare("INSERT INTO hostile (id, t, k) VALUES (1, 'written first', 0)").run();
            stageRows(d, 'hostile', ['t', 'k'], rows);
          }).immediate();
        } catch (err) {
          expect(err).toBeInstanceOf(StagedRowRefused);
          return err as StagedRowRefused;
        }
        throw new Error('not refused');
      };
      expect(refused([['a', 1], ['b', 2], ['c', -1]])).toMatchObject({ index: 2, column: 'k' });
      expect(refused([['a', 'many'], ['b', 2]])).toMatchObject({ index: 0, column: 'k', sqlstate: '22P02' });
      expect(refused([['a', 1], ['b', null]])).toMatchObject({ index: 1, column: 'k', sqlstate: '23502' });
      expect(d.prepare('SELECT count(*) AS n FROM hostile').get()).toEqual({ n: 0 });
    } finally {
      d.close();
    }
  });
});

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(n: number): string {
  const s17 = `3301061985${String(1 + Math.floor(n / 1000)).padStart(2, '0')}11${String(n % 1000).padStart(3, '0')}`;
  return s17 + '10X98765432'[[...s17].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
}
const csvCell = (s: string) => (/[",\n\r\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const HEAD = '姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,乡镇,备注\n';
const arrivalRow = (n: number, note = '', destination = '城关镇幸福路1号', phone = '13800138000') =>
  ['李' + '零一二三四五六七八九'[n % 10] + '零一二三四五六七八九'[Math.floor(n / 10) % 10], idNumber(n), phone, '浙江省杭州市西湖区', '2022-11-20', '火车', destination, '城关镇', note].map(csvCell).join(',');

describe('an arrivals import on PostgreSQL through COPY', () => {
  it('has the outcomes, rows and audit of SQLite\'s row-by-row insert: doubles in a batch and across batches, rows already there, hostile text', async () => {
    // 10,300 rows: three batches (STAGE_BATCH, 5,000); row 5's key twice in the first batch and once in the third; hostile notes and destinations
    const first = Array.from({ length: 10300 }, (_, i) => arrivalRow(i, NOTES[i % NOTES.length], i % 3 === 0 ? `西湖路\\${i}号 😷` : '城关镇幸福路1号'));
    first.splice(20, 0, arrivalRow(5, '同一人又一行'));
    first.push(arrivalRow(5, '第三批又一行'));
    // the second file: rows already there (one the same, one with another phone: "changed"), and new ones
    const second = [arrivalRow(1, NOTES[1]), arrivalRow(2, NOTES[2], '城关镇幸福路1号', '13900139000'), arrivalRow(10500, '\\N'), arrivalRow(10501, 'x\ty')];
    const a = path.join(dir, 'copy-1.csv');
    const b = path.join(dir, 'copy-2.csv');
    fs.writeFileSync(a, HEAD + first.join('\n') + '\n');
    fs.writeFileSync(b, HEAD + second.join('\n') + '\n');
    const file = path.join(dir, 'copy.db');
    const url = pg.createDatabase();
    const printed: Record<string, string[]> = { sqlite: [], postgres: [] };
    for (const [name, db] of [['sqlite', file], ['postgres', url]] as const) {
      expect((await runMain(['--db', db, 'init'])).code).toBe(0);
      for (const args of [['arrival', 'import', a], ['arrival', 'import', b, '--format', 'json'], ['arrival', 'import', b, '--update', '--format', 'json']]) {
        const r = await runMain(['--db', db, ...args]);
        expect(r.code, r.stderr).toBe(0);
        printed[name].push(r.stdout, r.stderr);
      }
      printed[name].push((await runMain(['--db', db, 'arrival', 'list', '--format', 'csv', '--reveal'])).stdout);
    }
    expect(printed.postgres).toEqual(printed.sqlite);
    expect(JSON.parse(printed.sqlite[2])).toMatchObject({ read: 4, inserted: 2, duplicates: 1, changed: 1 });
    expect(printed.sqlite[0]).toMatch(/10,?302/);

    const cols = 'id, doc_type, id_number, name, phone, origin, origin_code, arrival_date, transport, destination, township, note, expected, created_by';
    const sqliteRows = query<Record<string, unknown>>(file, `SELECT ${cols} FROM arrivals ORDER BY id`);
    const sqliteAudit = query<Record<string, unknown>>(file, 'SELECT id, action, record, before, after FROM audit_log ORDER BY id');
    const d = new PgDriver(url);
    try {
      const pgRows = d.prepare(`SELECT ${cols} FROM arrivals ORDER BY id`).all();
      expect(pgRows).toEqual(sqliteRows);
      expect(sqliteRows).toHaveLength(10302);
      // the hostile values as written: NULL's spelling stays text, a tab, a newline, a backslash, emoji
      const notes = d.prepare('SELECT note FROM arrivals WHERE id_number = ? ').pluck();
      expect(notes.all(idNumber(1))).toEqual(['换\n行']);
      expect(notes.all(idNumber(4))).toEqual(['\\N']);
      expect(notes.all(idNumber(10500))).toEqual(['\\N']);
      expect(notes.all(idNumber(10501))).toEqual(['x\ty']);
      expect(notes.all(idNumber(14))).toEqual(['a\\\tb\\\nc']);
      expect(d.prepare('SELECT destination FROM arrivals WHERE id_number = ?').pluck().get(idNumber(3))).toBe('西湖路\\3号 😷');
      // the first of a doubled key is the one kept
      expect(notes.all(idNumber(5))).toEqual(['\\.']);
      expect(d.prepare('SELECT id, action, record, before, after FROM audit_log ORDER BY id').all()).toEqual(sqliteAudit);
    } finally {
      d.close();
    }
    expect(sqliteAudit.map((r) => r.action)).toEqual(['arrival.import', 'arrival.import', 'arrival.update', 'arrival.import', 'reveal']);
    const v = await runMain(['--db', url, 'audit', 'verify', '--format', 'json']);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true });
  });

  it('a value the staging table refuses (past validation) is an error naming the file\'s row, and nothing is written', async () => {
    const url = pg.createDatabase();
    expect((await runMain(['--db', url, 'init'])).code).toBe(0);
    const rows = Array.from({ length: 6500 }, (_, i) => arrivalRow(i));
    // the file's row 5203 (the header is row 1): a date the table's CHECK refuses, in the second batch
    rows[5201] = rows[5201].replace('2022-11-20', '20.11.2022');
    const f = path.join(dir, 'refused.csv');
    fs.writeFileSync(f, HEAD + rows.join('\n') + '\n');
    const store = openStore(url);
    try {
      // a handler that takes the cells as they are (no validation): what reaches the staging table is the file's
      const err = await importFile<'arrivals', ArrivalRecord>(
        store,
        f,
        'arrivals',
        {
          validate: (x) => ({
            record: { name: x.name!, doc_type: 'resident_id', id_number: x.id_number!, doc_country: null, phone: x.phone!, origin: x.origin!, arrival_date: x.arrival_date!, arrival_time: null, transport: 'train', vehicle: null, destination: x.destination!, township: x.township ?? null, contact_type: 'none', exposure_date: null, note: null },
            problems: [],
          }),
          insert: () => {
            throw new Error('the batch path is PostgreSQL\'s');
          },
          insertBatch: (recs) => store.arrivals.insertMany(recs, '2022-11-21T02:00:00.000Z', 'test').map((r) => (r.id === null ? 'duplicate' : 'inserted')),
          audit: () => ({ at: 'x', actor: 'test', action: 'arrival.import', record: null }),
        },
        { describe: (p) => p.code },
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems).toEqual([{ field: 'arrival_date', code: 'db_refused', params: { row: 5203, detail: expect.stringMatching(/arrival_date_check/) } }]);
    } finally {
      store.close();
    }
    const d = new PgDriver(url);
    try {
      expect(d.prepare('SELECT (SELECT count(*) FROM arrivals) AS arrivals, (SELECT count(*) FROM audit_log) AS audit').get()).toEqual({ arrivals: 0, audit: 0 });
    } finally {
      d.close();
    }
  });
});

describe('an inspection import on PostgreSQL through COPY', () => {
  it('confirms the arrival of someone registered in advance, as SQLite does (that batch row by row), and batches the rest: the same outcomes, rows and audit', async () => {
    const head = '卡点,查验时间,身份证号,车牌,人数,健康码,体温,核酸结果,核酸时间\n';
    const time = (n: number) => `2022-11-21 0${Math.floor(n / 60) % 9}:${String(n % 60).padStart(2, '0')}`;
    // 7,000 rows (batches of a thousand): the person registered in advance is inspected in the sixth; a hostile vehicle plate (a backslash) in some
    const rows = Array.from({ length: 7000 }, (_, i) => (i % 5 === 0 ? `卡点,${time(i)},,粤B\\${10000 + i},2,绿码,36.5,阴性,2022-11-20 10:00` : `卡点,${time(i)},${idNumber(i % 700)},,1,${i % 40 === 0 ? '黄码' : '绿码'},36.6,阴性,2022-11-20 10:00`));
    rows[5400] = `卡点,2022-11-21 09:30,${idNumber(5000)},,1,绿码,36.5,阴性,2022-11-20 10:00`;
    const f = path.join(dir, 'insp-expected.csv');
    fs.writeFileSync(f, head + rows.join('\n') + '\n');
    const arrivals = path.join(dir, 'insp-expected-arrivals.csv');
    fs.writeFileSync(arrivals, HEAD + Array.from({ length: 300 }, (_, i) => arrivalRow(i * 2)).join('\n') + '\n');
    const file = path.join(dir, 'insp-expected.db');
    const url = pg.createDatabase();
    const printed: Record<string, unknown[]> = { sqlite: [], postgres: [] };
    for (const [name, db] of [['sqlite', file], ['postgres', url]] as const) {
      for (const args of [['init'], ['checkpoint', 'add', '卡点', '--kind', 'road'], ['arrival', 'import', arrivals]]) expect((await runMain(['--db', db, ...args])).code).toBe(0);
      const early = await runMain(['--db', db, 'arrival', 'add', '--name', '赵六', '--id-number', idNumber(5000), '--phone', '13800138000', '--origin', '北京市', '--arrival-date', '2022-11-25', '--transport', 'car', '--destination', '城关镇']);
      expect(early.code, early.stderr).toBe(0);
      const r = await runMain(['--db', db, '--today', '2022-11-21', 'inspect', 'import', f, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      printed[name].push(JSON.parse(r.stdout));
      const s = openStore(db);
      try {
        printed[name].push(s.db.prepare('SELECT id, checkpoint_id, inspected_at, id_number, vehicle, passengers, arrival_id, anomalies, action FROM inspections ORDER BY id').all());
        printed[name].push(s.db.prepare('SELECT id, id_number, arrival_date, expected FROM arrivals ORDER BY id').all());
        // not every after: a row's personal fields there are keyed by each database's own keys
        printed[name].push(s.db.prepare("SELECT id, action, record, CASE WHEN action IN ('arrival.confirm', 'inspection.import') THEN coalesce(before, '') || after END AS what FROM audit_log ORDER BY id").all());
      } finally {
        s.close();
      }
    }
    expect(printed.postgres).toEqual(printed.sqlite);
    const arrived = (printed.sqlite[2] as Array<{ id_number: string; arrival_date: string; expected: number }>).find((a) => a.id_number === idNumber(5000));
    expect(arrived).toMatchObject({ arrival_date: '2022-11-21', expected: 0 });
    expect((printed.sqlite[3] as Array<{ action: string }>).map((a) => a.action)).toContain('arrival.confirm');
    expect(printed.sqlite[0]).toMatchObject({ read: 7000 });
  });
});

describe('the staging table under the roles of db roles', () => {
  it('a registrar imports arrivals and an inspector inspections through COPY (a temporary table is every role\'s); an inspector may not import arrivals', async () => {
    const owner = pg.createDatabase(undefined, 'owner');
    const db = owner.split('/').pop()!;
    expect((await runMain(['--db', owner, 'init'])).code).toBe(0);
    expect((await runMain(['--db', owner, 'checkpoint', 'add', '卡点', '--kind', 'road'])).code).toBe(0);
    expect((await runMain(['--db', owner, 'db', 'roles', '--apply'])).code).toBe(0);
    for (const [user, role] of [['reg2', 'registrar'], ['insp2', 'inspector']]) pg.psql(`CREATE ROLE ${user} LOGIN IN ROLE fangkong_${role}`, db);
    const a = path.join(dir, 'roles-arrivals.csv');
    fs.writeFileSync(a, HEAD + Array.from({ length: 1200 }, (_, i) => arrivalRow(i, NOTES[i % NOTES.length])).join('\n') + '\n');
    const r = await runMain(['--db', pg.url(db, 'reg2'), 'arrival', 'import', a, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 1200, inserted: 1200 });
    const i = path.join(dir, 'roles-inspections.csv');
    fs.writeFileSync(i, '卡点,查验时间,身份证号,车牌,人数,健康码,体温,核酸结果,核酸时间\n' + Array.from({ length: 1100 }, (_, n) => `卡点,2022-11-21 0${Math.floor(n / 60) % 9}:${String(n % 60).padStart(2, '0')},${idNumber(n)},,1,绿码,36.5,阴性,2022-11-20 10:00`).join('\n') + '\n');
    const ins = await runMain(['--db', pg.url(db, 'insp2'), '--today', '2022-11-21', 'inspect', 'import', i, '--format', 'json']);
    expect(ins.code, ins.stderr).toBe(0);
    expect(JSON.parse(ins.stdout)).toMatchObject({ read: 1100, inserted: 1100 });
    // an inspector may not import arrivals: refused by the server, nothing written
    const refused = await runMain(['--db', pg.url(db, 'insp2'), 'arrival', 'import', a]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the database refused/);
    expect(pg.psql('SELECT count(*) FROM arrivals', db).trim()).toBe('1200');
  });
});
