/**
 * The checks a checkpoint applies on a date: the shipped periods of data/checks.json, with the
 * county's own test-age limit (config set test-validity-hours) when it has set one.
 */
import fs from 'node:fs';
import { checksOn, parseValidityHours, validateChecks, type Checks } from '../domain/checks.js';
import { noMeasureRule } from '../domain/policy.js';
import { localDateTime } from '../domain/dates.js';
import { zhCause } from '../domain/causes.js';
import { StoreError, ValidationError } from '../domain/errors.js';
import { dataFile } from '../io/reference.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { ruleTable } from './policy.js';

/** The setting of the county's own test-age limit, in hours. */
export const VALIDITY_SETTING = 'test-validity-hours';

let shipped: Checks[] | null = null;

/** The periods of data/checks.json, read once; a broken file is a broken installation, said plainly. */
export function shippedChecks(): Checks[] {
  if (shipped) return shipped;
  const file = dataFile('checks.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StoreError(`cannot read reference data ${file}: ${(err as Error).message}`, `无法读取参考数据 ${file}：${zhCause(err)}`);
  }
  const { periods, problems } = validateChecks(raw);
  if (!periods) throw new StoreError(`data/checks.json: ${problems.join('; ')}`, `参考数据 data/checks.json 有误：${problems.join('；')}`);
  shipped = periods;
  return periods;
}

/** The county's own test-age limit, if it set one. */
export function localValidity(store: Store): number | undefined {
  const v = store.settings.get(VALIDITY_SETTING);
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The checks in force on a date, for judging many inspections (reads the setting once); a measure
 * counts at the checkpoint only while the rule table of the date gives any (not from 2023-01-08).
 */
export function checkTable(store: Store): (date: string) => Checks {
  const periods = shippedChecks();
  const hours = localValidity(store);
  const rules = ruleTable(store);
  return (date) => {
    const c = checksOn(periods, date, hours);
    return noMeasureRule(rules, date) ? { ...c, measures: false } : c;
  };
}

/** The checks in force on a date, or (no date) every period, each with the county's limit if set. */
export function listChecks(store: Store, date?: string): Checks[] {
  const periods = shippedChecks();
  const hours = localValidity(store);
  if (date) return [checksOn(periods, date, hours)];
  return periods.map((p) => checksOn([p], p.from, hours));
}

/** Sets the county's test-age limit: whole hours, 1 to 168 (24, 48 and 72 were used). */
export function setTestValidity(store: Store, raw: string, ctx: ServiceContext): string {
  const n = parseValidityHours(raw);
  if (typeof n !== 'number') throw new ValidationError(n);
  const value = String(n);
  store.transaction(() => {
    const before = store.settings.get(VALIDITY_SETTING);
    store.settings.set(VALIDITY_SETTING, value, localDateTime(ctx.now, ctx.tz), ctx.actor);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'settings.set', record: `settings:${VALIDITY_SETTING}`, before: before ?? null, after: value });
  });
  return value;
}
