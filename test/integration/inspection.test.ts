import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, NotFoundError, RowErrors, ValidationError, type RowProblem } from '../../src/domain/errors.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { quarantineList } from '../../src/services/quarantine/ledger.js';
import { quarantineShow } from '../../src/services/quarantine/show.js';
import { addCheckpoint, exportInspections, importInspections, listCheckpoints, listInspections, logInspection, unregistered, unregisteredPeople } from '../../src/services/inspection.js';
import { registerArrival } from '../../src/services/registration.js';
import { addSite } from '../../src/services/sites.js';
import { importResults, recordResult, testsDue, testsOverdue } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { makeId, tmpDir, VALID, cst, openTestStore } from '../helpers.js';

let store: Store;
let dir: string;
const ctx = (today: string) => ({ today, now: cst(2022, 10, 30, 12, 0), actor: 'officer' });
const describeP = (p: { field: string; code: string }) => `${p.field}: ${p.code}`;

beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'i.db'));
  addCheckpoint(store, { name: '高速卡点', kind: 'road' }, ctx('2022-11-20'));
  return () => store.close();
});

function person(over: Record<string, string> = {}) {
  return registerArrival(store, { name: '张三', id_number: VALID.id, phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-20', transport: 'car', destination: '城关镇幸福路8号', ...over }, ctx('2022-11-30'));
}

describe('inspections', () => {
  it('logs one, links it to the arrival by ID number, and counts it at the checkpoint', () => {
    const a = person();
    const r = logInspection(store, '高速卡点', { id_number: VALID.id, code: 'red', temperature: '37.5', time: '2022-11-21 10:00' }, ctx('2022-11-21'));
    // no test information at all is no_test
    expect(r).toMatchObject({ arrival_id: a.id, name: '张三', anomalies: ['red_code', 'fever', 'no_test'], action: 'quarantine' });
    logInspection(store, '高速卡点', { vehicle: '粤B12345', passengers: '3', code: 'green', test_result: 'negative', test_time: '2022-11-21 07:00', time: '2022-11-21 10:05' }, ctx('2022-11-21'));
    expect(listCheckpoints(store, '2022-11-21')[0]).toMatchObject({ inspections: 2, people: 4, vehicles: 1, anomalies: 1 });
    expect(listCheckpoints(store, '2022-11-22')[0]).toMatchObject({ inspections: 0, people: 0 });
    expect(() => logInspection(store, '高速卡点', { vehicle: '粤B12345', passengers: '3', code: 'green', test_result: 'negative', test_time: '2022-11-21 07:00', time: '2022-11-21 10:05' }, ctx('2022-11-21'))).toThrow(DuplicateError);
    expect(() => logInspection(store, '火车站', { vehicle: 'x', code: 'green' }, ctx('2022-11-21'))).toThrow(NotFoundError);
    expect(listInspections(store, { date: '2022-11-21', anomalies: true })).toHaveLength(1);
    expect(store.audit.latest(5).filter((e) => e.action === 'inspection.add')).toHaveLength(2);
  });

  it('lists people inspected with no arrival registered (不漏一人)', () => {
    person();
    const stranger = makeId('440524', '18800101', '001');
    logInspection(store, '高速卡点', { id_number: VALID.id, code: 'green', time: '2022-11-21 10:00' }, ctx('2022-11-21'));
    logInspection(store, '高速卡点', { id_number: stranger, name: '李四', code: 'green', time: '2022-11-21 10:01' }, ctx('2022-11-21'));
    logInspection(store, '高速卡点', { id_number: stranger, code: 'green', time: '2022-11-22 10:01' }, ctx('2022-11-22'));
    expect(unregistered(store, '2022-11-21').map((r) => [r.id_number, r.name, r.checkpoint_kind])).toEqual([[stranger, '李四', 'road']]);
    expect(unregistered(store, null)).toHaveLength(2);
    registerArrival(store, { name: '李四', id_number: stranger, phone: '13900139000', origin: '广东省', arrival_date: '2022-11-21', transport: 'car', destination: '城关镇' }, ctx('2022-11-30'));
    expect(unregistered(store, null)).toEqual([]);
  });

  it('unregistered people: one per person, from their first inspection, as rows arrival import takes', () => {
    addCheckpoint(store, { name: '机场', kind: 'airport' }, ctx('2022-11-20'));
    const stranger = makeId('440524', '18800101', '001');
    logInspection(store, '机场', { id_number: stranger, vehicle: 'CZ3101', code: 'green', time: '2022-11-21 10:01' }, ctx('2022-11-21'));
    logInspection(store, '高速卡点', { id_number: stranger, name: '李四', code: 'green', time: '2022-11-22 10:01' }, ctx('2022-11-22'));
    logInspection(store, '高速卡点', { vehicle: '粤B1', code: 'green', time: '2022-11-22 10:02' }, ctx('2022-11-22'));
    expect(unregisteredPeople(store, null)).toEqual([
      { name: '', doc_type: 'resident_id', id_number: stranger, phone: '', origin: '', arrival_date: '2022-11-21', transport: 'plane', destination: '', township: '', vehicle: 'CZ3101', checkpoint: '机场', inspected_at: '2022-11-21T10:01' },
    ]);
    expect(unregisteredPeople(store, '2022-11-22')).toMatchObject([{ name: '李四', transport: 'car', arrival_date: '2022-11-22' }]);
  });

  it('imports all or nothing, or --skip-invalid with rejects; re-import changes nothing; exports back', async () => {
    const file = path.join(dir, 'in.csv');
    fs.writeFileSync(file, ['卡点,查验时间,身份证号,车牌,人数,健康码,体温,核酸结果,核酸时间', `高速卡点,2022-11-21 08:00,${VALID.id},,1,绿码,36.5,阴性,2022-11-20 08:00`, '高速卡点,2022-11-21 08:05,,粤B1,4,黄码,36.8,,', '火车站,2022-11-21 08:10,,粤B2,1,绿码,36.5,,', '高速卡点,2022-11-21 08:15,,粤B3,1,绿码,45,,'].join('\n'));
    const problems: RowProblem[] = [];
    await expect(importInspections(store, file, ctx('2022-11-21'), { describe: describeP, onProblem: (p) => problems.push(p) })).rejects.toBeInstanceOf(RowErrors);
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [4, 'checkpoint', 'unknown_checkpoint'],
      [5, 'temperature', 'temperature'],
    ]);
    expect(listInspections(store, {})).toEqual([]);
    const r = await importInspections(store, file, ctx('2022-11-21'), { describe: describeP, skipInvalid: true });
    expect(r).toMatchObject({ read: 4, inserted: 2, rejected: 2, anomalies: 1, rejects_file: path.join(dir, 'in.rejects.csv') });
    // the rejects file is not replaced without --force (issue 23): the first one read, then removed
    fs.rmSync(path.join(dir, 'in.rejects.csv'));
    const again = await importInspections(store, file, ctx('2022-11-21'), { describe: describeP, skipInvalid: true });
    expect(again).toMatchObject({ inserted: 0, duplicates: 2 });
    const out = path.join(dir, 'out.csv');
    expect(await exportInspections(store, { file: out }, {}, true)).toBe(2);
    const store2 = openTestStore(path.join(dir, 'two.db'));
    addCheckpoint(store2, { name: '高速卡点', kind: 'road' }, ctx('2022-11-20'));
    expect(await importInspections(store2, out, ctx('2022-11-21'), { describe: describeP })).toMatchObject({ inserted: 2, rejected: 0 });
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ id, created_at, created_by, checkpoint_id, ...rest }) => rest);
    expect(strip(listInspections(store2, {}) as never)).toEqual(strip(listInspections(store, {}) as never));
    store2.close();
  });
});

