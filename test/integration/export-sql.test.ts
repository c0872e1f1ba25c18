/**
 * The export assembled in SQL (issue 17, store/csv-sql.ts) writes the same bytes as the export
 * written in JavaScript before it (csv-stringify, neutralise, io/mask.ts), reproduced here as it
 * was: every column read as arrays, masked unless --reveal, through csvSink. Hostile values in
 * every text column (quotes, commas, LF, CR, CRLF, leading = + - @ | tab, CJK, astral characters,
 * empty and null), masked and revealed, with and without the BOM; then random values (fast-check).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/io/csv.js';
import { maskIdNumber, maskPhone } from '../../src/io/mask.js';
import { EXPORT_COLUMNS, exportArrivals } from '../../src/services/arrival-io.js';
import { openStore, type Store } from '../../src/store/db.js';
import type { ArrivalFilter } from '../../src/store/arrivals.js';
import { FORMULAS, LINE_BREAKS, NOTE_LINE_BREAKS, TABS } from '../hostile-corpus.js';
import { initDb, runBin, tmpDir } from '../helpers.js';

const ctx = { today: '2022-12-31', now: new Date('2022-12-31T00:00:00Z'), actor: 'tester', tz: 'Asia/Shanghai' };

/** Today's export before issue 17, as it was written in services/arrival-io.ts. */
async function jsExport(store: Store, file: string, reveal: boolean, filter: ArrivalFilter = {}): Promise<Buffer> {
  const idAt = EXPORT_COLUMNS.indexOf('id_number');
  const phoneAt = EXPORT_COLUMNS.indexOf('phone');
  // the writer replaces an existing file only when asked (issue 23): each export here is a new one
  fs.rmSync(file, { force: true });
  await writeCsv({ file }, [...EXPORT_COLUMNS], store.arrivals.iterateColumns(filter, EXPORT_COLUMNS), (row) => {
    if (!reveal) {
      row[idAt] = maskIdNumber(row[idAt] as string);
      row[phoneAt] = maskPhone(row[phoneAt] as string);
    }
    return row as Array<string | null>;
  });
  return fs.readFileSync(file);
}

async function sqlExport(store: Store, file: string, reveal: boolean, bom = true, filter: ArrivalFilter = {}): Promise<Buffer> {
  fs.rmSync(file, { force: true });
  const r = await exportArrivals(store, { file }, ctx, { reveal, bom, filter });
  expect(r.file).toBe(file);
  return fs.readFileSync(file);
}

const HOSTILE: string[] = [
  '', 'plain', '张三', '广东省深圳市南山区', '"', '""', 'a"b', '"quoted"', ',', 'a,b', ',lead', 'trail,',
  ...FORMULAS, '=', '+', '-', '@', '|', '\t=1', '\r=1', '=1,2', '="a"', '-"x",y',
  ...LINE_BREAKS.map(([, v]) => v), ...NOTE_LINE_BREAKS.map(([, v]) => v), ...TABS.map(([, v]) => v),
  '\n', '\r', 'a\n', ' leading space', 'trailing space ', "'=already", "it's", '𠀀𠀁 (astral)', '😀,"', '１２３', '＝1',
];

/** Inserts rows with the value in every text column (straight in SQL: the registration would refuse most). */
function insertRows(store: Store, values: readonly string[], start: number): void {
  const stmt = store.db.prepare(
    `INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, arrival_time, transport, vehicle, destination, township, contact_type, exposure_date, note, created_at, created_by)
     VALUES (?, ?, ?, ?, '2022-11-10', ?, 'train', ?, ?, ?, 'none', ?, ?, '2022-11-10T10:00:00', 'tester')`,
  );
  store.db.transaction(() => {
    values.forEach((v, i) => {
      const n = start + i;
      // an ID number of 18 characters with the value in it (the CHECK wants 18), a phone of the value itself
      const head = [...v].slice(0, 6).join('');
      const id = head + String(n).padStart(18 - [...head].length, '0');
      const opt = (x: string) => (n % 3 === 0 ? null : x);
      stmt.run(id, v, n % 4 === 0 ? String(n).padStart(11, '1') : v, v, opt(v), opt(v), v, opt(v), opt(v), opt(v));
    });
  })();
}

let dir: string;
let store: Store;
beforeAll(() => {
  dir = tmpDir();
  const db = initDb(path.join(dir, 'x.db'));
  store = openStore(db);
  insertRows(store, HOSTILE, 1);
  // short values: the masks of strings under 7 and 10 characters
  insertRows(store, ['1', '12', '123456', '1234567', '123456789', '1234567890'], 1000);
});
afterAll(() => store.close());

