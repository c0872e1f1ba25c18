/**
 * man/fangkong.1 (issue 16): generated from the command tree by npm run docs:reference, installed by
 * package.json's "man". It must be current, read by groff without a warning, and list every command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain script, without types
import { MANPAGE, renderManPage } from '../scripts/reference.mjs';
import { cliFrom } from '../src/cli/context.js';
import { loadProgram } from '../src/cli/program.js';
import { manPage, roffText } from '../src/io/manpage.js';
import { ROOT } from './helpers.js';

const committed = () => (fs.existsSync(MANPAGE) ? fs.readFileSync(MANPAGE, 'utf8') : '');

it('man/fangkong.1 is the page of the current command tree (else: run npm run docs:reference)', async () => {
  const text: string = await renderManPage({ loadProgram, cliFrom, manPage });
  if (committed() !== text) expect.fail('man/fangkong.1 differs from the command tree: run npm run docs:reference');
  expect(JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8'))).toMatchObject({ man: ['./man/fangkong.1'], files: expect.arrayContaining(['man/']) });
});

it('groff reads it with every warning on and says nothing', () => {
  const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', MANPAGE], { encoding: 'utf8' });
  expect(r.error, 'groff must be installed (.ci/run installs groff-base)').toBeUndefined();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

it('man shows every command of the tree, with its options', async () => {
  const r = spawnSync('man', ['-l', MANPAGE], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', MANWIDTH: '100', MAN_KEEP_FORMATTING: '' } });
  expect(r.status, r.stderr).toBe(0);
  const shown = r.stdout.replace(/.\x08/g, ''); // overstrike bold, if any
  const deps = {
    io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: {},
    now: () => new Date(),
    prompter: { input: async () => '', select: async () => '' },
    username: () => 'test',
  };
  const program = await loadProgram(cliFrom(deps, 'en'), []);
  const walk = (c: Command, names: string[]): string[][] => [names, ...c.commands.filter((s) => !(s as unknown as { _hidden: boolean })._hidden).flatMap((s) => walk(s, [...names, s.name()]))];
  const paths = walk(program, ['fangkong']).slice(1);
  expect(paths.length).toBeGreaterThan(60);
  for (const p of paths) expect(shown, p.join(' ')).toMatch(new RegExp(`^ {3}${p.join(' ')}$`, 'm'));
  expect(shown).toMatch(/^ {7}--limit n$/m);
  expect(shown).toContain('EXIT STATUS');
  // Chinese example values come through as glyphs
  expect(shown).toContain('广东省深圳市南山区');
});

it('roff text: escapes, non-ASCII as glyphs, no line starting with a control character', () => {
  expect(roffText('a\\b --x')).toBe('a\\eb \\-\\-x');
  expect(roffText('城')).toBe('\\[u57CE]');
  expect(roffText("x\n.y\n'z")).toBe("x\n\\&.y\n\\&'z");
});
