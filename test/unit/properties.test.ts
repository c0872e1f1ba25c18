import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FangkongError } from '../../src/domain/errors.js';
import { checkChar, parseIdNumber } from '../../src/domain/idnumber.js';
import { addDays, parseDate, parseDateTime } from '../../src/domain/dates.js';
import { importArrivals } from '../../src/services/arrival-io.js';
import { openStore } from '../../src/store/db.js';
import { tmpDir } from '../helpers.js';

const TODAY = '2022-11-30';
const provinces = ['11', '31', '44', '45', '51', '65'];

/** Valid ID numbers: a province, a real birth date, a sequence, the right check character. */
const validId = fc
  .tuple(fc.constantFrom(...provinces), fc.integer({ min: 0, max: 9999 }), fc.date({ min: new Date(1900, 0, 1), max: new Date(2022, 10, 30), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
  .map(([p, area, d, seq]) => {
    const birth = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
    const first17 = `${p}${String(area).padStart(4, '0')}${birth}${String(seq).padStart(3, '0')}`;
    return first17 + checkChar(first17);
  });

describe('properties: ID numbers', () => {
  it('never throws on any string, and says ok or names a problem', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = parseIdNumber(s, TODAY);
        expect(r.ok || (r.problem.field === 'id_number' && typeof r.problem.code === 'string')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every valid number, in either case', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(parseIdNumber(id.toLowerCase(), TODAY).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('detects every change of a single digit (the check character catches it)', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const digit = (Number(id[pos]) + delta) % 10;
        const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
        expect(parseIdNumber(changed, TODAY).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('properties: dates', () => {
  it('never throws, and every date it returns is real and round-trips', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const r = parseDateTime(s);
        if (r) expect(parseDate(r.date)).toBe(r.date);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every real date in its usual shapes; adding n then -n days returns it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(1900, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }), fc.integer({ min: -400, max: 400 }), (d, n) => {
        const y = d.getFullYear();
        const m = d.getMonth() + 1;
        const day = d.getDate();
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(parseDate(iso)).toBe(iso);
        expect(parseDate(`${y}/${m}/${day}`)).toBe(iso);
        expect(parseDate(`${y}年${m}月${day}日`)).toBe(iso);
        expect(addDays(addDays(iso, n), -n)).toBe(iso);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('properties: CSV import of hostile input', () => {
  const header = 'name,id_number,phone,origin,arrival_date,transport,destination\n';
  const goodRow = '张三,11010519491231002X,13800138000,广东省,2022-11-20,train,城关镇\n';
  const hostile = fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
    fc.string({ maxLength: 300 }).map((s) => Buffer.from(header + s)),
    fc.string({ maxLength: 300 }).map((s) => iconv.encode(header + goodRow + s, 'gb18030')),
    fc.array(fc.constantFrom('"', ',', '\n', '\r', '\t', '=', '+', '-', '@', '张', 'x', '\u0000', '\uFEFF'), { maxLength: 200 }).map((a) => Buffer.from(header + goodRow + a.join(''))),
    fc.integer({ min: 1, max: 200_000 }).map((n) => Buffer.from(header + goodRow + `"${'长'.repeat(n)}",1,2,3,4,5,6\n`)),
  );

  it('never crashes, never writes part of a file, always fails with one typed error', async () => {
    const dir = tmpDir();
    const store = openStore(path.join(dir, 'p.db'));
    const file = path.join(dir, 'in.csv');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (bytes) => {
        fs.writeFileSync(file, bytes);
        const before = store.arrivals.count();
        try {
          const r = await importArrivals(store, file, { today: TODAY, now: new Date(), actor: 't' }, { describe: (p) => p.code });
          expect(store.arrivals.count()).toBe(before + r.inserted);
        } catch (err) {
          expect(err).toBeInstanceOf(FangkongError);
          expect((err as Error).message.split('\n')).toHaveLength(1);
          expect(store.arrivals.count()).toBe(before);
        }
        expect(store.db.inTransaction).toBe(false);
        n++;
      }),
      { numRuns: 150 },
    );
    expect(n).toBe(150);
    store.close();
  });
});
