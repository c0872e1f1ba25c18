/** The county code of a database's rows (migration 13, docs/scale.md). */
import type { Driver } from './driver.js';
import { COUNTY_TABLES } from './migrations/013-county.js';

/** Gives every row that has no county yet the code (the audit log is never changed: its rows keep theirs). */
export function fillCounty(db: Driver, code: string): Record<string, number> {
  const filled: Record<string, number> = {};
  for (const t of COUNTY_TABLES) {
    if (t === 'audit_log') continue;
    filled[t] = db.prepare(`UPDATE ${t} SET county = ? WHERE county IS NULL`).run(code).changes;
  }
  return filled;
}
