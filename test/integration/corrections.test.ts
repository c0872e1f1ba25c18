/**
 * Corrections (issue 14), audited, never silent: arrival edit, delete and restore on the county's
 * two weeks — the audit keeps before and after, a dry run changes nothing, and the report of the
 * affected day changes, with `report diff` naming why.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteArrival, editArrival, restoreArrival } from '../../src/services/corrections.js';
import { daily, dailyReport, recordIssue, reportDiff } from '../../src/services/reporting.js';
import { listArrivals } from '../../src/services/registration.js';
import type { Store } from '../../src/store/db.js';
import { on, people, twoWeeks } from '../county.js';
import { tmpDir, openTestStore } from '../helpers.js';

let store: Store;

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'county.db'));
  return () => store.close();
});

const lastAudit = () => store.db.prepare('SELECT action, record, before, after FROM audit_log ORDER BY id DESC LIMIT 1').get() as { action: string; record: string; before: string; after: string };
const auditCount = () => store.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
const snapshot = () => JSON.stringify(store.db.prepare('SELECT * FROM arrivals ORDER BY id').all());

function issue(date: string): void {
  const evening = on(date, 21);
  const made = daily(store, { date, record: true }, evening);
  recordIssue(store, made.report, { text: JSON.stringify(made.report), format: 'json', file: null, marks: made.record!.marks }, evening);
}

describe('arrival edit', () => {
  it('changes the fields given, re-validated, with before and after in the audit; the report of the day follows', () => {
    twoWeeks(store);
    const id = listArrivals(store, { idNumber: people.王三 })[0].id;
    const date = listArrivals(store, { idNumber: people.王三 })[0].arrival_date;
    const before = dailyReport(store, date, '城关县');
    expect(before.arrivals.by_township).toMatchObject({ 城关镇: expect.any(Number) });
    const r = editArrival(store, String(id), { phone: '13900139000', township: '南街镇' }, on('2022-11-27'));
    expect(r.fields).toEqual(['phone', 'township']);
    expect(r.arrival).toMatchObject({ phone: '+8613900139000', township: '南街镇' });
    const a = lastAudit();
    expect(a).toMatchObject({ action: 'arrival.edit', record: `arrival:${id}` });
    // the audit writer masks the phone, as everywhere
    expect(JSON.parse(a.before)).toEqual({ phone: '+86 138****8000', township: '城关镇' });
    expect(JSON.parse(a.after)).toEqual({ phone: '+86 139****9000', township: '南街镇' });
    const after = dailyReport(store, date, '城关县');
    expect(after.arrivals.by_township.南街镇).toBe(1);
    expect((after.arrivals.by_township.城关镇 ?? 0) + 1).toBe(before.arrivals.by_township.城关镇);
  });

  it('a dry run writes nothing; a bad ID number is refused; nothing to change is said', () => {
    twoWeeks(store);
    const id = String(listArrivals(store, { idNumber: people.王三 })[0].id);
    const was = snapshot();
    const n = auditCount();
    const dry = editArrival(store, id, { name: '王叁' }, on('2022-11-27'), { dryRun: true });
    expect(dry).toMatchObject({ dry_run: true, fields: ['name'], before: { name: '王三' }, after: { name: '王叁' } });
    expect(() => editArrival(store, id, { id_number: '440305198001011030' }, on('2022-11-27'))).toThrow();
    expect(editArrival(store, id, { name: '王三' }, on('2022-11-27')).fields).toEqual([]);
    expect(snapshot()).toBe(was);
    expect(auditCount()).toBe(n);
  });
});

describe('arrival delete and restore', () => {
  it('the arrival, its measure and its tests leave the lists and the report; report diff names the deletion; restore undoes it', () => {
    twoWeeks(store);
    issue('2022-11-17');
    const issued = dailyReport(store, '2022-11-17', '城关县');
    const 王三 = listArrivals(store, { idNumber: people.王三 })[0];
    const r = deleteArrival(store, people.王三, '重复登记', on('2022-11-27'));
    expect(r).toMatchObject({ measures: 1, arrival: { id: 王三.id, deleted_reason: '重复登记' } });
    expect(lastAudit()).toMatchObject({ action: 'arrival.delete', record: `arrival:${王三.id}` });
    expect(JSON.parse(lastAudit().after)).toMatchObject({ reason: '重复登记', measures: 1 });
    expect(listArrivals(store, {}).map((a) => a.id)).not.toContain(王三.id);
    expect(store.arrivals.count()).toBe(listArrivals(store, {}).length);
    const now = dailyReport(store, '2022-11-17', '城关县');
    expect(now).not.toEqual(issued);
    const diff = reportDiff(store, { date: '2022-11-17' }, on('2022-11-27'));
    expect(diff.changes.length).toBeGreaterThan(0);
    expect(diff.causes).toContainEqual(expect.objectContaining({ kind: 'deletion', record: `arrival:${王三.id}`, detail: '重复登记', arrival: expect.objectContaining({ name: '王三' }) }));
    // the day of their arrival counts one arrival fewer
    expect(dailyReport(store, 王三.arrival_date, '城关县').arrivals.new).toBe(0);
    // a deleted arrival is not found by the other verbs, and cannot be deleted twice
    expect(() => deleteArrival(store, people.王三, 'again', on('2022-11-27'))).toThrow(/unknown_arrival/);

    const back = restoreArrival(store, String(王三.id), on('2022-11-27'));
    expect(back.arrival.deleted_at).toBeNull();
    expect(lastAudit()).toMatchObject({ action: 'arrival.restore', record: `arrival:${王三.id}` });
    expect(dailyReport(store, '2022-11-17', '城关县')).toEqual(issued);
    expect(() => restoreArrival(store, String(王三.id), on('2022-11-27'))).toThrow(/unknown_arrival/);
  });

  it('a reason is required', () => {
    twoWeeks(store);
    const n = auditCount();
    expect(() => deleteArrival(store, people.王三, ' ', on('2022-11-27'))).toThrow();
    expect(auditCount()).toBe(n);
  });
});

describe('inspect void and test record --amend', () => {
  it('a voided inspection leaves the list and the report; report diff names it; the audit keeps why', async () => {
    const { voidInspection } = await import('../../src/services/corrections.js');
    twoWeeks(store);
    issue('2022-11-15');
    const [i] = store.inspections.list({ date: '2022-11-15' });
    expect(dailyReport(store, '2022-11-15', '城关县').inspections.total).toBe(1);
    const n = auditCount();
    expect(() => voidInspection(store, i.id, '', on('2022-11-27'))).toThrow();
    expect(auditCount()).toBe(n);
    const v = voidInspection(store, i.id, '录错了人', on('2022-11-27'));
    expect(v).toMatchObject({ id: i.id, void_reason: '录错了人' });
    expect(store.inspections.list({ date: '2022-11-15' })).toEqual([]);
    expect(dailyReport(store, '2022-11-15', '城关县').inspections.total).toBe(0);
    expect(lastAudit()).toMatchObject({ action: 'inspection.void', record: `inspection:${i.id}` });
    expect(JSON.parse(lastAudit().before)).toMatchObject({ voided_at: null });
    expect(JSON.parse(lastAudit().after)).toMatchObject({ reason: '录错了人', date: '2022-11-15' });
    const diff = reportDiff(store, { date: '2022-11-15' }, on('2022-11-27'));
    expect(diff.changes).toContainEqual({ key: 'inspections.total', issued: 1, now: 0 });
    expect(diff.causes).toContainEqual(expect.objectContaining({ kind: 'void', record: `inspection:${i.id}`, detail: '录错了人' }));
    expect(() => voidInspection(store, i.id, 'again', on('2022-11-27'))).toThrow(/unknown_inspection/);
  });

  it('an amended result changes the report of its day, with before and after in the audit; a date without a result is refused', async () => {
    const { amendResult } = await import('../../src/services/testing.js');
    twoWeeks(store);
    issue('2022-11-21');
    expect(dailyReport(store, '2022-11-21', '城关县').tests.positive).toBe(1);
    const n = auditCount();
    expect(() => amendResult(store, people.李二, { date: '2022-11-13', result: 'negative' }, on('2022-11-27'))).toThrow(/no_result_to_amend/);
    expect(auditCount()).toBe(n);
    const r = amendResult(store, people.李二, { date: '2022-11-21', result: 'negative', reason: '录入时选错' }, on('2022-11-27'));
    expect(r).toMatchObject({ previous: 'positive', result: 'negative', unflagged: true });
    expect(lastAudit()).toMatchObject({ action: 'test.amend', record: `test:${r.id}` });
    expect(JSON.parse(lastAudit().before)).toMatchObject({ result: 'positive' });
    expect(JSON.parse(lastAudit().after)).toMatchObject({ result: 'negative', reason: '录入时选错' });
    expect(dailyReport(store, '2022-11-21', '城关县').tests.positive).toBe(0);
    const diff = reportDiff(store, { date: '2022-11-21' }, on('2022-11-27'));
    expect(diff.changes).toContainEqual({ key: 'tests.positive', issued: 1, now: 0 });
    expect(diff.causes).toContainEqual(expect.objectContaining({ kind: 'amendment', detail: 'positive → negative: 录入时选错' }));
  });
});
