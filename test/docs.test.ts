import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliFrom } from '../src/cli/context.js';
import { loadProgram, nounOf } from '../src/cli/program.js';
import { LATEST_VERSION } from '../src/store/migrations/index.js';
import { parsePage, type CommandStep } from './docs-runner.js';
import { ROOT } from './helpers.js';

function leaves(cmd: Command, prefix: string[] = []): Array<{ path: string; cmd: Command }> {
  if (cmd.commands.length === 0) return [{ path: prefix.join(' '), cmd }];
  return cmd.commands.flatMap((c) => leaves(c, [...prefix, c.name()]));
}

const DOCS = path.join(ROOT, 'docs');
const pages = fs
  .readdirSync(DOCS)
  .filter((f) => f.endsWith('.md') && f !== 'reference.md')
  .sort()
  .map((f) => ({ name: `docs/${f}`, text: fs.readFileSync(path.join(DOCS, f), 'utf8') }));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const reference = fs.readFileSync(path.join(DOCS, 'reference.md'), 'utf8');

/** The commands that the examples of the docs pages run, as argv (help is not an example). */
const examples = pages.flatMap((p) => parsePage(p.text).steps.filter((s): s is CommandStep => s.kind === 'command' && s.program === 'fangkong').map((s) => s.argv)).filter((argv) => !argv.includes('--help') && !argv.includes('-h'));

/** Whether argv runs the command at this path (global options and their values may come first). */
function runs(argv: string[], words: string[]): boolean {
  const VALUED = new Set(['--db', '--lang', '--today', '--format', '--actor']);
  const positional: string[] = [];
  for (let i = 0; i < argv.length && positional.length < words.length; i++) {
    if (VALUED.has(argv[i])) i++;
    else if (!argv[i].startsWith('-')) positional.push(argv[i]);
  }
  return positional.join(' ') === words.join(' ');
}

describe('docs', async () => {
  const program = await loadProgram(cliFrom({
    io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: {},
    now: () => new Date(),
    prompter: { input: async () => '', select: async () => '' },
    username: () => 'docs',
  }, 'en'), []);
  const commands = leaves(program);

  it('finds the command a line names, past global options and their values', () => {
    expect(nounOf(['--db', 'x.db', '--today', '2022-11-20', 'arrival', 'add'])).toBe('arrival');
    expect(nounOf(['--reveal', 'report', 'daily'])).toBe('report');
    expect(nounOf(['--help'])).toBeUndefined();
  });

  it('finds the commands', () => {
    expect(commands.map((c) => c.path)).toEqual(expect.arrayContaining(['arrival add', 'arrival import', 'db path', 'demo']));
  });

  for (const { path: p, cmd } of commands) {
    it(`"${p}" has a description, a section with an example in a docs page, and a reference section`, () => {
      expect(cmd.description().length).toBeGreaterThan(10);
      const words = p.split(' ');
      // `inspect` alone runs its default verb, `inspect log`
      const isDefault = (cmd.parent as unknown as { _defaultCommandName?: string } | null)?._defaultCommandName === cmd.name();
      const shown = examples.some((argv) => runs(argv, words) || (isDefault && runs(argv, words.slice(0, -1)) && !cmd.parent!.commands.some((c) => runs(argv, [...words.slice(0, -1), c.name()]))));
      expect(shown, `no example in docs/*.md runs "fangkong ${p}"`).toBe(true);
      expect(pages.some((page) => page.text.includes(`\`fangkong ${p}`)), `no docs page has a section on "fangkong ${p}"`).toBe(true);
      expect(reference).toContain(`## \`fangkong ${p}\``);
    });
  }

  it('the docs show the schema version this fangkong writes', () => {
    const all = [readme, ...pages.map((p) => p.text)].join('\n');
    expect(all).toMatch(/结构版本 \d+）/);
    for (const m of all.matchAll(/schema version (\d+)\)/g)) expect(Number(m[1])).toBe(LATEST_VERSION);
    for (const m of all.matchAll(/结构版本 (\d+)）/g)) expect(Number(m[1])).toBe(LATEST_VERSION);
    for (const m of all.matchAll(/结构版本：(\d+)（本程序 (\d+)）/g)) expect([Number(m[1]), Number(m[2])]).toEqual([LATEST_VERSION, LATEST_VERSION]);
  });

  it('the README names the test command CI runs and the exit codes, and is short', () => {
    expect(readme).toContain('npm test');
    for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 3 |']) expect(readme).toContain(code);
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/npm ci[\s\S]*npm test/);
    expect(Buffer.byteLength(readme)).toBeLessThan(15_000);
  });

  it('every page links only to files of the repository, and every docs page is linked from the README', () => {
    for (const page of [{ name: 'README.md', text: readme }, ...pages, { name: 'docs/reference.md', text: reference }]) {
      const dir = path.dirname(path.join(ROOT, page.name));
      for (const m of page.text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (/^[a-z]+:/.test(target) || target === '') continue;
        const file = path.resolve(dir, target);
        expect(file.startsWith(ROOT + path.sep), `${page.name} links outside the repository: ${m[1]}`).toBe(true);
        expect(fs.existsSync(file), `${page.name} links to a missing file: ${m[1]}`).toBe(true);
      }
    }
    for (const page of pages) expect(readme, `README.md does not link to ${page.name}`).toContain(`](${page.name})`);
    expect(readme).toContain('](docs/reference.md)');
  });
});
