/**
 * Places as codes: an arrival keeps, beside its origin as written, the GB/T 2260 code (or the
 * ISO 3166 country, for abroad) and the full name of the place it names; a risk area keeps the
 * code and name of its region. Rows already there are filled in from their text.
 *
 * The fill uses the place matcher of the version that runs the migration: unlike a hash chain,
 * these columns are derived from text that stays in the row, so a later gazetteer that reads a
 * name better makes a better code, never an inconsistent database.
 */
import type Database from 'better-sqlite3';
import { placeColumns, resolvePlace } from '../../domain/places.js';

export const name = 'places';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE arrivals ADD COLUMN origin_code TEXT;
    ALTER TABLE arrivals ADD COLUMN origin_name TEXT;
    ALTER TABLE risk_areas ADD COLUMN region_code TEXT;
    ALTER TABLE risk_areas ADD COLUMN region_name TEXT;
    CREATE INDEX arrivals_origin_code ON arrivals (origin_code);
  `);
  const setArrival = db.prepare('UPDATE arrivals SET origin_code = ?, origin_name = ? WHERE origin = ?');
  for (const origin of db.prepare('SELECT DISTINCT origin FROM arrivals').pluck().all() as string[]) {
    const p = placeColumns(origin);
    if (p.name !== null) setArrival.run(p.code, p.name, origin);
  }
  const setArea = db.prepare('UPDATE risk_areas SET region_code = ?, region_name = ? WHERE region = ?');
  for (const region of db.prepare('SELECT DISTINCT region FROM risk_areas').pluck().all() as string[]) {
    const p = resolvePlace(region);
    if (p.status === 'domestic') setArea.run(p.code, p.name, region);
  }
}
