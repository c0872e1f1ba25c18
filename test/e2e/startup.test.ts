/**
 * Start-up (issue 17): bin/fangkong answers --version and -V itself, before any module of the
 * program loads, with the version of package.json; other words go to the program as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, runBin } from '../helpers.js';

const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

it('--version and -V print the version of package.json, and nothing else', () => {
  for (const flag of ['--version', '-V']) {
    const r = runBin([flag]);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  }
});

it('--version among other words is the program’s (commander): the same version', () => {
  const r = runBin(['--lang', 'en', '--version']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${VERSION}\n`);
});
