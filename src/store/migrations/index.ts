/**
 * Numbered migrations, one schema version for both backends. Migration N brings the schema from
 * version N-1 to N; each is applied in one transaction together with its version bump: SQLite's
 * PRAGMA user_version, PostgreSQL's schema_version table.
 *
 * PostgreSQL starts from the version-10 schema in one step (pg-baseline.ts: no PostgreSQL
 * database existed before version 10); every migration after 10 gives its PostgreSQL form
 * (`pg`, or `pgUp` when rows must be computed) beside the SQLite one.
 */
import * as m001 from './001-arrivals.js';
import * as m002 from './002-policies.js';
import * as m003 from './003-inspections.js';
import * as m004 from './004-reports.js';
import * as m005 from './005-safety.js';
import * as m006 from './006-places.js';
import * as m007 from './007-verdicts.js';
import * as m008 from './008-issued.js';
import * as m009 from './009-keys.js';
import * as m010 from './010-corrections.js';
import * as m011 from './011-documents.js';
import * as m012 from './012-report-indexes.js';
import * as m013 from './013-county.js';
import * as m014 from './014-expected-on.js';
import * as m015 from './015-outcomes.js';
import * as m016 from './016-key-file.js';
import * as m017 from './017-entry-date.js';
import * as m018 from './018-origin-codes.js';
import * as m019 from './019-left-date.js';

import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { backendOf, type Driver } from '../driver.js';
import { PG_BASELINE, PG_BASELINE_VERSION } from './pg-baseline.js';
import { regrantArrivalColumns } from '../roles.js';

export interface Migration {
  version: number;
  name: string;
  /** The change as SQL, or as a function when rows must be computed. */
  sql?: string;
  up?: (db: Database.Database) => void;
  /**
   * The migration rebuilds a table that other rows point at: foreign keys are turned off around
   * its transaction (SQLite ignores the pragma inside one) and checked before it commits.
   */
  foreignKeysOff?: boolean;
  /** PostgreSQL: the change as SQL (required after version 10), or as a function. */
  pg?: string;
  pgUp?: (db: Driver) => void;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, ...m001 },
  { version: 2, ...m002 },
  { version: 3, ...m003 },
  { version: 4, ...m004 },
  { version: 5, ...m005 },
  { version: 6, ...m006 },
  { version: 7, ...m007 },
  { version: 8, ...m008 },
  { version: 9, ...m009 },
  { version: 10, ...m010 },
  { version: 11, ...m011 },
  // the same indexes on PostgreSQL (issue 18)
  { version: 12, ...m012, pg: m012.sql },
  { version: 13, ...m013 },
  // pg and pgUp: pgUp runs the pg SQL itself, then fills the column
  { version: 14, name: m014.name, sql: m014.sql, up: m014.up, pgUp: m014.pgUp },
  // end_kind 'transferred' (issue 24)
  { version: 15, ...m015 },
  // the pseudonym key out of the database file (issue 23)
  { version: 16, ...m016 },
  // issue 24: the entry date of an inbound traveller, a local rule by days since arrival
  { version: 17, ...m017 },
  // origins written as a region code, stored before they were read as places (issue 24)
  { version: 18, ...m018 },
  // issue 24: the day a person left the risk area, where a left_area policy counts from
  { version: 19, ...m019 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Applies, in order, every migration after the database's user_version up to `target` (default:
 * all), each in one transaction together with its user_version bump. openStore calls it after its
 * checks; tests call it with a lower target to build a database as an older fangkong left it.
 */
export function applyMigrations(db: Database.Database | Driver, target: number = LATEST_VERSION): void {
  if (backendOf(db as Driver) === 'postgres') return applyPgMigrations(db as Driver, target);
  applySqliteMigrations(db as Database.Database, target);
}

function applySqliteMigrations(db: Database.Database, target: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= version || m.version > target) continue;
    const restoreKeys = m.foreignKeysOff && db.pragma('foreign_keys', { simple: true }) === 1;
    if (restoreKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        // read again under the write lock: another desk may have migrated it meanwhile
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
        if (m.sql) db.exec(m.sql);
        m.up?.(db);
        if (m.foreignKeysOff) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`migration ${m.version} (${m.name}) would leave ${broken.length} row(s) pointing at nothing`);
        }
        db.pragma(`user_version = ${Number(m.version)}`);
      }).immediate();
    } finally {
      if (restoreKeys) db.pragma('foreign_keys = ON');
    }
  }
}

/** The schema version of a PostgreSQL database: 0 when it has no fangkong schema yet. */
export function pgSchemaVersion(db: Driver): number {
  const has = db.prepare("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'").pluck().get() as number;
  if (!has) return 0;
  return (db.prepare('SELECT version FROM schema_version').pluck().get() as number | undefined) ?? 0;
}

function applyPgMigrations(db: Driver, target: number): void {
  // the write lock of a transaction (store/pg/driver.ts): two desks opening a new database at once migrate it once
  db.transaction(() => {
    let version = pgSchemaVersion(db);
    if (version === 0 && target >= PG_BASELINE_VERSION) {
      db.exec(PG_BASELINE);
      db.prepare('INSERT INTO keys (name, value) VALUES (?, ?), (?, ?)').run('audit', randomBytes(32), 'pseudonym', randomBytes(32));
      db.prepare('UPDATE schema_version SET version = ?').run(PG_BASELINE_VERSION);
      version = PG_BASELINE_VERSION;
    }
  }).immediate();
  for (const m of MIGRATIONS) {
    if (m.version <= PG_BASELINE_VERSION || m.version > target) continue;
    db.transaction(() => {
      if (pgSchemaVersion(db) >= m.version) return;
      if (!m.pg && !m.pgUp) throw new Error(`migration ${m.version} (${m.name}) has no PostgreSQL form`);
      if (m.pg) db.exec(m.pg);
      m.pgUp?.(db);
      // where `db roles` was applied, the desks may write the columns a migration added to arrivals
      regrantArrivalColumns(db);
      db.prepare('UPDATE schema_version SET version = ?').run(m.version);
    }).immediate();
  }
}
