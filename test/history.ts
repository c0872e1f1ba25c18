/**
 * A small history for the safety tests: 张三 registered (a close contact), assigned, released, inspected
 * at a road checkpoint and tested — six audit rows, one of every kind of record.
 */
import { addCheckpoint, logInspection } from '../src/services/inspection.js';
import { assign } from '../src/services/quarantine/assign.js';
import { release } from '../src/services/quarantine/release.js';
import { registerArrival } from '../src/services/registration.js';
import { recordResult } from '../src/services/testing.js';
import type { Store } from '../src/store/db.js';
import { cst, VALID } from './helpers.js';

/** The clerk's context on a day of the history (2022-11-30 unless told). */
export const historyCtx = (today = '2022-11-30') => ({ today, now: cst(2022, 10, 30, 9), actor: '李干部' });

export function someHistory(store: Store) {
  const ctx = historyCtx;
  const a = registerArrival(store, { name: '张三', id_number: VALID.id, phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-20', transport: 'car', destination: '城关镇', contact_type: 'close' }, ctx());
  assign(store, String(a.id), {}, ctx('2022-11-21'));
  release(store, String(a.id), { reason: '解除', date: '2022-11-23' }, ctx('2022-11-23'));
  addCheckpoint(store, { name: '卡点', kind: 'road' }, ctx());
  logInspection(store, '卡点', { id_number: VALID.id, code: 'green', time: '2022-11-22 10:00' }, ctx('2022-11-22'));
  recordResult(store, VALID.id, { date: '2022-11-22', result: 'negative' }, ctx('2022-11-22'));
  return a;
}
