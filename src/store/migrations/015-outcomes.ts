/**
 * How a measure ended, as its own outcome (issue 24): `end_kind` (migration 7: 'rule' — ended by
 * a rule that abolished it, 'cancelled') gains 'transferred' — the person tested positive and was
 * transferred (转运) to hospital or a designated site. Such a measure has status 'released' and
 * released_on the day of the transfer, so it leaves the books (the bed at the site, the tests
 * due) like any ended measure; end_kind tells the report and the ledger it was a transfer, not a
 * release. Ended by rule (2023-01-08, `quarantine end --all`) keeps end_kind 'rule'.
 *
 * SQLite cannot change a CHECK constraint in place, so `measures` is rebuilt as migration 8 did:
 * from its own CREATE statement with the one constraint widened, its indexes and triggers made
 * again from theirs, foreign keys off while it runs and checked before it commits. PostgreSQL
 * replaces the column's constraint.
 */
import type Database from 'better-sqlite3';

export const name = 'outcomes';

export const foreignKeysOff = true;

const OLD_END = "CHECK (end_kind = 'rule' OR end_kind = 'cancelled')";
const NEW_END = "CHECK (end_kind = 'rule' OR end_kind = 'cancelled' OR end_kind = 'transferred')";

export function up(db: Database.Database): void {
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'measures'").pluck().get() as string;
  if (table.split(OLD_END).length !== 2) throw new Error('measures: the end_kind constraint is not the one this migration knows');
  const others = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'measures' AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all() as string[];
  db.exec(table.replace(OLD_END, NEW_END).replace(/^CREATE TABLE "?measures"?/, 'CREATE TABLE measures_new'));
  db.exec('INSERT INTO measures_new SELECT * FROM measures');
  db.exec('DROP TABLE measures');
  db.exec('ALTER TABLE measures_new RENAME TO measures');
  for (const sql of others) db.exec(sql);
}

export const pg = `
ALTER TABLE measures DROP CONSTRAINT measures_end_kind_check;
ALTER TABLE measures ADD CONSTRAINT measures_end_kind_check ${NEW_END};
`;
