/**
 * What a day expected stays what it was (issue 24, point 9c): an arrival registered in advance
 * (提前报备) keeps, once the person has arrived (arrival confirm, or an inspection), the date they
 * were expected on, `expected_on`, so that the daily report of the day before that date still
 * counts them under expected_next_day after they came. NULL for an arrival that was never
 * registered in advance, and for one still expected (its arrival_date is the expected date).
 * Arrivals confirmed before this migration get it from their arrival.confirm audit row.
 */
import type Database from 'better-sqlite3';
import type { Driver } from '../driver.js';

export const name = 'expected-on';

export const sql = `
  ALTER TABLE arrivals ADD COLUMN expected_on TEXT CHECK (expected_on IS NULL OR expected_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
  CREATE INDEX arrivals_by_expected_on ON arrivals (expected_on, arrival_date, deleted_at, expected);
`;

export const pg = `
  ALTER TABLE arrivals ADD COLUMN expected_on text COLLATE "C" CHECK (expected_on IS NULL OR expected_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
  CREATE INDEX arrivals_by_expected_on ON arrivals (expected_on, arrival_date, deleted_at, expected);
`;

/** The date each confirmed arrival was expected on, from its (first) arrival.confirm audit row. */
function backfill(rows: Array<{ record: string; before: string | null }>, set: (date: string, id: number) => void): void {
  const done = new Set<number>();
  for (const r of rows) {
    const id = Number(r.record.slice('arrival:'.length));
    if (!Number.isInteger(id) || done.has(id)) continue;
    let date: unknown;
    try {
      date = r.before ? (JSON.parse(r.before) as { arrival_date?: unknown }).arrival_date : undefined;
    } catch {
      continue;
    }
    if (typeof date !== 'string' || !/^\d{4}-\d\d-\d\d$/.test(date)) continue;
    done.add(id);
    set(date, id);
  }
}

const CONFIRMS = "SELECT record, before FROM audit_log WHERE action = 'arrival.confirm' AND record LIKE 'arrival:%' ORDER BY id";
const SET = 'UPDATE arrivals SET expected_on = ? WHERE id = ? AND expected = 0 AND expected_on IS NULL';

export function up(db: Database.Database): void {
  const set = db.prepare(SET);
  backfill(db.prepare(CONFIRMS).all() as Array<{ record: string; before: string | null }>, (d, id) => set.run(d, id));
}

export function pgUp(db: Driver): void {
  db.exec(pg);
  const set = db.prepare(SET);
  backfill(db.prepare(CONFIRMS).all() as Array<{ record: string; before: string | null }>, (d, id) => set.run(d, id));
}
