/**
 * Migration 012 and the daily report's tests query (issue 17): the two report indexes widened to
 * cover their queries, on a database an older fangkong left at schema 10 as on a new one; the
 * tests due/done/pending of every day of the county's two weeks equal the query they replaced
 * (two EXISTS per test, the arrival looked up twice), computed from scratch beside it, before and
 * after a correction, a cancellation and late results.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyReport } from '../../src/services/reporting.js';
import { recordResult } from '../../src/services/testing.js';
import { openStore, type Store } from '../../src/store/db.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { IN_FORCE_ON_DATE } from '../../src/store/sites.js';
import { on, people, twoWeeks } from '../county.js';
import { tmpDir } from '../helpers.js';

const indexColumns = (db: Database.Database, index: string) => db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index) as string[];

/** The tests query as it was before issue 17. */
const BEFORE = `SELECT count(*) AS due,
    coalesce(sum(EXISTS (SELECT 1 FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date AND r.result IN ('negative','positive'))), 0) AS done,
    coalesce(sum(EXISTS (SELECT 1 FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date)), 0) AS sampled
  FROM measure_tests t JOIN measures m ON m.id = t.measure_id JOIN arrivals a ON a.id = m.arrival_id
  WHERE t.test_date = @date AND ${IN_FORCE_ON_DATE}`;

const days = Array.from({ length: 20 }, (_, i) => `2022-11-${String(10 + i).padStart(2, '0')}`);

let store: Store | null = null;
afterEach(() => store?.close());

describe('migration 012: the report indexes cover their queries', () => {
  it('a database at schema 10 gets the wider indexes, its rows untouched', () => {
    const file = path.join(tmpDir(), 'old.db');
    const db = new Database(file);
    applyMigrations(db, 10);
    expect(indexColumns(db, 'measure_tests_by_date')).toEqual(['test_date']);
    expect(indexColumns(db, 'measure_phases_by_start')).toEqual(['start_date', 'kind']);
    db.close();
    store = openStore(file);
    expect(store.schemaVersion()).toBe(LATEST_VERSION);
    expect(indexColumns(store.db, 'measure_tests_by_date')).toEqual(['test_date', 'measure_id']);
    expect(indexColumns(store.db, 'measure_phases_by_start')).toEqual(['start_date', 'kind', 'end_date', 'measure_id']);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('the tests and the people under a measure read covering indexes', () => {
    store = openStore(path.join(tmpDir(), 'new.db'));
    const plans = store.report.plans();
    expect(plans.testsDue.join()).toMatch(/SEARCH t USING COVERING INDEX measure_tests_by_date \(test_date=\?\)/);
    // one look at the day's results per test, not two
    expect(plans.testsDue.filter((s) => s.includes('test_results')).length).toBe(1);
    expect(plans.states.join()).toMatch(/SEARCH p USING COVERING INDEX measure_phases_by_start/);
  });
});

describe('tests due/done/pending equal the query they replaced', () => {
  it('every day of the county, then after late results and a deleted arrival', () => {
    const dir = tmpDir();
    store = openStore(path.join(dir, 'county.db'));
    twoWeeks(store);
    const before = store.db.prepare(BEFORE);
    const check = () => {
      let due = 0;
      for (const date of days) {
        const want = before.get({ date }) as { due: number; done: number; sampled: number };
        const got = dailyReport(store!, date, 'u').tests;
        expect({ date, due: got.due, done: got.done, pending: got.pending, missing: got.missing }).toEqual({
          date, due: want.due, done: want.done, pending: want.sampled - want.done, missing: want.due - want.sampled,
        });
        due += got.due;
      }
      return due;
    };
    expect(check()).toBeGreaterThan(0);
    // more results, on days with tests due and none yet: pending for some, negative for others
    const dueOn = store.db.prepare(`SELECT DISTINCT a.id_number, t.test_date FROM measure_tests t JOIN measures m ON m.id = t.measure_id JOIN arrivals a ON a.id = m.arrival_id ORDER BY t.test_date, a.id_number`).raw().all() as Array<[string, string]>;
    let k = 0;
    for (const [idNumber, date] of dueOn) {
      if (date > '2022-11-24' || store.db.prepare('SELECT 1 FROM test_results WHERE id_number = ? AND test_date = ?').get(idNumber, date)) continue;
      recordResult(store, idNumber, { date, result: k++ % 2 ? 'pending' : 'negative', sample_time: `${date}T08:00` }, on(date, 18));
    }
    expect(k).toBeGreaterThan(3);
    check();
    // an arrival registered in error leaves the tests
    const id = (store.db.prepare('SELECT id FROM arrivals WHERE id_number = ?').pluck().get(people.张一) as number);
    store.db.prepare("UPDATE arrivals SET deleted_at = '2022-11-22T00:00:00Z' WHERE id = ?").run(id);
    check();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the daily report\'s query plans', () => {
  it('uses an index for every query on a large table (its cost depends on the day, not on all history)', () => {
    store = openStore(path.join(tmpDir(), 'plans.db'));
    const plans = store.report.plans();
    // a SCAN of a subquery reads the rows its own (index-bounded) search made, not a table
    const small = /SCAN (checkpoints|s |risk_areas|sites|\(subquery-\d+\))/;
    for (const [name, steps] of Object.entries(plans)) {
      for (const step of steps) {
        if (step.startsWith('SCAN')) expect(step, `${name}: ${step}`).toMatch(small);
      }
    }
    expect(plans.arrivals.join()).toMatch(/USING COVERING INDEX arrivals_by_date/);
    expect(plans.inspections.join()).toMatch(/USING COVERING INDEX inspections_by_date/);
    expect(plans.states.join()).toMatch(/measure_phases_by_(dates|start) \(start_date>\? AND start_date<\?\)/);
    expect(plans.late.join()).toMatch(/USING COVERING INDEX arrivals_by_created/);
  });
});
