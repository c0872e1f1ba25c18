/** docs/reference.md is what --help prints: regenerated here from src/, it must match the committed file. */
import fs from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain script, without types
import { REFERENCE, renderReference } from '../scripts/reference.mjs';
import { cliFrom } from '../src/cli/context.js';
import { loadProgram } from '../src/cli/program.js';

it('docs/reference.md is the --help of every command (else: run npm run docs:reference)', async () => {
  const text: string = await renderReference({ loadProgram, cliFrom });
  const committed = fs.existsSync(REFERENCE) ? fs.readFileSync(REFERENCE, 'utf8') : '';
  if (committed !== text) expect.fail('docs/reference.md differs from what --help prints: run npm run docs:reference');
  expect(text).toContain('## `fangkong arrival add`');
});
