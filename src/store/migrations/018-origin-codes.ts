/**
 * Origins written as a region code (issue 24, point 2): from this version `440105` names
 * 广东省广州市海珠区 and `810000` Hong Kong (domain/places.ts). Arrivals and risk areas stored
 * before, whose origin or region is such a code, had no code or name filled in: they are filled
 * now, with the place matcher of the version that runs the migration (as 006 filled the names).
 * Only rows with no code yet are touched; the text as written stays.
 */
import type Database from 'better-sqlite3';
import { placeColumns, resolvePlace } from '../../domain/places.js';
import type { Driver } from '../driver.js';

export const name = 'origin-codes';

const ORIGINS = 'SELECT DISTINCT origin FROM arrivals WHERE origin_code IS NULL';
const SET_ORIGIN = 'UPDATE arrivals SET origin_code = ?, origin_name = ? WHERE origin = ? AND origin_code IS NULL';
const REGIONS = 'SELECT DISTINCT region FROM risk_areas WHERE region_code IS NULL';
const SET_REGION = 'UPDATE risk_areas SET region_code = ?, region_name = ? WHERE region = ? AND region_code IS NULL';

function fill(db: Driver | Database.Database): void {
  const setOrigin = db.prepare(SET_ORIGIN);
  for (const row of db.prepare(ORIGINS).all() as Array<{ origin: string }>) {
    const p = placeColumns(row.origin);
    if (p.name !== null) setOrigin.run(p.code, p.name, row.origin);
  }
  const setRegion = db.prepare(SET_REGION);
  for (const row of db.prepare(REGIONS).all() as Array<{ region: string }>) {
    const p = resolvePlace(row.region);
    if (p.status === 'domestic') setRegion.run(p.code, p.name, row.region);
  }
}

export function up(db: Database.Database): void {
  fill(db);
}

export function pgUp(db: Driver): void {
  fill(db);
}
