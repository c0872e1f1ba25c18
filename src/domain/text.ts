/**
 * Text that reaches a person or a log: ID numbers and phones masked wherever they stand in it
 * (an error message, a free-text note in the audit log), and the one input policy for every text
 * value from any source.
 */

/** An ID number (18, or 15 old-style) or a mainland mobile number standing on its own in a text. */
const ID_18 = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])(\d{6})(\d{5})(\d{4})(?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])/g;
/**
 * A number written in groups — a phone abroad or a landline (+852 9123 4567, 00852-91234567,
 * +1 (415) 555-0132, 0771-5551234): digits in groups joined by one space or dash, a country code
 * and an area code in brackets allowed.
 */
const NUMBER_RUN = /(?<![0-9A-Za-z_+])(?:(?:\+|00)\d{1,3}[ -]?)?(?:\(\d{1,5}\)[ -]?)?\d{1,5}(?:[ -]\d{1,8}){0,5}(?![0-9A-Za-z_])/g;
/** A document number standing on its own: a passport, a travel permit (E12345678, H12345678, 12345678). */
const DOC_TOKEN = /(?<![0-9A-Za-z])(?:[A-Za-z]{1,3}\d{6,16}[A-Za-z]?|\d{7,17}[A-Za-z]?)(?![0-9A-Za-z])/g;
/** A date written in a text (2022-11-20): not a number to hide. */
const DATE_PIECE = /^\d{4}-\d{1,2}-\d{1,2}$/;
/** A date (and time) written without separators, as in a file name (20221201, 20221201100000): not a number to hide either. */
const COMPACT_DATE = /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{4}|\d{6})?$/;

/** A number run of 7 digits or more that is not a date (and a time): all its digits starred but the last 2. */
function maskRun(run: string): string {
  const digits = run.replace(/\D/g, '').length;
  if (digits < 7) return run;
  if (!/^(\+|00)/.test(run) && run.split(' ').some((p) => DATE_PIECE.test(p))) return run;
  let seen = 0;
  return run.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
}

/**
 * ID numbers and mainland mobiles masked in a text, as the output masks show them: what an error
 * message echoes of a value (shown()), where the value the user typed must stay recognisable.
 */
export function maskIdsAndMobiles(s: string): string {
  return s
    .replace(ID_18, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length + b.length - 4)}${b.slice(-4)}`)
    .replace(ID_15, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length)}${b}`)
    .replace(PHONE, (_m, a: string, _mid: string, b: string) => `${a}****${b}`);
}

/**
 * Masks every personal number in a text — the detector for the audit log's free text (reasons,
 * notes, labs, the actor and the record): an ID number 110105********002X, a mainland mobile
 * 138****5678 (as the output masks show them, io/mask.ts), then any other number of 7 digits or
 * more — a phone abroad, a landline, a passport or permit number — with all but its last 2
 * characters starred (+*** **** **67, E******78, H******78): never fewer than 4 hidden.
 * Dates (2022-11-20, 20221201 in a file name) and shorter numbers (a 6-digit place code, a
 * count) stay as they are — so does a permit number that reads as a date, the price of that.
 */
export function maskText(s: string): string {
  return maskIdsAndMobiles(s)
    .replace(NUMBER_RUN, maskRun)
    .replace(DOC_TOKEN, (m: string) => (COMPACT_DATE.test(m) ? m : m[0] + '*'.repeat(m.length - 3) + m.slice(-2)));
}

/**
 * The one input policy, for every text value from any source — imported cells, option values
 * and arguments, prompts, JSON files — before it reaches the database or a terminal:
 *   - no control character (C0 but a tab — and a line feed in an imported note, a spreadsheet
 *     cell of several lines; never in a command-line value — where a note allows it, DEL, C1), no bidi override or
 *     isolate, no zero-width or invisible formatting character, no line or paragraph separator,
 *     no lone surrogate: such a value is refused with the field named, never cleaned silently;
 *   - bounded length: a field FIELD_MAX characters, a note NOTE_MAX, a file path PATH_MAX;
 *   - a date (a field named like one) between 1900 and 2099: 9999-12-31 is a typo, not a date.
 */
export const FIELD_MAX = 200;
export const NOTE_MAX = 2000;
export const PATH_MAX = 4096;

export type TextKind = 'field' | 'note' | 'path';

// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex
const TAB = /\t/;
// eslint-disable-next-line no-control-regex
const NOTE_HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\p{Cs}/u;
/**
 * U+FFFD, the replacement character: what a decoder leaves for bytes that were not text in its
 * encoding (a GBK terminal's name given to a UTF-8 program, a file read in the wrong encoding).
 * The letters it stood for are lost: refused, never stored as ��.
 */
const UNDECODED = /\ufffd/;

/** Fields whose value is free text (a tab allowed, NOTE_MAX long). */
const NOTE_FIELDS = new Set(['note', 'reason', 'description']);
/** Fields whose value is a file path (PATH_MAX long). */
const PATH_FIELDS = new Set(['file', 'files', 'out', 'rejects', 'db', 'dir']);

