/**
 * The hostile corpus (issue 15): values an attacker would put in a spreadsheet cell, an option or
 * a JSON file, by class. test/integration/hostile.test.ts runs each against every importer, the
 * command-line options and every output format; docs/data-safety.md gives the counts.
 */

/** Values the input policy refuses, in any text field: [class, value]. */
export const REFUSED: Array<[string, string]> = [
  ['NUL', 'a\u0000b'],
  ['ESC: window title (OSC)', '\u001b]0;pwned\u0007'],
  ['ESC: clear screen (CSI)', '\u001b[2J\u001b[H'],
  ['ESC: colour', '\u001b[31m红\u001b[0m'],
  ['BEL', 'a\u0007b'],
  ['backspace', '张三\u0008\u0008李四'],
  ['vertical tab', 'a\u000bb'],
  ['form feed', 'a\u000cb'],
  ['DEL', 'a\u007fb'],
  ['C1 CSI', 'a\u009b2Jb'],
  ['C1 NEL', 'a\u0085b'],
  ['bidi: right-to-left override', '张三\u202e号8路福幸'],
  ['bidi: left-to-right embedding', 'a\u202ab'],
  ['bidi: pop directional formatting', 'a\u202cb'],
  ['bidi: right-to-left isolate', 'a\u2067b\u2069'],
  ['bidi: right-to-left mark', 'a\u200fb'],
  ['bidi: Arabic letter mark', 'a\u061cb'],
  ['zero-width space', '张\u200b三'],
  ['zero-width joiner', '张\u200d三'],
  ['word joiner', '张\u2060三'],
  ['BOM inside a value', '张\ufeff三'],
  ['soft hyphen', '张\u00ad三'],
  ['line separator', 'a\u2028b'],
  ['paragraph separator', 'a\u2029b'],
];

/** Refused in a field; a line feed is allowed in an imported note (a spreadsheet cell of several lines), a CR nowhere. */
export const LINE_BREAKS: Array<[string, string]> = [
  ['LF', 'a\nb'],
  ['CR', 'a\rb'],
  ['CRLF', 'a\r\nb'],
];
export const NOTE_LINE_BREAKS: Array<[string, string]> = [['LF', 'a\nb\nc']];

/** Refused in a field, allowed in a note. */
export const TABS: Array<[string, string]> = [['tab', 'a\tb']];

/** Too long: [class, value, refused in a note too]. */
export const OVERLONG: Array<[string, string, boolean]> = [
  ['201 characters', '长'.repeat(201), false],
  ['2,001 characters', 'x'.repeat(2001), true],
  ['100,000 characters', 'x'.repeat(100_000), true],
];

/** Dates no one means, in a date field. */
export const BAD_YEARS: Array<[string, string]> = [
  ['9999-12-31', '9999-12-31'],
  ['2100-01-01', '2100-01-01'],
  ['1899-12-31', '1899-12-31'],
  ['0999-12-31', '0999-12-31'],
  ['99991231', '99991231'],
];

/** Cells a spreadsheet would run as a formula: they pass the policy, and are neutralised in every CSV. */
export const FORMULAS: string[] = ['=cmd|"/c calc"!A1', '+1+1', '-1+1', '@SUM(A1:A9)', '|calc!A1'];

/** Characters no output meant for a terminal (table, Markdown) may carry raw. */
// eslint-disable-next-line no-control-regex
export const RAW_HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
