/**
 * What a registration is checked against besides its own fields, per database: how far ahead a
 * registration in advance may be (config set advance-days N, default 14) and the issuing
 * countries a passport may name (data/countries.json).
 */
import { ADVANCE_DAYS, type ValidateOptions } from '../domain/arrival.js';
import { countries } from '../io/reference.js';
import type { Store } from '../store/db.js';

export const ADVANCE_SETTING = 'advance-days';

/** The days ahead a registration in advance may be, from the database's setting (default 14). */
export function advanceDays(store: Store): number {
  const v = store.settings.get(ADVANCE_SETTING);
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : ADVANCE_DAYS;
}

export function arrivalRules(store: Store, extra: ValidateOptions = {}): ValidateOptions {
  return { advanceDays: advanceDays(store), countries: countries(), ...extra };
}