/** snake_case of a field or option name ('arrivalDate' → 'arrival_date'). */
function snake(name: string): string {
  return name.replace(/^-+/, '').replace(/-/g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * What the policy needs of a field's name, worked out once per name: an import asks for every
 * field of every row (the regular expressions of snake() were a tenth of an import's time).
 */
const NAMES = new Map<string, { kind: TextKind; date: boolean }>();
function nameOf(field: string): { kind: TextKind; date: boolean } {
  let n = NAMES.get(field);
  if (!n) {
    const f = snake(field);
    n = {
      kind: NOTE_FIELDS.has(f) ? 'note' : PATH_FIELDS.has(f) ? 'path' : 'field',
      date: /(^|_)(date|today|before|since|from|to|until|time|at)$/.test(f),
    };
    // field names come from the program (an import's mapped fields, option names): few; a bound all the same
    if (NAMES.size < 1000) NAMES.set(field, n);
  }
  return n;
}

export function kindOf(field: string): TextKind {
  return nameOf(field).kind;
}

/** Whether a field holds a date (or a date and time): arrival_date, --today, --before, inspected_at … */
export function isDateField(field: string): boolean {
  return nameOf(field).date;
}

/** The year a date value starts with (2022-11-20, 2022/11/20, 2022年11月20日, 20221120), if it does. */
function yearOf(v: string): number | null {
  const m = /^\s*(\d{4})(?:[-/.年]|\d{4}(?:\D|$))/.exec(v);
  return m ? Number(m[1]) : null;
}

/** 'U+001B' for a character. */
function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface PolicyProblem {
  field: string;
  code: 'hidden_char' | 'undecoded' | 'too_long' | 'date_range';
  params: Record<string, unknown>;
}

/**
 * The input policy on one value (see above): null when it may pass, else what is wrong with it.
 * `oneLine`: a note may not hold a line break either (a command-line value).
 */
export function checkText(field: string, value: string, kind: TextKind = kindOf(field), oneLine = false): PolicyProblem | null {
  const hidden = kind === 'note' ? (oneLine ? HIDDEN : NOTE_HIDDEN).exec(value) : (HIDDEN.exec(value) ?? TAB.exec(value));
  if (hidden) return { field, code: 'hidden_char', params: { char: codePoint(hidden[0]) } };
  if (UNDECODED.test(value)) return { field, code: 'undecoded', params: {} };
  const max = kind === 'note' ? NOTE_MAX : kind === 'path' ? PATH_MAX : FIELD_MAX;
  if (value.length > max) return { field, code: 'too_long', params: { max } };
  if (kind === 'field' && isDateField(field)) {
    const y = yearOf(value);
    if (y !== null && (y < 1900 || y >= 2100)) return { field, code: 'date_range', params: { value: value.trim().slice(0, 20) } };
  }
  return null;
}

/** The policy on every value of a record (an imported row): the problems, one per field at most. */
export function checkRecord(fields: Record<string, string | undefined>): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const [f, v] of Object.entries(fields)) {
    if (typeof v !== 'string') continue;
    const p = checkText(f, v);
    if (p) out.push(p);
  }
  return out;
}

/**
 * The policy on every string of a parsed JSON document (a policy file, a unit's report), named by
 * its path in the document ('phases[0].name'): the first problem, or null.
 */
export function checkJson(value: unknown, where = ''): PolicyProblem | null {
  if (typeof value === 'string') return checkText(where || 'value', value, 'note');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = checkJson(value[i], `${where}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const kp = checkText(`${where}${where ? '.' : ''}key`, k, 'field');
      if (kp) return { ...kp, field: where || 'key' };
      const p = checkJson(v, where ? `${where}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
}

/** A value shown in a message: visible (hidden characters as U+XXXX), one line, at most `max` characters. */
export function shown(value: string, max = 60): string {
  const v = maskIdsAndMobiles(value).replace(new RegExp(`${HIDDEN.source}|\\t`, 'gu'), (c) => `<${codePoint(c)}>`);
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

/** A value written back out as it came (a rejects file): every hidden character replaced by U+FFFD, so it shows. */
export function visible(value: string): string {
  return value.replace(new RegExp(HIDDEN.source, 'gu'), '\uFFFD');
}

/**
 * The first word of a command line holding a hidden character (a newline too), named as the
 * message should name it (the option it belongs to, else its place); null when there is none.
 * Checked before the command line is parsed, so that no parser echoes such a word raw.
 */
export function checkArgv(argv: string[]): PolicyProblem | null {
  for (let i = 0; i < argv.length; i++) {
    const m = HIDDEN.exec(argv[i]);
    const undecoded = !m && UNDECODED.test(argv[i]);
    if (!m && !undecoded) continue;
    const word = argv[i];
    const prev = argv[i - 1];
    const field = word.startsWith('--') ? shown(word.split('=')[0], 40) : prev?.startsWith('-') && !prev.includes('=') ? shown(prev, 40) : `argument ${i + 1}`;
    if (undecoded) return { field, code: 'undecoded', params: {} };
    return { field, code: 'hidden_char', params: { char: codePoint(m![0]) } };
  }
  return null;
}

/**
 * A value about to be drawn on a terminal (a table or Markdown cell): control, bidi and invisible
 * characters replaced by U+FFFD, so that a value stored before the input policy existed cannot
 * move the cursor, retitle the window or reorder what the officer reads. Tabs and line breaks stay.
 */
export function screenSafe(value: string): string {
  return NOTE_HIDDEN.test(value) ? value.replace(new RegExp(NOTE_HIDDEN.source, 'gu'), '\uFFFD') : value;
}
