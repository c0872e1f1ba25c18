/**
 * Numbered migrations. Migration N brings the schema from user_version N-1 to N; each is
 * applied in one transaction together with its user_version bump.
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

import type Database from 'better-sqlite3';

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
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Applies, in order, every migration after the database's user_version up to `target` (default:
 * all), each in one transaction together with its user_version bump. openStore calls it after its
 * checks; tests call it with a lower target to build a database as an older fangkong left it.
 */
export function applyMigrations(db: Database.Database, target: number = LATEST_VERSION): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= version || m.version > target) continue;
    const restoreKeys = m.foreignKeysOff && db.pragma('foreign_keys', { simple: true }) === 1;
    if (restoreKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
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