describe('test follow-up', () => {
  function underMeasure() {
    addSite(store, { name: '党校', capacity: 10 }, ctx('2022-11-20'));
    const a = person({ contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(a.id), { site: '党校' }, ctx('2022-11-21'));
    return a;
  }

  it("the day's list says who, where and which day of which phase", () => {
    underMeasure();
    expect(testsDue(store, '2022-11-22').map((r) => [r.name, r.where, r.phase_kind, r.day, r.done])).toEqual([['张三', '党校', 'centralized', 3, false]]);
    expect(testsDue(store, '2022-11-23')).toEqual([]);
    expect(testsDue(store, '2022-11-25').map((r) => [r.where, r.phase_kind, r.day])).toEqual([['城关镇幸福路8号', 'home_quarantine', 1]]);
  });

  it('a test done the day before does not count for the day it is due', () => {
    underMeasure();
    recordResult(store, VALID.id, { date: '2022-11-21', result: 'negative' }, ctx('2022-11-22'));
    expect(testsDue(store, '2022-11-21')[0].done).toBe(true);
    expect(testsDue(store, '2022-11-22')[0].done).toBe(false);
  });

  it('overdue: scheduled tests with no result by the end of their day', () => {
    underMeasure();
    recordResult(store, VALID.id, { date: '2022-11-20', result: 'negative' }, ctx('2022-11-22'));
    recordResult(store, VALID.id, { date: '2022-11-22', result: 'pending' }, ctx('2022-11-22'));
    expect(testsOverdue(store, '2022-11-23').map((r) => r.test_date)).toEqual(['2022-11-21', '2022-11-22']);
    expect(testsOverdue(store, '2022-11-22').map((r) => r.test_date)).toEqual(['2022-11-21']);
  });

  it('a positive result flags the measure for a decision, in every later listing', () => {
    underMeasure();
    const r = recordResult(store, VALID.id, { date: '2022-11-22', result: 'positive', lab: '县疾控' }, ctx('2022-11-22'));
    expect(r).toMatchObject({ flagged: true, result: 'positive' });
    expect(quarantineList(store, '2022-11-23', null, null)[0].flag).toBe('positive');
    expect(quarantineShow(store, VALID.id, ctx('2022-11-23'))).toMatchObject({ flag: 'positive', flagged_on: '2022-11-22' });
    expect(testsDue(store, '2022-11-24')[0].positive).toBe(true);
    const insp = logInspection(store, '高速卡点', { id_number: VALID.id, code: 'green', time: '2022-11-23 09:00' }, ctx('2022-11-23'));
    expect(insp.measure).toMatchObject({ flag: 'positive' });
  });

  it('refuses a result in the future, an unknown result, a second result for the same day', () => {
    underMeasure();
    expect(() => recordResult(store, VALID.id, { date: '2022-11-23', result: 'negative' }, ctx('2022-11-22'))).toThrow(/date_future/);
    expect(() => recordResult(store, VALID.id, { date: '2022-11-22', result: 'maybe' }, ctx('2022-11-22'))).toThrow(ValidationError);
    recordResult(store, VALID.id, { date: '2022-11-22', result: 'negative' }, ctx('2022-11-22'));
    expect(() => recordResult(store, VALID.id, { date: '2022-11-22', result: 'negative' }, ctx('2022-11-22'))).toThrow(DuplicateError);
  });

  it("imports the lab's file all or nothing, refusing people with no arrival", async () => {
    underMeasure();
    const file = path.join(dir, 'lab.csv');
    fs.writeFileSync(file, `身份证号,采样日期,检测结果,检测机构\n${VALID.id},2022-11-21,阴性,县疾控\n${makeId('440524', '18800101', '001')},2022-11-21,阴性,县疾控\n`);
    const problems: RowProblem[] = [];
    await expect(importResults(store, file, ctx('2022-11-22'), { describe: describeP, onProblem: (p) => problems.push(p) })).rejects.toBeInstanceOf(RowErrors);
    expect(problems.map((p) => [p.row, p.code])).toEqual([[3, 'unknown_arrival']]);
    fs.writeFileSync(file, `身份证号,采样日期,检测结果\n${VALID.id},2022-11-21,阴性\n${VALID.id},2022-11-22,阳性\n`);
    expect(await importResults(store, file, ctx('2022-11-22'), { describe: describeP })).toMatchObject({ read: 2, inserted: 2, duplicates: 0, rejected: 0, positives: 1 });
    expect(await importResults(store, file, ctx('2022-11-22'), { describe: describeP })).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(quarantineShow(store, VALID.id, ctx('2022-11-23')).flag).toBe('positive');
  });
});
