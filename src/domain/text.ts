/**
 * Text that reaches a person or a log: ID numbers and phones masked wherever they stand in it
 * (an error message, a free-text note in the audit log), and the one input policy for every text
 * value from any source.
 */

/** An ID number (18, or 15 old-style) or a mainland mobile number standing on its own in a text. */
const ID_18 = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])(\d{6})(\d{5})(\d{4})(?![0-9A-Za-z])/g;
const PHONE = /(?<![0-9A-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])/g;

/** Masks every ID number and phone number in a text: 110105********002X, 138****5678. */
export function maskText(s: string): string {
  return s
    .replace(ID_18, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length + b.length - 4)}${b.slice(-4)}`)
    .replace(ID_15, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length)}${b}`)
    .replace(PHONE, (_m, a: string, _mid: string, b: string) => `${a}****${b}`);
}
