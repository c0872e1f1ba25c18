/** Date options: parsed at the edge, one clear line when wrong. */
import { UsageError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';

export function dateOption(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = parseDate(v);
  if (!d) throw new UsageError(`${flag} "${v}" is not a real date: use YYYY-MM-DD`, `${flag} “${v}”不是有效日期：请用 YYYY-MM-DD 格式`);
  return d;
}
