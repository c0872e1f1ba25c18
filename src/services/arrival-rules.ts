/**
 * What a registration is checked against besides its own fields, per database: how far ahead a
 * registration in advance may be (config set advance-days N, default 14) and the issuing
 * countries a passport may name (data/countries.json).
 */
import { ADVANCE_DAYS, type ValidateOptions } from '../domain/arrival.js';
import { countries } from '../io/reference.js';
import type { Store } from '../store/db.js';
import { ValidationError } from '../domain/errors.js';
import { localDateTime } from '../domain/dates.js';
import type { ServiceContext } from './context.js';

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

/** The longest window a county may set: two months. */
export const MAX_ADVANCE_DAYS = 60;

/** Sets how far ahead a registration in advance may be (0: none), audited; returns the value stored. */
export function setAdvanceDays(store: Store, raw: string, ctx: ServiceContext): string {
  const s = (raw ?? '').trim();
  if (!/^\d{1,3}$/.test(s) || Number(s) > MAX_ADVANCE_DAYS) throw new ValidationError({ field: 'advance_days', code: 'advance_days', params: { value: s, max: MAX_ADVANCE_DAYS } });
  const value = String(Number(s));
  store.transaction(() => {
    const before = store.settings.get(ADVANCE_SETTING);
    store.settings.set(ADVANCE_SETTING, value, localDateTime(ctx.now, ctx.tz), ctx.actor);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'settings.set', record: `settings:${ADVANCE_SETTING}`, before: before ?? null, after: value });
  });
  return value;
}