describe('the export assembled in SQL writes the bytes of the JavaScript export', () => {
  for (const reveal of [false, true]) {
    it(`hostile values in every column, ${reveal ? '--reveal' : 'masked'}, with the BOM`, async () => {
      const before = await jsExport(store, path.join(dir, `js-${reveal}.csv`), reveal);
      const now = await sqlExport(store, path.join(dir, `sql-${reveal}.csv`), reveal);
      expect(now.toString('utf8')).toBe(before.toString('utf8'));
      expect(now.equals(before)).toBe(true);
      expect(before.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      // the formulas went out neutralised, the personal fields masked unless --reveal
      const text = now.toString('utf8');
      expect(text).toContain("'=cmd|\"\"/c calc\"\"!A1");
      expect(text.includes('=cmd|"/c')).toBe(false);
      if (!reveal) expect(text).not.toContain('000000000000000001');
    });
    it(`without the BOM (--no-bom), ${reveal ? '--reveal' : 'masked'}: the same bytes after it`, async () => {
      const before = await jsExport(store, path.join(dir, `js-nb-${reveal}.csv`), reveal);
      const now = await sqlExport(store, path.join(dir, `sql-nb-${reveal}.csv`), reveal, false);
      expect(now.equals(before.subarray(3))).toBe(true);
      expect(now[0]).toBe('n'.charCodeAt(0));
    });
  }

  it('with a filter, and with no row (only the header)', async () => {
    const filter = { township: '张三' };
    expect((await sqlExport(store, path.join(dir, 'f1.csv'), false, true, filter)).equals(await jsExport(store, path.join(dir, 'f2.csv'), false, filter))).toBe(true);
    const none = { township: 'no such township' };
    const empty = await sqlExport(store, path.join(dir, 'e1.csv'), true, true, none);
    expect(empty.equals(await jsExport(store, path.join(dir, 'e2.csv'), true, none))).toBe(true);
    expect(empty.toString('utf8')).toBe(`\uFEFF${EXPORT_COLUMNS.join(',')}\n`);
  });

  it('chunks of any size join to the same lines, in row order; to a stream as to a file', async () => {
    const whole = (await jsExport(store, path.join(dir, 'chunks.csv'), true)).subarray(3).toString('utf8');
    const body = whole.slice(whole.indexOf('\n') + 1);
    for (const rows of [1, 2, 7, 100000]) {
      const parts = [...store.arrivals.csvChunks({}, EXPORT_COLUMNS, new Map(), rows)];
      expect(Buffer.concat(parts.map((p) => p.bytes)).toString('utf8')).toBe(body);
      expect(parts.reduce((a, p) => a + p.rows, 0)).toBe(HOSTILE.length + 6);
    }
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const got: Buffer[] = [];
    out.on('data', (c: Buffer) => got.push(c));
    await exportArrivals(store, { stream: out }, ctx, { reveal: true });
    expect(Buffer.concat(got).toString('utf8')).toBe(`\uFEFF${whole}`);
  });

  it('a filter with many matches (read in row order) and with few (through its index): the same bytes', async () => {
    const db = initDb(path.join(dir, 'many.db'));
    const ms = openStore(db);
    try {
      // 60,000 in 城关镇 (more than one index page's worth: the table read in row order), 3 elsewhere
      ms.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60003)
        INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, note, created_at, created_by)
        SELECT printf('110101%012d', i), '人员' || i, '1380013' || printf('%04d', i % 10000), '广东省深圳市', '2022-11-' || printf('%02d', 1 + i % 28), 'train',
               '城关镇幸福路' || i || '号', CASE WHEN i % 20001 = 0 THEN '河口镇' ELSE '城关镇' END, 'none',
               CASE i % 5 WHEN 0 THEN '=1+' || i WHEN 1 THEN 'a,"b"' WHEN 2 THEN NULL ELSE '' END, '2022-11-10T10:00:00', 'tester' FROM n`);
      for (const filter of [{ township: '城关镇' }, { township: '河口镇' }, { date: '2022-11-05' }, {}]) {
        for (const reveal of [false, true]) {
          const before = await jsExport(ms, path.join(dir, 'mj.csv'), reveal, filter);
          const now = await sqlExport(ms, path.join(dir, 'ms.csv'), reveal, true, filter);
          expect(now.equals(before), JSON.stringify(filter)).toBe(true);
        }
      }
      expect(ms.db.prepare("SELECT count(*) FROM arrivals WHERE township = '城关镇'").pluck().get()).toBeGreaterThan(50_000);
    } finally {
      ms.close();
    }
  }, 60_000);

  it('random values from the hostile alphabet, masked and revealed (fast-check)', async () => {
    const db = initDb(path.join(dir, 'random.db'));
    const rs = openStore(db);
    try {
      const alphabet = fc.constantFrom('a', 'Z', '1', '张', '𠀀', '"', "'", ',', '\n', '\r', '\t', '=', '+', '-', '@', '|', ' ', '；', '，');
      let k = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.string({ unit: alphabet, maxLength: 12 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (values, reveal) => {
          rs.db.exec('DELETE FROM arrivals');
          insertRows(rs, values, 1);
          k++;
          const before = await jsExport(rs, path.join(dir, `rj${k}.csv`), reveal);
          const now = await sqlExport(rs, path.join(dir, `rs${k}.csv`), reveal);
          expect(now.toString('utf8')).toBe(before.toString('utf8'));
        }),
        { numRuns: 150 },
      );
    } finally {
      rs.close();
    }
  });
});

describe('fangkong arrival export (the process)', () => {
  it('--no-bom leaves the byte-order mark out; by default it is there', () => {
    const db = path.join(dir, 'x.db');
    const out1 = path.join(dir, 'cli-bom.csv');
    const out2 = path.join(dir, 'cli-nobom.csv');
    expect(runBin(['--db', db, 'arrival', 'export', '--out', out1]).code).toBe(0);
    expect(runBin(['--db', db, '--no-bom', 'arrival', 'export', '--out', out2]).code).toBe(0);
    const a = fs.readFileSync(out1);
    const b = fs.readFileSync(out2);
    expect(a.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(a.subarray(3).equals(b)).toBe(true);
  });
});
