/**
 * Every `$ fangkong …` example of README.md and docs/*.md is run, page by page, each page on a
 * fresh database in its own folder, top to bottom, and its output compared with the page.
 * Conventions: test/docs-runner.ts. To rewrite the outputs shown from what the tool prints:
 *
 *   UPDATE_DOCS=1 npx vitest run test/docs-examples.test.ts
 *
 * then read the diff: the prose around an example must still be true.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { matches, parsePage, runStep, shellSplit, updatedPage, writeFileStep, type CommandStep, type RunResult } from './docs-runner.js';

const UPDATE = process.env.UPDATE_DOCS === '1';

const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

describe('the docs runner', () => {
  it('splits a command line as a shell does', () => {
    expect(shellSplit(`fangkong --note "县 指挥部" --reason '核酸 阴性' a\\ b`)).toEqual(['fangkong', '--note', '县 指挥部', '--reason', '核酸 阴性', 'a b']);
    expect(() => shellSplit('fangkong arrival list | head')).toThrow(/shell syntax/);
  });

  it('a "..." line matches any run of lines, none included', () => {
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matches(['a', '...', 'd'], ['a', 'd'])).toBe(true);
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c'])).toBe(false);
    expect(matches(['a  ', ''], ['a'])).toBe(true);
  });

  it('reads commands, continuations, expected output, exit codes, files and page options', () => {
    const page = parsePage(
      [
        '<!-- docs: now=2022-11-22T21:00 lang=zh -->',
        '```csv file=a.csv',
        'x,y',
        '```',
        '```console exit=2',
        '$ fangkong arrival add \\',
        '    --name 张三',
        'line 1',
        '$ cat a.csv',
        'x,y',
        '```',
      ].join('\n'),
    );
    expect(page.options).toEqual({ now: new Date(Date.UTC(2022, 10, 22, 13, 0)), lang: 'zh', tty: true });
    expect(page.steps[0]).toMatchObject({ kind: 'file', name: 'a.csv', content: 'x,y\n' });
    expect(page.steps[1]).toMatchObject({ kind: 'command', argv: ['arrival', 'add', '--name', '张三'], exit: 2, expected: ['line 1'], start: 7, end: 8 });
    expect(page.steps[2]).toMatchObject({ kind: 'command', program: 'cat', argv: ['a.csv'], expected: ['x,y'] });
    expect(() => parsePage('```sh\n$ fangkong init\n```')).toThrow(/would not be run/);
    expect(() => parsePage('```console\n$ ls\n```')).toThrow(/only/);
  });
});

for (const name of PAGES) {
  const file = path.join(ROOT, name);
  const page = parsePage(fs.readFileSync(file, 'utf8'));
  const commands = page.steps.filter((s): s is CommandStep => s.kind === 'command');
  if (commands.length === 0) continue;

  describe(name, () => {
    let folder = '';
    const before = process.cwd();
    const results = new Map<CommandStep, RunResult>();
    beforeAll(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-docs-'));
      process.chdir(folder);
    });
    afterAll(() => {
      process.chdir(before);
      fs.rmSync(folder, { recursive: true, force: true });
      if (UPDATE) {
        const text = updatedPage(page, results);
        if (text !== page.lines.join('\n')) fs.writeFileSync(file, text);
      }
    });

    let pending: typeof page.steps = [];
    for (const step of page.steps) {
      if (step.kind === 'file') {
        pending.push(step);
        continue;
      }
      const files = pending;
      pending = [];
      const title = `${name}:${step.line} $ ${step.text}`;
      it(title.length > 160 ? title.slice(0, 159) + '…' : title, async () => {
        for (const f of files) if (f.kind === 'file') writeFileStep(f, folder);
        const r = await runStep(step, page.options, folder);
        results.set(step, r);
        const shown = r.output.join('\n');
        expect(r.code, `exit code of "${step.text}"; it printed:\n${shown}`).toBe(step.exit);
        if (!UPDATE && !matches(step.expected, r.output)) {
          expect(shown, `${name}:${step.line}: the output shown differs (UPDATE_DOCS=1 npx vitest run test/docs-examples.test.ts rewrites it)`).toBe(step.expected.join('\n').trimEnd());
        }
      });
    }
  });
}
