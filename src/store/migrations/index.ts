/**
 * Numbered migrations. Migration N brings the schema from user_version N-1 to N; each is
 * applied in one transaction together with its user_version bump.
 */
import * as m001 from './001-arrivals.js';
import * as m002 from './002-policies.js';
import * as m003 from './003-inspections.js';
import * as m004 from './004-reports.js';
import * as m005 from './005-safety.js';

import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** The change as SQL, or as a function when rows must be computed. */
  sql?: string;
  up?: (db: Database.Database) => void;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, ...m001 },
  { version: 2, ...m002 },
  { version: 3, ...m003 },
  { version: 4, ...m004 },
  { version: 5, ...m005 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
