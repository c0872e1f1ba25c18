/**
 * The user's config file (issue 16): database, lang, unit, timezone, format as defaults for every
 * database. Precedence, key by key: a flag, then the FANGKONG_* variable, then (unit, timezone) the
 * database's own setting, then the config file, then the built-in default (lang: LC_ALL /
 * LC_MESSAGES / LANG / LANGUAGE, then the system's). A broken file is one line naming it, exit 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbFor, initDb, query, runBin, runMain, tmpDir } from '../helpers.js';

/** A config file with these settings (or this text), and the env that points at it. */
function configured(content: Record<string, unknown> | string): { file: string; env: Record<string, string> } {
  const file = path.join(tmpDir(), 'config.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return { file, env: { FANGKONG_CONFIG: file } };
}

const json = (out: string) => JSON.parse(out) as Record<string, unknown>;

describe('database: --db > FANGKONG_DB > config file > the per-user default', () => {
  it('each one wins over the ones after it', async () => {
    const dir = tmpDir();
    const [a, b, c] = ['a.db', 'b.db', 'c.db'].map((f) => dbFor(initDb(path.join(dir, f))));
    const { env } = configured({ database: c });
    expect(json((await runMain(['db', 'path'], { env })).stdout)).toEqual({ path: c, source: 'config' });
    expect(json((await runMain(['db', 'path'], { env: { ...env, FANGKONG_DB: b } })).stdout)).toEqual({ path: b, source: 'env' });
    expect(json((await runMain(['--db', a, 'db', 'path'], { env: { ...env, FANGKONG_DB: b } })).stdout)).toEqual({ path: a, source: 'option' });
    expect(json((await runMain(['db', 'path'], {})).stdout)).toMatchObject({ source: 'default' });
  });

  it("a config file's database that is not there: the line says where the path came from", async () => {
    const { env, file } = configured({ database: path.join(tmpDir(), 'gone.db') });
    const r = await runMain(['arrival', 'list'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`(from the config file ${file})`);
  });

  it('the demo never loads into the config file\'s database', () => {
    const dir = tmpDir();
    const { env } = configured({ database: path.join(dir, 'work.db') });
    const r = runBin(['demo', '--format', 'json'], { env: { ...env, TMPDIR: dir } });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'work.db'))).toBe(false);
  });
});

