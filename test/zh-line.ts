/**
 * An error line in Chinese, checked: one line, starting with 错误：, and no English word in it
 * but a name the user types (the command line's own words: paths, URLs, values; any option, --site) or a
 * name of a thing kept as it is (as in test/language.test.ts: JSON, SQLite, PostgreSQL …).
 */
import { expect } from 'vitest';

/** Names of things, kept as they are in Chinese text (those of test/language.test.ts, and a few of errors). */
export const NAMES = new Set([
  ...['fangkong', 'JSON', 'CSV', 'Excel', 'WAL', 'UTF', 'utf', 'GB', 'gb', 'YYYY', 'MM', 'DD', 'HH', 'LANG', 'NO_COLOR', 'FANGKONG_DB', 'FANGKONG_LANG', 'FANGKONG_FORMAT'],
  ...['Asia', 'Shanghai', 'Urumqi', 'zh', 'en', 'json', 'csv', 'xlsx', 'PostgreSQL', 'SQLite', 'SQL', 'postgres'],
  // commands and variables an error names, and the system's codes it shows in brackets
  ...['init', 'db', 'roles', 'check', 'audit', 'verify', 'admin', 'FANGKONG_TZ', 'utf8', 'gb18030', 'utf16', 'FIFO', 'ECONNREFUSED', 'ENOSPC'],
]);

/** The English words of `line` that are neither typed (in `typed`, the arguments given) nor NAMES. */
export function strayWords(line: string, typed: string[]): string[] {
  let rest = line;
  // what the user typed, whole (a path, a URL, a value), then its words
  for (const a of [...typed].sort((x, y) => y.length - x.length)) if (a.length > 1) rest = rest.split(a).join(' ');
  // an option the line names (--site, --head): typed by the user, as it is
  rest = rest.replace(/--[a-z][a-z-]*/g, ' ');
  const words = new Set(typed.flatMap((a) => a.match(/[A-Za-z_]+/g) ?? []));
  return (rest.match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((w) => !words.has(w) && !NAMES.has(w));
}

/** stderr is one Chinese error line (see above). */
export function expectZhLine(stderr: string, typed: string[]): string {
  expect(stderr.endsWith('\n'), stderr).toBe(true);
  const line = stderr.slice(0, -1);
  expect(line.includes('\n'), stderr).toBe(false);
  expect(line.startsWith('错误：'), stderr).toBe(true);
  expect(strayWords(line, typed), line).toEqual([]);
  return line;
}
