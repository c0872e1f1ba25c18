/**
 * Issue 24, point 1, through `inspect import` (the path of paper forms and big sheets): what the
 * origin requires is judged by the register for those registered in advance or with a measure,
 * else by the sheet's origin column; a pass for someone whose origin requires a measure is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { setArea } from '../../src/services/areas.js';
import { addCheckpoint, importInspections } from '../../src/services/inspection.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { registerArrival } from '../../src/services/registration.js';
import type { Store } from '../../src/store/db.js';
import { cst, makeId, openTestStore, tmpDir } from '../helpers.js';

const on = (d: string) => ({ today: d, now: cst(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 23, 59), actor: 'officer', tz: 'Asia/Shanghai' });
let store: Store;
let dir: string;
beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'o.db'));
  addCheckpoint(store, { name: '火车站', kind: 'rail' }, on('2022-11-01'));
  setArea(store, { region: '440105', level: 'high', from: '2022-11-18' }, on('2022-11-17'));
  return () => store.close();
});
const hk = (id: string, date: string) => ({ name: '陈大文', doc_type: 'hkmo_permit', id_number: id, phone: '+852 9123 4567', origin: '香港', arrival_date: date, transport: 'train', destination: '城关镇', township: '城关镇' });
const sheet = (rows: string[]) => {
  const file = path.join(dir, `insp-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, ['卡点,查验时间,身份证号,车次/车牌,健康码,体温,核酸结果,核酸采样时间,来源地,处置', ...rows].join('\n') + '\n');
  return file;
};
const stored = () => store.inspections.list({}).map((r) => [r.id_number ?? r.vehicle, r.anomalies, r.action]);

describe('the origin at the checkpoint, imported', () => {
  it('by the registration in advance (no origin column needed), by the origin column for others; not once under the measure', async () => {
    const a = registerArrival(store, hk('H12345678', '2022-11-26'), on('2022-11-21'));
    const other = makeId('440105', '19900101', '001');
    const r = await importInspections(
      store,
      sheet([`火车站,2022-11-25 08:30,H12345678,,绿码,36.5,阴性,2022-11-25 07:00,,`, `火车站,2022-11-25 08:40,${other},,绿码,36.5,阴性,2022-11-25 07:00,广州海珠,`, `火车站,2022-11-25 08:50,,粤A1,绿码,36.5,阴性,2022-11-25 07:00,北京市,`]),
      on('2022-11-25'),
      { describe: (p) => p.code },
    );
    expect(r).toMatchObject({ inserted: 3, rejected: 0, anomalies: 2 });
    expect(store.arrivals.get(a.id)).toMatchObject({ expected: 0, arrival_date: '2022-11-25' });
    expect(stored()).toEqual(expect.arrayContaining([
      ['H12345678', 'origin_measure', 'refer'],
      [other, 'origin_measure', 'refer'],
      ['粤A1', '', 'pass'],
    ]));

    // under the inbound measure: the register's phase, no longer the origin
    assign(store, String(a.id), { home: true }, on('2022-11-25'));
    await importInspections(store, sheet([`火车站,2022-11-26 08:30,H12345678,,绿码,36.5,阴性,2022-11-26 07:00,香港,送返`]), on('2022-11-26'), { describe: (p) => p.code });
    expect(store.inspections.list({ date: '2022-11-26' }).map((x) => [x.anomalies, x.action])).toEqual([['in_centralized', 'return']]);
  });

  it('a pass recorded for someone whose origin requires a measure is refused: nothing written, or a rejected row', async () => {
    const file = sheet([`火车站,2022-11-20 08:30,,粤A2,绿码,36.5,阴性,2022-11-20 07:00,440105,放行`, `火车站,2022-11-20 08:40,,粤A3,绿码,36.5,阴性,2022-11-20 07:00,北京市,放行`]);
    await expect(importInspections(store, file, on('2022-11-20'), { describe: (p) => p.code })).rejects.toThrow();
    expect(store.inspections.list({})).toEqual([]);
    const r = await importInspections(store, file, on('2022-11-20'), { describe: (p) => p.code, skipInvalid: true });
    expect(r).toMatchObject({ inserted: 1, rejected: 1 });
    expect(stored()).toEqual([['粤A3', '', 'pass']]);
    expect(fs.readFileSync(file.replace(/\.csv$/, '.rejects.csv'), 'utf8')).toContain('not_let_through');
  });
});
