/** The input policy and the masking of texts (domain/text.ts). */
import { describe, expect, it } from 'vitest';
import { checkArgv, checkJson, checkText, isDateField, maskText, screenSafe, shown, visible } from '../../src/domain/text.js';

describe('maskText', () => {
  it.each([
    ['11010519491231002X is already registered', '110105********002X is already registered'],
    ['号码110105194912310021，电话13800138000。', '号码110105********0021，电话138****8000。'],
    ['old 110105491231002', 'old 110105*****1002'],
    ['hash b8652e95d5288bb913800138000aa stays', 'hash b8652e95d5288bb913800138000aa stays'],
    ['2022-11-20 10:00, 12 rows', '2022-11-20 10:00, 12 rows'],
    ['P1234567890ABCDEF1', 'P1234567890ABCDEF1'],
  ])('%s', (raw, masked) => {
    expect(maskText(raw)).toBe(masked);
  });
});

describe('checkText', () => {
  it.each([
    ['name', 'a\u001bb', 'hidden_char', 'U+001B'],
    ['name', 'a\u202eb', 'hidden_char', 'U+202E'],
    ['name', 'a\u200bb', 'hidden_char', 'U+200B'],
    ['name', 'a\tb', 'hidden_char', 'U+0009'],
    ['name', 'a\nb', 'hidden_char', 'U+000A'],
    ['note', 'a\rb', 'hidden_char', 'U+000D'],
    ['note', 'a\u0085b', 'hidden_char', 'U+0085'],
    ['name', '\ud800', 'hidden_char', 'U+D800'],
  ])('%s %j: %s', (field, v, code, char) => {
    expect(checkText(field, v)).toEqual({ field, code, params: { char } });
  });

  it('a note may hold a tab and a line feed, except on the command line', () => {
    expect(checkText('note', 'a\tb\nc')).toBeNull();
    expect(checkText('note', 'a\nb', undefined, true)).toMatchObject({ code: 'hidden_char' });
    expect(checkText('reason', 'a\tb', undefined, true)).toBeNull();
  });

  it('lengths: 200 for a field, 2,000 for a note, 4,096 for a path', () => {
    expect(checkText('name', 'x'.repeat(200))).toBeNull();
    expect(checkText('name', 'x'.repeat(201))).toEqual({ field: 'name', code: 'too_long', params: { max: 200 } });
    expect(checkText('note', 'x'.repeat(2000))).toBeNull();
    expect(checkText('note', 'x'.repeat(2001))).toMatchObject({ params: { max: 2000 } });
    expect(checkText('out', `/tmp/${'x'.repeat(300)}`)).toBeNull();
    expect(checkText('file', 'x'.repeat(4097))).toMatchObject({ params: { max: 4096 } });
  });

  it('dates between 1900 and 2099, in any field named like a date', () => {
    for (const f of ['arrival_date', 'arrivalDate', 'today', 'before', 'since', 'from', 'to', 'time', 'inspected_at', 'testTime']) expect(isDateField(f)).toBe(true);
    for (const f of ['name', 'origin', 'township', 'format', 'tomorrow']) expect(isDateField(f)).toBe(false);
    for (const v of ['9999-12-31', '2100-01-01', '1899-12-31', '0999/1/1', '99991231', '2100年1月1日']) expect(checkText('arrival_date', v)).toMatchObject({ code: 'date_range' });
    for (const v of ['2022-11-20', '1900-01-01', '2099-12-31', '20221120', '2022年11月20日', 'not a date']) expect(checkText('arrival_date', v)).toBeNull();
    expect(checkText('name', '9999-12-31')).toBeNull();
  });
});

describe('the command line', () => {
  it('names the option a hidden character belongs to, else its place', () => {
    expect(checkArgv(['arrival', 'add', '--name', 'a\nb'])).toEqual({ field: '--name', code: 'hidden_char', params: { char: 'U+000A' } });
    expect(checkArgv(['arrival', 'add', '--name=a\u001bb'])).toMatchObject({ field: '--name' });
    expect(checkArgv(['arr\nival'])).toMatchObject({ field: 'argument 1' });
    expect(checkArgv(['arrival', 'list', '--reveal'])).toBeNull();
    expect(checkArgv(['--note', 'a\tb'])).toBeNull();
  });
});

describe('JSON inputs', () => {
  it('names the path of the first hidden character', () => {
    expect(checkJson({ id: 'x', name: { zh: '隔离', en: 'a\u001b[2J' } })).toMatchObject({ field: 'name.en', code: 'hidden_char' });
    expect(checkJson({ phases: [{ kind: 'home' }, { kind: '\u202e' }] })).toMatchObject({ field: 'phases[1].kind' });
    expect(checkJson({ ['k\u0000']: 1 })).toMatchObject({ code: 'hidden_char' });
    expect(checkJson({ unit: '城关县', n: 3, ok: true, list: [null] })).toBeNull();
  });
});

describe('showing values', () => {
  it('shown: masked, hidden characters named, one line, cut short', () => {
    expect(shown('a\u001b]0;x\u0007 13800138000')).toBe('a<U+001B>]0;x<U+0007> 138****8000');
    expect(shown('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(shown('a\nb')).toBe('a<U+000A>b');
  });

  it('visible (rejects files) and screenSafe (tables): hidden characters replaced', () => {
    expect(visible('a\u001bb\u202ec')).toBe('a\uFFFDb\uFFFDc');
    expect(screenSafe('a\u001b[2Jb\nc\td')).toBe('a\uFFFD[2Jb\nc\td');
    expect(screenSafe('plain 张三')).toBe('plain 张三');
  });
});
