/**
 * A measure can be cancelled (assigned in error: status 'cancelled', with the date it left the
 * books and why); the reports as issued are kept (issued_reports); arrivals are found by the time
 * they were registered (the daily report's late registrations).
 *
 * SQLite cannot change a CHECK constraint in place, so `measures` is rebuilt: the new table is
 * made from the old one's own CREATE statement with one more allowed status, so every column an
 * earlier migration added comes along, and its indexes are made again from theirs. It runs with
 * foreign keys off (the rows that point at measures keep pointing at the same ids) and checks
 * them before it commits.
 */
import type Database from 'better-sqlite3';

export const name = 'issued';

/** The measures table is rebuilt: foreign keys are off while it runs, and checked before commit. */
export const foreignKeysOff = true;

const OLD_STATUS = "status = 'superseded')";
const NEW_STATUS = "status = 'superseded' OR status = 'cancelled')";

export function up(db: Database.Database): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'measures'").pluck().get() as string;
  if (table.split(OLD_STATUS).length !== 2) throw new Error('measures: the status constraint is not the one this migration knows');
  const others = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'measures' AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all() as string[];
  db.exec(table.replace(OLD_STATUS, NEW_STATUS).replace(/^CREATE TABLE "?measures"?/, 'CREATE TABLE measures_new'));
  db.exec('INSERT INTO measures_new SELECT * FROM measures');
  db.exec('DROP TABLE measures');
  db.exec('ALTER TABLE measures_new RENAME TO measures');
  for (const sql of others) db.exec(sql);
  db.exec(`
    ALTER TABLE measures ADD COLUMN cancelled_on TEXT;
    ALTER TABLE measures ADD COLUMN cancel_reason TEXT;

    CREATE TABLE issued_reports (
      id          INTEGER PRIMARY KEY,
      date        TEXT NOT NULL,
      unit        TEXT NOT NULL,
      issued_at   TEXT NOT NULL,
      actor       TEXT NOT NULL,
      format      TEXT NOT NULL,
      file        TEXT,
      sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
      content     BLOB NOT NULL,
      report      TEXT NOT NULL,
      marks       TEXT NOT NULL
    );
    CREATE INDEX issued_reports_by_date ON issued_reports (date, unit, id);

    CREATE INDEX arrivals_by_created ON arrivals (created_at, arrival_date);
  `);
}
