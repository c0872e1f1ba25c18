/**
 * Calendar dates as 'YYYY-MM-DD' strings (local, no time zone). date-fns decides which
 * dates exist and does the arithmetic; only its small per-function modules are loaded,
 * because every command starts through here.
 * Day counting follows DOMAIN.md: day 1 is the start date.
 */
import { addDays as dfAddDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { isExists } from 'date-fns/isExists';
import { lightFormat } from 'date-fns/lightFormat';

export interface ParsedDateTime {
  date: string;
  /** 'HH:MM' when the input carried a time of day. */
  time?: string;
}

/**
 * The shapes people write a date in: 2022-11-20, 2022/11/20, 2022.11.20, 2022年11月20日, 20221120,
 * optionally followed by a time of day (Excel writes "2022/11/20 0:00" for a plain date); also in
 * full-width digits (２０２２－１１－２０), after Excel's ' text marker, or as the serial number
 * Excel keeps a date as (44886 is 2022-11-20, 44886.5 its noon).
 */
const DATE_TIME = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2}))(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const cache = new Map<string, ParsedDateTime | null>();

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function validTime(h: number, m: number, s: number): boolean {
  return h <= 23 && m <= 59 && s <= 59;
}

/** What Excel and people do to a value: full-width digits and letters (NFKC), Excel's leading ' text marker. */
export function normaliseCell(raw: string): string {
  return (raw ?? '')
    .normalize('NFKC')
    .trim()
    .replace(/^['‘’]/, '')
    .trim();
}

/** Excel's serial day numbers: 1 is 1900-01-01, and day 60 is the 1900-02-29 Excel wrongly has. */
const SERIAL = /^(\d{5})(?:\.(\d+))?$/;
/** Serials taken as dates: 1954-10-03 (20000) to 2119-01-10 (80000); anything else is not a date. */
const SERIAL_MIN = 20000;
const SERIAL_MAX = 80000;

function fromSerial(raw: string): ParsedDateTime | null {
  const m = SERIAL.exec(raw);
  if (!m) return null;
  const days = Number(m[1]);
  if (days < SERIAL_MIN || days > SERIAL_MAX) return null;
  // day 0 is 1899-12-30 once past Excel's phantom 1900-02-29
  const d = new Date(Date.UTC(1899, 11, 30 + days));
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (!m[2]) return { date };
  const minutes = Math.round(Number(`0.${m[2]}`) * 24 * 60);
  if (minutes === 0 || minutes >= 24 * 60) return { date };
  return { date, time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` };
}

const isDigit = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const num2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/**
 * The two shapes nearly every file has, read without a regular expression (issue 17: an import of
 * two million inspections has tens of thousands of distinct times, more than the cache holds):
 * "2022-11-20" and "2022-11-20 08:30" (or with T). Undefined for any other shape, which
 * compute() reads; test/unit/dates-fast.test.ts checks both give the same for these shapes.
 */
function fixedShape(raw: string): ParsedDateTime | null | undefined {
  const n = raw.length;
  if (n !== 10 && n !== 16) return undefined;
  if (raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(raw, i)) return undefined;
  const y = num2(raw, 0) * 100 + num2(raw, 2);
  if (!isExists(y, num2(raw, 5) - 1, num2(raw, 8))) return null;
  if (n === 10) return { date: raw };
  const sep = raw.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || raw.charCodeAt(13) !== 58 || !isDigit(raw, 11) || !isDigit(raw, 12) || !isDigit(raw, 14) || !isDigit(raw, 15)) return undefined;
  if (!validTime(num2(raw, 11), num2(raw, 14), 0)) return null;
  return { date: raw.slice(0, 10), time: raw.slice(11) };
}

/** parseDateTime without the cache and the fixed-shape path (for the test that compares them). */
export function parseDateTimeSlow(raw: string): ParsedDateTime | null {
  return compute(raw);
}

function compute(input: string): ParsedDateTime | null {
  const raw = normaliseCell(input);
  const serial = fromSerial(raw);
  if (serial) return serial;
  const m = DATE_TIME.exec(raw.replace(CHINESE_DATE, '$1-$2-$3'));
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[3] ?? m[5]);
  const d = Number(m[4] ?? m[6]);
  if (!isExists(y, mo - 1, d)) return null;
  const date = `${m[1]}-${pad(mo)}-${pad(d)}`;
  if (m[7] === undefined) return { date };
  const h = Number(m[7]);
  const mi = Number(m[8]);
  if (!validTime(h, mi, Number(m[9] ?? 0))) return null;
  return { date, time: `${pad(h)}:${pad(mi)}` };
}

/**
 * Parses a date, or a date and a time ("2022-11-20 23:59", "2022-11-20T23:59:00"),
 * returning null for anything that is not a real calendar date. Results are cached:
 * a spreadsheet of a million rows holds only a few hundred distinct dates.
 */
export function parseDateTime(raw: string): ParsedDateTime | null {
  const quick = fixedShape(raw);
  if (quick !== undefined) return quick;
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const result = compute(raw);
  if (cache.size > 10_000) cache.clear();
  cache.set(raw, result);
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

/** Parses a time of day, "7:30" or "07:30:00", to 'HH:MM'. */
export function parseTime(raw: string): string | null {
  const m = TIME.exec(normaliseCell(raw));
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return validTime(h, mi, Number(m[3] ?? 0)) ? `${pad(h)}:${pad(mi)}` : null;
}

export function isRealDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDate(s) === s;
}

function toDate(s: string): Date {
  return new Date(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
}

/** The date n days after s (n may be negative). */
export function addDays(s: string, n: number): string {
  return lightFormat(dfAddDays(toDate(s), n), 'yyyy-MM-dd');
}

/** Whole days from a to b (b − a): 0 for the same date. */
export function daysBetween(a: string, b: string): number {
  return differenceInCalendarDays(toDate(b), toDate(a));
}

/**
 * The office's time zone: every "today", default time and clock-derived date is read on its
 * clock, never on the machine's (TZ). China Standard Time unless the county sets another.
 */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

const clocks = new Map<string, Intl.DateTimeFormat>();

function clock(tz: string): Intl.DateTimeFormat {
  let f = clocks.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clocks.set(tz, f);
  }
  return f;
}

/** Whether a name is an IANA time zone this machine knows (Asia/Shanghai, Asia/Urumqi …). */
export function isTimeZone(tz: string): boolean {
  if (!tz || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    clock(tz);
    return true;
  } catch {
    return false;
  }
}

/** What the office's clock shows at an instant: date, hour and time to the second. */
export function wallClock(now: Date, tz: string = DEFAULT_TIMEZONE): { date: string; hour: number; time: string } {
  const p: Record<string, string> = {};
  for (const part of clock(tz).formatToParts(now)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), time: `${p.hour}:${p.minute}:${p.second}` };
}

/** The office's calendar date at an instant. */
export function localDate(now: Date, tz: string = DEFAULT_TIMEZONE): string {
  return wallClock(now, tz).date;
}

/** The office's date and time at an instant, to the second ('YYYY-MM-DDTHH:MM:SS'): records' times. */
export function localDateTime(now: Date, tz: string = DEFAULT_TIMEZONE): string {
  const c = wallClock(now, tz);
  return `${c.date}T${c.time}`;
}

/** The office clock's offset from UTC at an instant: '+08:00'. */
export function utcOffset(now: Date, tz: string = DEFAULT_TIMEZONE): string {
  const c = wallClock(now, tz);
  const asUtc = Date.UTC(Number(c.date.slice(0, 4)), Number(c.date.slice(5, 7)) - 1, Number(c.date.slice(8, 10)), c.hour, Number(c.time.slice(3, 5)), Number(c.time.slice(6, 8)));
  const minutes = Math.round((asUtc - Math.floor(now.getTime() / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** An instant in UTC, to the second: '2022-11-21T02:00:00Z' (audit rows). */
export function utcStamp(now: Date): string {
  return now.toISOString().slice(0, 19) + 'Z';
}

/** A UTC stamp on the office's clock, with its offset (ISO 8601): '2022-11-21T10:00:00+08:00'. */
export function officeStamp(utc: string, tz: string = DEFAULT_TIMEZONE): string {
  if (!utc.endsWith('Z')) return utc; // a row written before times were kept in UTC: office time, as it was
  const at = new Date(utc);
  return `${localDateTime(at, tz)}${utcOffset(at, tz)}`;
}

/** The UTC stamp of the first second of a date on the office's clock (for "since DATE"). */
export function startOfDayUtc(date: string, tz: string = DEFAULT_TIMEZONE): string {
  // the offset at noon of that day is the day's offset, but for a change of clocks that night
  const noon = new Date(`${date}T12:00:00Z`);
  const off = utcOffset(noon, tz);
  return utcStamp(new Date(`${date}T00:00:00${off}`));
}

/**
 * Hours from one office-clock time to another ('YYYY-MM-DDTHH:MM'), the same whatever the
 * machine's time zone: both are read as the same clock.
 */
export function hoursBetween(a: string, b: string): number {
  return (Date.parse(`${b}:00Z`) - Date.parse(`${a}:00Z`)) / 3_600_000;
}
