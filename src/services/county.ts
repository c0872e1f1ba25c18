/**
 * The county whose register a database is: its GB/T 2260 code, set once (fangkong config set
 * county 530102). The rows already there get it at once, the new ones as they are written
 * (migration 13): what a province needs to put its counties in one cluster, or merge them
 * (docs/scale.md).
 */
import { localDateTime } from '../domain/dates.js';
import { ValidationError } from '../domain/errors.js';
import { division } from '../domain/places.js';
import { fillCounty } from '../store/county.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from './context.js';

export const COUNTY_SETTING = 'county';

export function setCounty(store: Store, raw: string, ctx: ServiceContext): string {
  const code = raw.trim();
  const d = /^\d{6}$/.test(code) ? division(code) : undefined;
  if (!d || d.level !== 'county') throw new ValidationError({ field: 'county', code: 'county_code', params: { value: code } });
  return store.transaction(() => {
    const before = store.settings.get(COUNTY_SETTING);
    if (before === code) return code;
    if (before) throw new ValidationError({ field: 'county', code: 'county_set', params: { value: before } });
    store.settings.set(COUNTY_SETTING, code, localDateTime(ctx.now, ctx.tz), ctx.actor);
    const filled = fillCounty(store.db, code);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'settings.set', record: `settings:${COUNTY_SETTING}`, before: null, after: { county: code, name: d.full, filled } });
    return code;
  });
}
