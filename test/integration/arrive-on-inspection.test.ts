/**
 * Issue 14: a person registered in advance who reaches a checkpoint has arrived — through an
 * imported sheet of inspections too; not for an inspection long before the expected date (another
 * journey), nor twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addCheckpoint, importInspections, logInspection } from '../../src/services/inspection.js';
import { registerArrival } from '../../src/services/registration.js';
import { dailyReport } from '../../src/services/reporting.js';
import type { Store } from '../../src/store/db.js';
import { cst, tmpDir, openTestStore } from '../helpers.js';

const on = (d: string) => ({ today: d, now: cst(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 23, 59), actor: 'officer', tz: 'Asia/Shanghai' });
let store: Store;
let dir: string;
beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'a.db'));
  addCheckpoint(store, { name: '火车站', kind: 'rail' }, on('2022-11-01'));
  return () => store.close();
});
const hk = (id: string, date: string) => ({ name: '陈大文', doc_type: 'hkmo_permit', id_number: id, phone: '+852 9123 4567', origin: '香港', arrival_date: date, transport: 'train', destination: '城关镇' });

describe('arrival at a checkpoint', () => {
  it('an imported inspection confirms the expected arrival on its date, audited, counted once', async () => {
    const a = registerArrival(store, hk('H12345678', '2022-11-26'), on('2022-11-21'));
    expect(a.expected).toBe(1);
    const file = path.join(dir, 'insp.csv');
    fs.writeFileSync(file, ['卡点,查验时间,身份证号,健康码,体温', '火车站,2022-11-25 08:30,H12345678,绿码,36.5', '火车站,2022-11-25 18:00,H12345678,绿码,36.6'].join('\n'));
    const r = await importInspections(store, file, on('2022-11-25'), { describe: (p) => p.code });
    expect(r).toMatchObject({ inserted: 2 });
    expect(store.arrivals.get(a.id)).toMatchObject({ expected: 0, arrival_date: '2022-11-25' });
    expect(store.audit.latest(10).filter((x) => x.action === 'arrival.confirm')).toHaveLength(1);
    expect([dailyReport(store, '2022-11-24', 'X'), dailyReport(store, '2022-11-25', 'X'), dailyReport(store, '2022-11-26', 'X')].map((d) => d.arrivals.new)).toEqual([0, 1, 0]);
    expect(dailyReport(store, '2022-11-24', 'X').arrivals.expected_next_day).toBe(0);
  });

  it('an inspection more than the advance window before the expected date is another journey: the registration stays expected', () => {
    const a = registerArrival(store, hk('M87654321', '2022-12-01'), on('2022-11-21'));
    logInspection(store, '火车站', { id_number: 'M87654321', code: 'green', time: '2022-11-10 09:00' }, on('2022-11-21'));
    expect(store.arrivals.get(a.id)).toMatchObject({ expected: 1, arrival_date: '2022-12-01' });
    expect(dailyReport(store, '2022-11-30', 'X').arrivals.expected_next_day).toBe(1);
  });
});
