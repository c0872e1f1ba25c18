/**
 * Every error in the user's language: errors thrown below cli/ (io/, services/, the date and
 * time-zone checks) were English even with --lang zh. Through the real program (bin/fangkong):
 * with --lang zh each is one line, 错误：, no English word but what the user typed and the names
 * of things (test/zh-line.ts); with --lang en, the same line as before, byte for byte; the same
 * exit code in both. (Opening a database, SQLite or PostgreSQL: test/integration/pg-errors-zh.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArgs, DROP_AUDIT_GUARD_ALL, execSql, initDb, runBin, tmpDir, VALID } from '../helpers.js';
import { expectZhLine } from '../zh-line.js';

let dir: string;
let db: string;
beforeAll(() => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'county.db'));
  fs.writeFileSync(path.join(dir, 'empty.csv'), '');
  fs.writeFileSync(path.join(dir, 'quote.csv'), 'name,id\n"abc,1\n');
  fs.writeFileSync(path.join(dir, 'ok.csv'), 'a,b\n1,2\n');
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"id": ');
  fs.writeFileSync(path.join(dir, 'big.json'), ' '.repeat(1024 * 1024 + 1));
  fs.writeFileSync(path.join(dir, 'config.json'), '{"lang": zh}');
  fs.mkdirSync(path.join(dir, 'folder'));
  const added = runBin(['--db', db, ...addArgs()]);
  expect(added.code, added.stderr).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Case {
  what: string;
  args: () => string[];
  env?: () => Record<string, string>;
  code: number;
  /** Today's English line (without "error: " and the newline). */
  en: () => string;
  /** Something the Chinese line must say (beside the checks of expectZhLine). */
  zh: RegExp;
}

const f = (name: string) => path.join(dir, name);

const CASES: Case[] = [
  { what: 'a date option that is not a date', args: () => ['report', 'daily', '--date', '2022-13-01'], code: 2, en: () => '--date "2022-13-01" is not a real date: use YYYY-MM-DD', zh: /^错误：--date “2022-13-01”不是有效日期：请用 YYYY-MM-DD 格式$/ },
  { what: '--today that is not a date', args: () => ['--today', '2022-02-30', 'arrival', 'list'], code: 2, en: () => '--today "2022-02-30" is not a real date: use YYYY-MM-DD', zh: /不是有效日期/ },
  { what: 'FANGKONG_TZ that is not a time zone', args: () => ['arrival', 'list'], env: () => ({ FANGKONG_TZ: 'Mars/Base' }), code: 2, en: () => 'FANGKONG_TZ "Mars/Base" is not a time zone: use a name like Asia/Shanghai', zh: /^错误：环境变量 FANGKONG_TZ 的值“Mars\/Base”不是时区/ },
  { what: 'a report range backwards', args: () => ['report', 'range', '--from', '2022-12-05', '--to', '2022-12-01'], code: 2, en: () => '--from 2022-12-05 is after --to 2022-12-01', zh: /^错误：--from 2022-12-05 晚于 --to 2022-12-01$/ },
  { what: 'a report range over 366 days', args: () => ['report', 'range', '--from', '2022-01-01', '--to', '2023-06-01'], code: 2, en: () => 'a range is at most 366 days', zh: /^错误：日期范围最多 366 天$/ },
  { what: 'an arrival list backwards', args: () => ['arrival', 'list', '--from', '2022-12-05', '--to', '2022-12-01'], code: 2, en: () => '--from 2022-12-05 is after --to 2022-12-01', zh: /晚于/ },
  { what: 'an import of a missing file', args: () => ['arrival', 'import', f('missing.csv')], code: 1, en: () => `cannot read ${f('missing.csv')}: no such file`, zh: /^错误：无法读取 .*missing\.csv：文件不存在$/ },
  { what: 'an import of a folder', args: () => ['arrival', 'import', f('folder')], code: 1, en: () => `cannot read ${f('folder')}: it is a folder, not a file`, zh: /：这是文件夹，不是文件$/ },
  { what: 'an import of an empty file', args: () => ['arrival', 'import', f('empty.csv')], code: 2, en: () => `${f('empty.csv')} is empty: expected a header row and records`, zh: /empty\.csv 是空文件：应有一行表头和若干记录$/ },
  { what: 'an import in an unknown encoding', args: () => ['arrival', 'import', f('ok.csv'), '--encoding', 'latin9'], code: 2, en: () => 'unknown encoding "latin9": use utf8, gb18030 or utf16', zh: /^错误：不认识的编码“latin9”：请用 utf8、gb18030 或 utf16$/ },
  { what: 'a CSV with an unclosed quote', args: () => ['arrival', 'import', f('quote.csv')], code: 2, en: () => `${f('quote.csv')} near line 2 is not valid CSV: a quoted field is never closed`, zh: /quote\.csv（约第 2 行）不是有效的 CSV：有一个引号没有闭合$/ },
  { what: 'a policy file that is not JSON', args: () => ['policy', 'add', '--file', f('bad.json')], code: 2, en: () => `${f('bad.json')} is not valid JSON: Unexpected end of JSON input`, zh: /bad\.json 不是有效的 JSON（内容不完整）$/ },
  { what: 'a policy file far too large', args: () => ['policy', 'add', '--file', f('big.json')], code: 2, en: () => `${f('big.json')} is 1048577 bytes, more than the 1048576 this file may have: is it the right file?`, zh: /有 1048577 字节，超过这类文件的上限 1048576 字节/ },
  { what: '--rows without --head', args: () => ['audit', 'verify', '--rows', '5'], code: 2, en: () => '--rows goes with --head', zh: /^错误：--rows 要和 --head 一起用$/ },
  { what: '--head that is no hash', args: () => ['audit', 'verify', '--head', 'b865'], code: 2, en: () => '--head must be the head hash audit verify or db check printed: at least its first 16 hex characters', zh: /^错误：--head 应为 audit verify 或 db check 显示的末条哈希：至少前 16 位十六进制字符$/ },
  { what: '--rows that is no number', args: () => ['audit', 'verify', '--head', 'b8652e95d5288bb9', '--rows', 'five'], code: 2, en: () => '--rows "five" is not a whole number of rows: use 1 or more', zh: /^错误：--rows “five”不是条数：应为 1 或更大的整数$/ },
  { what: 'an assignment to a site and home', args: () => ['quarantine', 'assign', VALID.id, '--site', '党校', '--home'], code: 2, en: () => 'give --site or --home, not both', zh: /^错误：--site 和 --home 只能给一个$/ },
  { what: 'a transfer to nowhere', args: () => ['quarantine', 'transfer', VALID.id], code: 2, en: () => 'give --site NAME or --home', zh: /^错误：请给出 --site 隔离点名称，或 --home$/ },
  { what: 'a reassessment to the same policy', args: () => ['quarantine', 'reassess', '--from-policy', 'close-contact-5+3', '--to-policy', 'close-contact-5+3'], code: 2, en: () => '--from-policy and --to-policy are both close-contact-5+3', zh: /都是 close-contact-5\+3/ },
  { what: '--out into a missing folder', args: () => ['arrival', 'list', '--format', 'csv', '--out', f('nowhere/x.csv')], code: 1, en: () => `cannot write ${f('nowhere/x.csv')}: no such folder; nothing was written`, zh: /^错误：无法写入 .*x\.csv：文件夹不存在，未写入任何内容$/ },
  { what: 'a config file that is a folder', args: () => ['arrival', 'list'], env: () => ({ FANGKONG_CONFIG: f('folder') }), code: 2, en: () => `the config file ${f('folder')} is broken: cannot read ${f('folder')}: it is a folder, not a file`, zh: /^错误：配置文件 .* 有误：无法读取 .*：这是文件夹，不是文件$/ },
  { what: 'a config file that is not JSON', args: () => ['arrival', 'list'], env: () => ({ FANGKONG_CONFIG: f('config.json') }), code: 2, en: () => `the config file ${f('config.json')} is broken: not valid JSON (Unexpected token 'z', "{"lang": zh}" is not valid JSON)`, zh: /有误：不是有效的 JSON（出现了意外的字符“z”）$/ },
];

