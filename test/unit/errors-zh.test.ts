/**
 * The one mechanism of errors in two languages (domain/errors.ts, cli/main.ts formatError) and the
 * Chinese reasons of system, SQLite and PostgreSQL errors (domain/causes.ts). The errors a user
 * meets are provoked through the program in test/e2e/errors-zh.test.ts and test/integration/pg-errors-zh.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { problemZh } from '../../src/cli/audit-problems.js';
import { exitCodeOf, formatError } from '../../src/cli/main.js';
import { jsonWhere, zhCause } from '../../src/domain/causes.js';
import { ConflictError, StoreError, UsageError } from '../../src/domain/errors.js';

const coded = (code: string, message = `${code}: something`) => Object.assign(new Error(message), { code });

describe('an error with its Chinese text', () => {
  it('is shown in the language asked for, the English line unchanged', () => {
    const err = new StoreError('cannot read x.csv: no such file', '无法读取 x.csv：文件不存在');
    expect(formatError(err, 'en')).toBe('error: cannot read x.csv: no such file');
    expect(formatError(err, 'zh')).toBe('错误：无法读取 x.csv：文件不存在');
    expect(err.message).toBe('cannot read x.csv: no such file');
    expect(exitCodeOf(err)).toBe(1);
    expect(exitCodeOf(new UsageError('a', '甲'))).toBe(2);
  });

  it('without one, is its English line in Chinese too', () => {
    expect(formatError(new UsageError('only English'), 'zh')).toBe('错误：only English');
  });

  it('masks an ID number in the Chinese line as in the English one', () => {
    const err = new UsageError('no 11010519491231002X here', '这里没有 11010519491231002X');
    expect(formatError(err, 'zh')).toBe('错误：这里没有 110105********002X');
    expect(formatError(err, 'en')).toBe('error: no 110105********002X here');
  });

  it('a conflict between desks names the record in each language', () => {
    const err = new ConflictError('measure 3', '措施 3');
    expect(formatError(err, 'en')).toBe('error: measure 3 was changed by another desk while this command ran: nothing was written; run the command again');
    expect(formatError(err, 'zh')).toBe('错误：本命令执行期间，另一处已修改了措施 3：未写入任何内容，请重新运行本命令');
    expect(err.record).toBe('measure 3');
    expect(exitCodeOf(err)).toBe(1);
  });
});

describe('zhCause', () => {
  it('says a system, SQLite or PostgreSQL reason in Chinese from its code', () => {
    expect(zhCause(coded('ENOSPC'))).toBe('磁盘已满（ENOSPC）');
    expect(zhCause(coded('EACCES'))).toBe('没有权限');
    expect(zhCause(coded('SQLITE_IOERR_SHORT_READ'))).toBe('读写出错');
    expect(zhCause(coded('SQLITE_CORRUPT'))).toBe('数据库文件已损坏');
    expect(zhCause(coded('3D000'))).toBe('服务器上没有这个数据库');
    expect(zhCause(coded('28P01'))).toBe('密码错误');
    expect(zhCause(coded('08006'))).toBe('与数据库服务器的连接出错');
    expect(zhCause(Object.assign(coded('EEXIST'), { syscall: 'mkdir', path: '/srv/a.txt' }))).toBe('/srv/a.txt 已存在，但不是文件夹');
  });

  it("is a FangkongError's own Chinese text, for an error wrapped in another", () => {
    expect(zhCause(new StoreError('cannot read a: no such file', '无法读取 a：文件不存在'))).toBe('无法读取 a：文件不存在');
    expect(zhCause(new StoreError('english only'))).toBe('english only');
  });

  it('keeps the first line of what it does not know', () => {
    expect(zhCause(coded('EWHATEVER', 'odd\nsecond line'))).toBe('odd');
    expect(zhCause('plain')).toBe('plain');
  });

  it('says where JSON.parse stopped', () => {
    const why = (text: string) => {
      try {
        JSON.parse(text);
      } catch (err) {
        return zhCause(err);
      }
      throw new Error('parsed');
    };
    expect(why('{"a": ')).toBe('不是有效的 JSON（内容不完整）');
    expect(why('{"a": x}')).toMatch(/^不是有效的 JSON（(出现了意外的字符“x”|第 \d+ 个字符处|第 1 行第 \d+ 列)）$/);
    expect(jsonWhere('Expected property name or \'}\' in JSON at position 1 (line 1 column 2)')).toBe('（第 1 行第 2 列）');
    expect(jsonWhere('Unexpected number in JSON at position 4')).toBe('（第 5 个字符处）');
  });
});

describe('problemZh', () => {
  it('says each problem of the audit chain in Chinese, with its rows', () => {
    expect(problemZh({ id: 4, kind: 'deleted', detail: 'row 4 was deleted' })).toBe('第 4 条被删除');
    expect(problemZh({ id: 4, kind: 'deleted', detail: 'rows 4 to 9 were deleted' })).toBe('第 4 至 9 条被删除');
    expect(problemZh({ id: 2, kind: 'broken_link', detail: 'row 2 was changed: row 3 recorded a different hash for it' })).toBe('第 2 条被改动：第 3 条记下的它的哈希与之不符');
    expect(problemZh({ id: 7, kind: 'changed', detail: 'row 7 was changed: its content does not match its hash' })).toBe('第 7 条被改动：内容与它的哈希不符');
    const missing = 'the head kept elsewhere (b8652e95d5288bb9…) is no longer in the chain: rows were rewritten or cut from the end';
    expect(problemZh({ id: 6, kind: 'head_missing', detail: missing })).toBe('别处记下的末条哈希（b8652e95d5288bb9…）已不在链中：有记录被改写，或从末尾被截掉');
  });
});
