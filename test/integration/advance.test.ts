/** Registration in advance (issue 14 item 3): accepted up to 14 days ahead as expected, counted once, on the day it arrives. */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { confirmArrival } from '../../src/services/corrections.js';
import { registerArrival, listArrivals } from '../../src/services/registration.js';
import { dailyReport } from '../../src/services/reporting.js';
import type { Store } from '../../src/store/db.js';
import { cst, makeId, tmpDir, openTestStore } from '../helpers.js';

const on = (d: string) => ({ today: d, now: cst(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 10), actor: 'tester', tz: 'Asia/Shanghai' });
let store: Store;
beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'advance.db'));
  return () => store.close();
});
const input = (date: string, id = makeId('440305', '19800101', '101')) => ({ name: '陈明', id_number: id, phone: '13800138000', origin: '广东省深圳市南山区', arrival_date: date, transport: 'train', destination: '城关镇幸福路1号' });

describe('registration in advance', () => {
  it('accepts up to 14 days ahead as expected, refuses further; expected ones are listed apart and not counted', () => {
    const a = registerArrival(store, input('2022-11-25'), on('2022-11-21'));
    expect(a.expected).toBe(1);
    expect(() => registerArrival(store, input('2022-12-06', makeId('440305', '19800101', '102')), on('2022-11-21'))).toThrow(/date_too_far/);
    expect(listArrivals(store, {})).toEqual([]);
    expect(listArrivals(store, { expected: true }).map((r) => r.id)).toEqual([a.id]);
    expect(dailyReport(store, '2022-11-25', '城关县').arrivals.new).toBe(0);
    // arrived a day late: counted once, on the day it arrived
    const c = confirmArrival(store, String(a.id), {}, on('2022-11-26'));
    expect(c).toMatchObject({ expected: 0, arrival_date: '2022-11-26' });
    expect(dailyReport(store, '2022-11-25', '城关县').arrivals.new).toBe(0);
    expect(dailyReport(store, '2022-11-26', '城关县').arrivals.new).toBe(1);
    expect(listArrivals(store, {}).map((r) => r.id)).toEqual([a.id]);
    const audit = store.audit.latest(1)[0];
    expect(audit).toMatchObject({ action: 'arrival.confirm', record: `arrival:${a.id}` });
    expect(JSON.parse(audit.before!)).toEqual({ expected: true, arrival_date: '2022-11-25' });
    expect(() => confirmArrival(store, String(a.id), {}, on('2022-11-26'))).toThrow(/not_expected/);
  });
});
