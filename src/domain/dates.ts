/**
 * Calendar dates as 'YYYY-MM-DD' strings (local, no time zone), parsed with date-fns.
 * Day counting follows DOMAIN.md: day 1 is the start date.
 */
import { addDays as dfAddDays, format, isValid, parse } from 'date-fns';

const REF = new Date(2000, 0, 1);

/** Input shapes accepted for a date; Excel in China writes 2022/11/20, forms write 2022年11月20日. */
const DATE_FORMATS = ['yyyy-M-d', 'yyyyMMdd'];
const TIME_FORMATS = ['H:mm', 'H:mm:ss'];

const cache = new Map<string, ParsedDateTime | null>();

export interface ParsedDateTime {
  date: string;
  /** 'HH:MM' when the input carried a time of day. */
  time?: string;
}

function parseDatePart(s: string): string | null {
  // Separators people use: 2022-11-20, 2022/11/20, 2022.11.20, 2022年11月20日
  const norm = s.replace(/[/.年月]/g, '-').replace(/日$/, '');
  for (const f of DATE_FORMATS) {
    if (f === 'yyyyMMdd' && !/^\d{8}$/.test(norm)) continue;
    if (f === 'yyyy-M-d' && !/^\d{4}-\d{1,2}-\d{1,2}$/.test(norm)) continue;
    const d = parse(norm, f, REF);
    if (isValid(d)) return format(d, 'yyyy-MM-dd');
  }
  return null;
}

export function parseTime(raw: string): string | null {
  const s = raw.trim();
  for (const f of TIME_FORMATS) {
    const d = parse(s, f, REF);
    if (isValid(d)) return format(d, 'HH:mm');
  }
  return null;
}

/**
 * Parses a date, or a date and a time ("2022-11-20 23:59", "2022-11-20T23:59:00"),
 * returning null for anything that is not a real calendar date.
 */
export function parseDateTime(raw: string): ParsedDateTime | null {
  const key = raw;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let result: ParsedDateTime | null = null;
  const s = raw.trim();
  const m = /^(\S+?)(?:[T\s]+(\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(s);
  if (m) {
    const date = parseDatePart(m[1]);
    if (date) {
      if (m[2] === undefined) result = { date };
      else {
        const time = parseTime(m[2]);
        if (time) result = { date, time };
      }
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, result);
  return result;
}

/**
 * Parses a date only. A time part is refused, except midnight, which is how Excel
 * writes a plain date in a date-time cell ("2022/11/20 0:00").
 */
export function parseDate(raw: string): string | null {
  const r = parseDateTime(raw);
  return r && (r.time === undefined || r.time === '00:00') ? r.date : null;
}

export function isRealDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDatePart(s) === s;
}

function toDate(s: string): Date {
  return parse(s, 'yyyy-MM-dd', REF);
}

/** The date n days after s (n may be negative). */
export function addDays(s: string, n: number): string {
  return format(dfAddDays(toDate(s), n), 'yyyy-MM-dd');
}

/** The local calendar date of an instant. */
export function localDate(now: Date): string {
  return format(now, 'yyyy-MM-dd');
}

/** The local date and time of an instant, to the second, for audit rows. */
export function localDateTime(now: Date): string {
  return format(now, "yyyy-MM-dd'T'HH:mm:ss");
}
