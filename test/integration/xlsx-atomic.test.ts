/** A workbook goes through the one atomic writer too: owner-only, whole or not at all, no temp file left. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportArrivals } from '../../src/services/arrival-io.js';
import { registerArrival } from '../../src/services/registration.js';
import { cst, tmpDir, VALID, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-21', now: cst(2022, 10, 21, 9), actor: 'desk1', tz: 'Asia/Shanghai' };

describe('xlsx export', () => {
  it('appears whole, owner-only, with nothing else left in the folder', async () => {
    const dir = tmpDir();
    const store = openTestStore(path.join(dir, 'x.db'));
    registerArrival(store, { name: VALID.name, id_number: VALID.id, phone: VALID.phone, origin: VALID.origin, arrival_date: VALID.date, transport: 'train', destination: VALID.destination }, ctx);
    const out = path.join(dir, 'out', '来返人员.xlsx');
    fs.mkdirSync(path.dirname(out));
    expect(await exportArrivals(store, { file: out }, ctx, { reveal: false })).toEqual({ exported: 1, file: out });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['来返人员.xlsx']);
    expect(fs.readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    store.close();
  });

  it('into a folder that does not exist: one error, nothing written', async () => {
    const dir = tmpDir();
    const store = openTestStore(path.join(dir, 'x.db'));
    await expect(exportArrivals(store, { file: path.join(dir, 'missing', 'a.xlsx') }, ctx, { reveal: false })).rejects.toThrow(/cannot write/);
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('x.db'))).toEqual([]);
    store.close();
  });
});
