/**
 * A county's two weeks, as the report tests tell it (test/integration/report-scenario.test.ts
 * works out every figure of every day): arrivals, measures with phase changes, a reassessment,
 * a cancellation, a late registration, a pending and a positive test, a checkpoint's inspections.
 */
import { setArea } from '../src/services/areas.js';
import { addCheckpoint, logInspection } from '../src/services/inspection.js';
import { assign } from '../src/services/quarantine/assign.js';
import { cancel } from '../src/services/quarantine/cancel.js';
import { reassess } from '../src/services/quarantine/reassess.js';
import { registerArrival } from '../src/services/registration.js';
import { setUnit } from '../src/services/reporting.js';
import { addSite } from '../src/services/sites.js';
import { recordResult } from '../src/services/testing.js';
import type { Store } from '../src/store/db.js';
import { cst, makeId } from './helpers.js';

export const TZ = 'Asia/Shanghai';
/** The office on a day: today, and the clock at 10:00 (or the hour given). */
export const on = (date: string, hour = 10) => ({ today: date, now: cst(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour), actor: 'clerk', tz: TZ });

export const people = {
  张一: makeId('440305', '19800101', '101'),
  李二: makeId('440305', '19800101', '102'),
  王三: makeId('440305', '19800101', '103'),
  赵四: makeId('440305', '19800101', '104'),
  孙五: makeId('440305', '19800101', '105'),
};

/**
 * The story, day by day (the measures' dates in brackets):
 * 11-14 张一, close contact, centralised at the site [C 11-14…18, H 11-19…21, released 11-22]
 * 11-15 李二 from a high-risk area, home quarantine [H 11-15…21, released 11-22]
 * 11-16 王三, given a high-risk measure in error [H from 11-16]
 * 11-17 赵四, close contact under the old 7+3, at the site [C 11-17…23, M 11-24…26]
 * 11-18 王三's measure is cancelled
 * 11-19 孙五 registered four days late: arrived 11-15, exposed 11-14, so at the site from 11-15
 *       [C 11-15…19, H 11-20…22, released 11-23]; his test of the day is sampled, the result not back
 * 11-20 everyone under 7+3 reassessed to 5+3: 赵四 [C 11-17…21, H 11-22…24, released 11-25]
 * 11-21 李二 tests positive
 */
export function twoWeeks(store: Store, first: string | null = null, last: string | null = null): void {
  if (!first) setUnit(store, '城关县', on('2022-11-14', 9));
  runDays(store, first, last);
}

/** The story of the two weeks, step by step, keyed by the day each happens on; only the days in [first, last]. */
function runDays(store: Store, first: string | null, last: string | null): void {
  const arrive = (name: keyof typeof people, over: Record<string, string>, day: string) =>
    registerArrival(store, { name, id_number: people[name], phone: '13800138000', destination: '城关镇', township: '城关镇', transport: 'train', origin: '广东省深圳市南山区', ...over }, on(day));
  const test = (name: keyof typeof people, date: string, result: string) => recordResult(store, people[name], { date, result }, on(date, 18));
  const inside = (d: string) => (!first || d >= first) && (!last || d <= last);
  const steps: Array<[string, () => void]> = [
    ['2022-11-14', () => setArea(store, { region: '广东省广州市海珠区', level: 'high', from: '2022-11-01' }, on('2022-11-14', 9))],
    ['2022-11-14', () => addSite(store, { name: '党校', capacity: 10 }, on('2022-11-14', 9))],
    ['2022-11-14', () => addCheckpoint(store, { name: '卡点', kind: 'road' }, on('2022-11-14', 9))],
    ['2022-11-14', () => arrive('张一', { arrival_date: '2022-11-14', contact_type: 'close', exposure_date: '2022-11-13' }, '2022-11-14')],
    ['2022-11-14', () => assign(store, people.张一, { site: '党校' }, on('2022-11-14'))],
    ['2022-11-14', () => test('张一', '2022-11-14', 'negative')],
    ['2022-11-15', () => arrive('李二', { arrival_date: '2022-11-15', origin: '广东省广州市海珠区', transport: 'car', township: '河口镇' }, '2022-11-15')],
    ['2022-11-15', () => assign(store, people.李二, {}, on('2022-11-15'))],
    ['2022-11-15', () => test('张一', '2022-11-15', 'negative')],
    ['2022-11-15', () => test('李二', '2022-11-15', 'negative')],
    ['2022-11-15', () => logInspection(store, '卡点', { vehicle: '粤B1', passengers: '2', code: 'green', test_result: 'negative', test_time: '2022-11-14 10:00', time: '2022-11-15 08:00' }, on('2022-11-15'))],
    ['2022-11-16', () => arrive('王三', { arrival_date: '2022-11-16', origin: '湖北省武汉市', transport: 'bus' }, '2022-11-16')],
    ['2022-11-16', () => assign(store, people.王三, { policy: 'high-risk-area-7' }, on('2022-11-16'))],
    ['2022-11-16', () => test('张一', '2022-11-16', 'negative')],
    ['2022-11-16', () => test('王三', '2022-11-16', 'negative')],
    ['2022-11-17', () => arrive('赵四', { arrival_date: '2022-11-17', contact_type: 'close', exposure_date: '2022-11-16' }, '2022-11-17')],
    ['2022-11-17', () => assign(store, people.赵四, { policy: 'close-contact-7+3', site: '党校' }, on('2022-11-17'))],
    ['2022-11-17', () => test('李二', '2022-11-17', 'negative')],
    ['2022-11-17', () => test('赵四', '2022-11-17', 'negative')],
    ['2022-11-17', () => logInspection(store, '卡点', { id_number: people.赵四, code: 'yellow', time: '2022-11-17 09:00' }, on('2022-11-17'))],
    ['2022-11-18', () => cancel(store, people.王三, { reason: '核实为低风险地区来返，分配有误' }, on('2022-11-18'))],
    ['2022-11-18', () => test('张一', '2022-11-18', 'negative')],
    ['2022-11-18', () => test('赵四', '2022-11-18', 'negative')],
    ['2022-11-19', () => arrive('孙五', { arrival_date: '2022-11-15', origin: '北京市朝阳区', transport: 'plane', contact_type: 'close', exposure_date: '2022-11-14' }, '2022-11-19')],
    ['2022-11-19', () => assign(store, people.孙五, { site: '党校' }, on('2022-11-19'))],
    ['2022-11-19', () => test('张一', '2022-11-19', 'negative')],
    ['2022-11-19', () => test('李二', '2022-11-19', 'negative')],
    ['2022-11-19', () => test('赵四', '2022-11-19', 'negative')],
    ['2022-11-19', () => test('孙五', '2022-11-19', 'pending')],
    ['2022-11-20', () => reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-20', dryRun: false }, on('2022-11-20'))],
    ['2022-11-21', () => test('张一', '2022-11-21', 'negative')],
    ['2022-11-21', () => test('李二', '2022-11-21', 'positive')],
    ['2022-11-21', () => test('赵四', '2022-11-21', 'negative')],
    ['2022-11-22', () => test('赵四', '2022-11-22', 'negative')],
  ];
  for (const [d, step] of steps) if (inside(d)) step();
}
