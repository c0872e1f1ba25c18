/**
 * Chinese throughout with --lang zh, English with --lang en: every command's help, and commander's
 * own errors, scanned. In Chinese help an English word may only be a name the user types (an
 * option, a command, a choice, a placeholder) or one of a few names of things (JSON, Excel …).
 */
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliFrom } from '../src/cli/context.js';
import { commanderErrorZh } from '../src/cli/help.js';
import { loadProgram } from '../src/cli/program.js';
import { runMain } from './helpers.js';

/** Names of things, kept as they are in Chinese text. */
const NAMES = new Set(['fangkong', 'JSON', 'CSV', 'Excel', 'WAL', 'UTF', 'utf', 'GB', 'gb', 'YYYY', 'MM', 'DD', 'HH', 'LANG', 'NO_COLOR', 'FANGKONG_DB', 'FANGKONG_LANG', 'FANGKONG_FORMAT', 'Asia', 'Shanghai', 'Urumqi', 'Ctrl', 'zh', 'en', 'md', 'table', 'json', 'csv', 'markdown', 'ID', 'TZ', 'help', 'version', 'V', 'h', 'unit', 'timezone', 'database', 'lang', 'format', 'none', 'xlsx', 'xls', 'arrivals', 'inspections', 'tests', 'areas', 'BOM', 'HTML', 'sha', 'bash', 'zsh', 'fish', 'jsonl']);

async function tree(lang: 'zh' | 'en'): Promise<Array<{ path: string; cmd: Command }>> {
  const deps = { io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false }, env: {}, now: () => new Date(), prompter: { input: async () => '', select: async () => '' }, username: () => 'x' };
  const program = await loadProgram(cliFrom(deps, lang), []);
  const all: Array<{ path: string; cmd: Command }> = [];
  const walk = (c: Command, path: string) => {
    all.push({ path, cmd: c });
    for (const s of c.commands) walk(s, `${path} ${s.name()}`);
  };
  walk(program, 'fangkong');
  return all;
}

/** What the user types in this command: its options' words, its subcommands, its choices. */
function typed(cmd: Command): Set<string> {
  const words = new Set<string>();
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) {
      for (const w of o.flags.match(/[A-Za-z_]+/g) ?? []) words.add(w);
      for (const v of (o as unknown as { argChoices?: string[] }).argChoices ?? []) for (const w of v.match(/[A-Za-z_]+/g) ?? []) words.add(w);
    }
    for (const a of c.registeredArguments) words.add(a.name());
    for (const s of c.commands) {
      words.add(s.name());
      for (const a of s.registeredArguments) words.add(a.name());
      for (const o of s.options) for (const v of (o as unknown as { argChoices?: string[] }).argChoices ?? []) for (const w of v.match(/[A-Za-z_]+/g) ?? []) words.add(w);
    }
    words.add(c.name());
  }
  return words;
}

describe('help', async () => {
  const zh = await tree('zh');
  const en = await tree('en');

  it('covers every command', () => {
    expect(zh.length).toBeGreaterThan(40);
    expect(zh.map((c) => c.path)).toEqual(en.map((c) => c.path));
  });

  for (const { path, cmd } of zh) {
    it(`${path} --help in Chinese has no English word the user does not type`, () => {
      const allowed = typed(cmd);
      const stray: string[] = [];
      for (const line of cmd.helpInformation().split('\n')) {
        if (/^\s+fangkong /.test(line)) continue; // an example command line
        // what the user types, quoted in the text: “fangkong …” commands, --options, CSV column lists, paths, ids, setting names
        const text = line.replace(/“fangkong [^”]*”/g, '').replace(/--[\w-]+/g, '').replace(/\w+(?:,\w+)+/g, '').replace(/[\w.]+\/[\w./]*/g, '').replace(/[a-z0-9]+(?:[-+][a-z0-9]+)+/g, '');
        for (const w of text.match(/[A-Za-z][A-Za-z_]+/g) ?? []) if (!allowed.has(w) && !NAMES.has(w)) stray.push(w);
      }
      expect(stray, cmd.helpInformation()).toEqual([]);
      expect(cmd.helpInformation()).not.toMatch(/Usage:|Options:|Commands:|Arguments:|display help|\(choices:|\(default:/);
    });
  }

  for (const { path, cmd } of en) {
    it(`${path} --help in English has no Chinese punctuation outside examples`, () => {
      const lines = cmd.helpInformation().split('\n').filter((l) => !/^\s+fangkong /.test(l));
      expect(lines.filter((l) => /[，。：；（）、]/.test(l))).toEqual([]);
    });
  }

  it('is wrapped to 80 columns, a Chinese character counting as two', async () => {
    const { default: stringWidth } = await import('string-width');
    for (const { cmd } of zh) for (const line of cmd.helpInformation().split('\n')) if (!/^\s+fangkong /.test(line)) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });
});

describe("commander's errors in Chinese", () => {
  it.each([
    [['arrival', 'lst'], "错误：未知命令 'lst'（是不是要用 list？）\n"],
    [['arrival', 'list', '--dat', 'x'], "错误：未知选项 '--dat'（是不是要用 --date？）\n"],
    [['arrival', 'show'], "错误：缺少必需的参数 'who'\n"],
    [['arrival', 'show', 'a', 'b'], "错误：'show' 的参数过多：应为 1 个，实为 2 个\n"],
    [['arrival', 'add', '--transport', 'rocket'], "错误：选项 '--transport <kind>' 的值 'rocket' 无效，可用：train（火车）、plane（飞机）、car（自驾）、bus（客车）、ship（轮船）、other（其他）\n"],
    [['area', 'set', '上海市', '--level', 'severe'], "错误：选项 '--level <level>' 的值 'severe' 无效，可用：high（高风险）、medium（中风险）、low（低风险）\n"],
    [['arrival', 'list', '--date'], "错误：选项 '--date <date>' 缺少值\n"],
    [['report', 'range', '--from', '2022-11-01'], "错误：缺少必需的选项 '--to <date>'\n"],
  ])('%j', async (argv, expected) => {
    const r = await runMain(['--lang', 'zh', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(expected);
  });

  it('option values in Chinese, as files take them: --transport 火车, --contact 密接', async () => {
    const { initDb, tmpDir, addArgs } = await import('./helpers.js');
    const path = await import('node:path');
    const db = initDb(path.join(tmpDir(), 'zh.db'));
    const r = await runMain(['--db', db, '--format', 'json', ...addArgs({ '--transport': '火车', '--contact': '密接', '--exposure-date': '2022-11-19' })]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ transport: 'train', contact_type: 'close' });
    const list = await runMain(['--db', db, '--format', 'json', 'arrival', 'list', '--contact', '密接']);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });

  it('leaves a line it does not know as it is', () => {
    expect(commanderErrorZh('something else\n')).toBe('something else\n');
  });

  it('the same lines stay English under --lang en', async () => {
    expect((await runMain(['--lang', 'en', 'arrival', 'lst'])).stderr).toBe("error: unknown command 'lst'\n(Did you mean list?)\n");
  });

  it('fangkong help <command…> is the help of that command, at any depth', async () => {
    const a = await runMain(['help', 'arrival', 'add']);
    const b = await runMain(['arrival', 'add', '--help']);
    expect(a).toEqual(b);
    expect(a.stdout).toMatch(/^Usage: fangkong arrival add/);
    expect((await runMain(['--lang', 'zh', 'help', 'report'])).stdout).toMatch(/^用法： fangkong report/);
  });
});
