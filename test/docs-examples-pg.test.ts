/**
 * The docs' examples against PostgreSQL: every page of README.md and docs/*.md run as
 * test/docs-examples.test.ts runs it on SQLite, with FANGKONG_DB a fresh database of a real
 * PostgreSQL server (test/pg-server.ts), and the same output expected, byte for byte — the URL
 * shown as the page's file. The steps that are about the SQLite file itself (its backup, its
 * restore, its size) are listed below with why; each of them must fail on PostgreSQL with the
 * message that says what to use instead, so that the list cannot hide anything else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { matches, parsePage, runStep, writeFileStep, type CommandStep } from './docs-runner.js';
import { startPgServer, type PgServer } from './pg-server.js';

const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** Steps (page, command prefix) that are about an SQLite file, and what PostgreSQL says instead. */
const FILE_ONLY: Array<{ page: string; command: RegExp; says: RegExp }> = [];

let pg: PgServer;
beforeAll(async () => {
  pg = await startPgServer();
}, 60_000);
afterAll(() => pg?.stop());

for (const name of PAGES) {
  const file = path.join(ROOT, name);
  const page = parsePage(fs.readFileSync(file, 'utf8'));
  const commands = page.steps.filter((s): s is CommandStep => s.kind === 'command');
  if (commands.length === 0) continue;

  describe(`${name} on PostgreSQL`, () => {
    let folder = '';
    let url = '';
    const before = process.cwd();
    beforeAll(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-docs-pg-'));
      process.chdir(folder);
      url = pg.createDatabase();
    });
    afterAll(() => {
      process.chdir(before);
      fs.rmSync(folder, { recursive: true, force: true });
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
        const r = await runStep(step, page.options, folder, url);
        const shown = r.output.join('\n');
        const only = FILE_ONLY.find((x) => x.page === name && x.command.test(step.text));
        if (only) {
          expect(shown).toMatch(only.says);
          return;
        }
        expect(r.code, `exit code of "${step.text}"; it printed:\n${shown}`).toBe(step.exit);
        if (!matches(step.expected, r.output)) expect(shown, `${name}:${step.line} on PostgreSQL`).toBe(step.expected.join('\n').trimEnd());
      });
    }
  });
}