describe('errors from below cli/, in the user language', () => {
  for (const c of CASES) {
    it(`${c.what}: in Chinese with --lang zh, as before with --lang en`, () => {
      const args = ['--db', db, ...c.args()];
      const env = c.env?.();
      const zh = runBin(['--lang', 'zh', ...args], { env });
      const en = runBin(['--lang', 'en', ...args], { env });
      expect(zh.code, zh.stderr).toBe(c.code);
      expect(en.code, en.stderr).toBe(c.code);
      expect(en.stderr).toBe(`error: ${c.en()}\n`);
      // what the user typed and what names a variable (FANGKONG_TZ) may stay as it is
      const line = expectZhLine(zh.stderr, [...c.args(), ...Object.values(env ?? {})]);
      expect(line).toMatch(c.zh);
      expect(zh.stdout).toBe('');
    });
  }
});

describe('a tampered audit log, in the user language', () => {
  it('audit verify and db check name the changed and deleted rows in Chinese, in English as before', () => {
    const file = initDb(path.join(dir, 'tampered.db'));
    for (const id of ['11010519491231002X', '110105194912310038', '110105194912310046', '110105194912310054']) {
      const r = runBin(['--db', file, ...addArgs({ '--id-number': id })]);
      expect(r.code, r.stderr).toBe(0);
    }
    execSql(file, `${DROP_AUDIT_GUARD_ALL}; UPDATE audit_log SET after = '{}' WHERE id = 1; DELETE FROM audit_log WHERE id IN (2, 3)`);
    const zh = runBin(['--db', file, '--lang', 'zh', '--format', 'table', 'audit', 'verify']);
    const en = runBin(['--db', file, '--lang', 'en', '--format', 'table', 'audit', 'verify']);
    expect([zh.code, en.code]).toEqual([1, 1]);
    expect(en.stderr).toBe('error: the audit log was tampered with: row 1 was changed: its content does not match its hash\n');
    expect(en.stdout).toContain('  row 1 was changed: its content does not match its hash\n  rows 2 to 3 were deleted\n');
    expect(expectZhLine(zh.stderr, [])).toBe('错误：审计日志被改动：第 1 条被改动：内容与它的哈希不符');
    expect(zh.stdout).toContain('  第 1 条被改动：内容与它的哈希不符\n  第 2 至 3 条被删除\n');
    const check = runBin(['--db', file, '--lang', 'zh', '--format', 'table', 'db', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('  第 1 条被改动：内容与它的哈希不符\n  第 2 至 3 条被删除\n');
    // a head kept elsewhere that the chain no longer has
    const head = runBin(['--db', file, '--lang', 'zh', '--format', 'table', 'audit', 'verify', '--head', '0000000000000000', '--rows', '2']);
    expect(head.stdout).toContain('  别处记下的末条哈希（0000000000000000…，第 2 条）已不在链中：有记录被改写，或从末尾被截掉\n');
  });
});