describe('lang: --lang > FANGKONG_LANG > config file > LC_ALL/LC_MESSAGES/LANG/LANGUAGE', () => {
  const db = () => initDb(path.join(tmpDir(), 'l.db'));
  const said = async (args: string[], env: Record<string, string>) => (await runMain(['--db', db(), ...args, 'config', 'get', 'unit'], { env })).stderr;

  it('each one wins over the ones after it', async () => {
    const zh = configured({ lang: 'zh' }).env;
    const en = configured({ lang: 'en' }).env;
    expect(await said([], zh)).toMatch(/^错误：unit 未设置/);
    expect(await said([], { ...en, LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8' })).toMatch(/^error: unit is not set/);
    expect(await said([], { ...zh, FANGKONG_LANG: 'en' })).toMatch(/^error:/);
    expect(await said(['--lang', 'zh'], { ...en, FANGKONG_LANG: 'en' })).toMatch(/^错误：/);
    // no config file: the locale variables, as before
    expect(await said([], { LC_MESSAGES: 'zh_CN.UTF-8' })).toMatch(/^错误：/);
  });

  it('help is in the config file\'s language too', async () => {
    const r = await runMain(['arrival', '--help'], { env: configured({ lang: 'zh' }).env });
    expect(r.stdout).toContain('用法：');
  });
});

describe("unit: --unit > FANGKONG_UNIT > the database's setting > config file", () => {
  it('each one wins over the ones after it', async () => {
    const file = initDb(path.join(tmpDir(), 'u.db'));
    const { env } = configured({ unit: '配置县' });
    const unit = async (args: string[], e: Record<string, string>) => json((await runMain(['--db', file, 'report', 'daily', '--date', '2022-11-20', ...args], { env: e })).stdout).unit;
    expect(await unit([], {})).toBe('(unit not set)');
    expect(await unit([], env)).toBe('配置县');
    expect((await runMain(['--db', file, 'config', 'set', 'unit', '本库县'], { env })).code).toBe(0);
    expect(await unit([], env)).toBe('本库县');
    expect(await unit([], { ...env, FANGKONG_UNIT: '环境县' })).toBe('环境县');
    expect(await unit(['--unit', '参数县'], { ...env, FANGKONG_UNIT: '环境县' })).toBe('参数县');
  });
});

describe("timezone: FANGKONG_TZ > the database's setting > config file > Asia/Shanghai", () => {
  // 2022-11-21 10:00 in Shanghai is 16:00 at Kiritimati (UTC+14): before noon the report covers yesterday, after noon today
  it('each one wins over the ones after it (seen in the date report daily chooses)', async () => {
    const file = initDb(path.join(tmpDir(), 't.db'));
    const date = async (env: Record<string, string>) => json((await runMain(['--db', file, 'report', 'daily'], { env })).stdout).date;
    expect(await date({})).toBe('2022-11-20');
    const kiritimati = configured({ timezone: 'Pacific/Kiritimati' }).env;
    expect(await date(kiritimati)).toBe('2022-11-21');
    expect((await runMain(['--db', file, 'config', 'set', 'timezone', 'Asia/Shanghai'], { env: kiritimati })).code).toBe(0);
    expect(await date(kiritimati)).toBe('2022-11-20');
    expect(await date({ ...kiritimati, FANGKONG_TZ: 'Pacific/Kiritimati' })).toBe('2022-11-21');
  });
});

describe('format: --format > FANGKONG_FORMAT > config file > table on a terminal, JSON in a pipe', () => {
  it('each one wins over the ones after it', async () => {
    const file = initDb(path.join(tmpDir(), 'f.db'));
    const { env } = configured({ format: 'csv' });
    const out = async (args: string[], e: Record<string, string>) => (await runMain(['--db', file, ...args, 'config', 'list', '--no-bom'].filter(Boolean), { env: e })).stdout;
    await runMain(['--db', file, 'config', 'set', 'unit', '城关县']);
    expect(json(await out([], {}))).toEqual({ unit: '城关县' });
    expect(await out([], env)).toBe('key,value\nunit,城关县\n');
    expect(await out([], { ...env, FANGKONG_FORMAT: 'markdown' })).toContain('unit = 城关县');
    expect(json(await out(['--format', 'json'], { ...env, FANGKONG_FORMAT: 'markdown' }))).toEqual({ unit: '城关县' });
    const bad = await runMain(['--db', file, 'config', 'list'], { env: { FANGKONG_FORMAT: 'yaml' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: FANGKONG_FORMAT must be one of table, json, jsonl, csv, markdown, xlsx, html, not "yaml"\n');
  });
});

describe('a broken config file: one plain line naming it, exit 2, whatever the command', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"lang": "zh"', /is broken: not valid JSON/],
    ['not an object', '["zh"]', /is broken: expected one JSON object/],
    ['an unknown key', '{"colour": "red"}', /is broken: unknown setting "colour": one of database, lang, unit, timezone, format/],
    ['a bad language', '{"lang": "fr"}', /is broken: lang must be zh or en, not "fr"/],
    ['a bad time zone', '{"timezone": "Mars/Olympus"}', /is broken: timezone "Mars\/Olympus" is not a time zone/],
    ['a bad format', '{"format": "yaml"}', /is broken: format must be one of/],
    ['a value not text', '{"unit": 3}', /is broken: unit must be a non-empty string/],
  ];
  for (const [what, text, message] of cases) {
    it(what, async () => {
      const { env, file } = configured(text);
      const r = await runMain(['db', 'path'], { env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toContain(`error: the config file ${file} is broken: `);
      expect(r.stderr).toMatch(message);
    });
  }

  it('in Chinese with the language of the environment', async () => {
    const { env, file } = configured('{');
    const r = await runMain(['db', 'path'], { env: { ...env, LANG: 'zh_CN.UTF-8' } });
    expect(r.stderr).toMatch(new RegExp(`^错误：配置文件 ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} 有误：不是有效的 JSON`));
  });
});

describe('config set/get/list --global', () => {
  it('writes the file whole (owner only, no temporary file left), reads it back; without --global the database', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'sub', 'config.json');
    const env = { FANGKONG_CONFIG: file };
    const db = dbFor(initDb(path.join(dir, 'g.db')));
    expect((await runMain(['config', 'set', '--global', 'unit', '城关县'], { env })).code).toBe(0);
    expect((await runMain(['config', 'set', '--global', 'database', db], { env })).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ database: db, unit: '城关县' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.json']);
    expect((await runMain(['config', 'get', '--global', 'unit'], { env })).stdout).toBe('{\n  "key": "unit",\n  "value": "城关县"\n}\n');
    expect(json((await runMain(['config', 'list', '--global'], { env })).stdout)).toEqual({ database: db, unit: '城关县' });
    // the database's settings are apart
    expect(query(db, 'SELECT * FROM settings')).toEqual([]);
    expect((await runMain(['config', 'get', 'unit'], { env })).code).toBe(1);
    expect((await runMain(['config', 'set', 'unit', '本库'], { env })).code).toBe(0);
    expect(query(db, "SELECT value FROM settings WHERE key = 'unit'")).toEqual([{ value: '本库' }]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).unit).toBe('城关县');
  });

  it('refuses a bad key or value (exit 2) and leaves the file as it was', async () => {
    const { env, file } = configured({ lang: 'zh' });
    for (const args of [['lang', 'fr'], ['colour', 'red'], ['timezone', 'Nowhere'], ['test-validity-hours', '72']]) {
      const r = await runMain(['--lang', 'en', 'config', 'set', '--global', ...args], { env });
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('{"lang":"zh"}');
  });

  it('the file is at $XDG_CONFIG_HOME/fangkong/config.json when FANGKONG_CONFIG is not set', () => {
    const xdg = tmpDir();
    const r = runBin(['config', 'set', '--global', 'lang', 'zh'], { env: { FANGKONG_CONFIG: '', XDG_CONFIG_HOME: xdg } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(xdg, 'fangkong', 'config.json'), 'utf8'))).toEqual({ lang: 'zh' });
    expect(runBin(['arrival', '--help'], { env: { FANGKONG_CONFIG: '', XDG_CONFIG_HOME: xdg } }).stdout).toContain('用法：');
  });
});
