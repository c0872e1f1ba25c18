/**
 * The benchmark as a smoke test (issue 17): `bench/run.mjs --rows 20000` runs to its end and prints
 * every ratio of the table (imports and export against sqlite3 in the same run, start-up
 * against `node -e 0`) and the report's time. It fails on an error only, never on a timing: the
 * figures belong in BENCHMARKS.md, not in a test on a shared machine. Needs dist/ (npx tsc).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, tmpDir } from './helpers.js';

const RATIOS = [
  'ratio: fangkong schema floor vs bare table (arrivals)',
  'ratio: arrivals import vs sqlite3 into the same schema',
  'ratio: inspections import vs sqlite3 into the same schema',
  'ratio: export vs sqlite3 -csv',
  'ratio: fangkong --version vs node -e 0',
];
const FIGURES = ['arrivals import peak memory', 'report daily (whole process)', 'report range: the flows balance'];

it('npm run bench -- --rows 20000 completes and prints every ratio with the versions', () => {
  const work = tmpDir();
  const t = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.mjs'), '--rows', '20000', '--repeat', '1', '--work', work], { encoding: 'utf8', timeout: 170_000 });
  const secs = (Date.now() - t) / 1000;
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/^bench: done$/m);
  expect(out).toMatch(/^Node v\d+\.\d+\.\d+, SQLite 3\.\d+\.\d+ \(better-sqlite3\), sqlite3 shell (3\.\d+\.\d+|missing — .*apt-get install sqlite3)/m);
  expect(out).toMatch(/^machine: \d+ × /m);
  const sqlite3 = spawnSync('sqlite3', ['-version']).status === 0;
  for (const name of RATIOS) {
    const line = out.split('\n').find((l) => l.includes(`${name}:`));
    expect(line, name).toBeDefined();
    if (sqlite3 || name.includes('--version')) expect(line).toMatch(new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+\\.\\d+ ×`));
    else expect(line).toContain('apt-get install sqlite3');
  }
  for (const name of FIGURES) expect(out).toContain(`${name}: `);
  expect(out).toMatch(/flows balance: holds/);
  const results = JSON.parse(fs.readFileSync(path.join(work, 'results.json'), 'utf8'));
  expect(results.rows).toBe(20000);
  fs.rmSync(work, { recursive: true, force: true });
  // the whole run, 20,000 arrivals and 40,000 inspections, well inside CI time (not a target)
  expect(secs).toBeLessThan(170);
}, 180_000);
