/**
 * The docs' examples against PostgreSQL: every page of README.md and docs/*.md run as
 * test/docs-examples.test.ts runs it on SQLite, with FANGKONG_DB a fresh database of a real
 * PostgreSQL server (test/pg-server.ts), and the same output expected, byte for byte — the URL
 * shown as the page's file. The steps that are about the SQLite file itself (its backup, its
 * size) are listed below with why, with what PostgreSQL prints instead, so that the list cannot
 * hide anything else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../src/store/migrations/index.js';
import { ROOT } from './helpers.js';
import { matches, parsePage, runStep, writeFileStep, type CommandStep } from './docs-runner.js';
import { startPgServer, type PgServer } from './pg-server.js';

const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/**
 * Steps that are about the SQLite file itself: what PostgreSQL prints instead (says), or only
 * their exit code, or their rows (includes), or the page's lines changed (expected).
 */
const FILE_ONLY: Array<{ page: string; command: RegExp; says?: RegExp; why: string; expected?: (lines: string[]) => string[]; includes?: boolean }> = [
  {
    page: 'docs/data-safety.md',
    command: /^fangkong --actor 王明 arrival list/,
    why: 'on PostgreSQL --actor is not used, and a note says so',
    expected: (lines) => ['注意：在 PostgreSQL 上，审计日志记下的是登录数据库的用户（clerk），不用 --actor', ...lines],
  },
  {
    page: 'docs/data-safety.md',
    command: /^fangkong audit list$/,
    why: 'on PostgreSQL the actor is the database user (clerk here), not --actor',
    expected: (lines) => lines.map((l) => l.replace('│ 王明   │', '│ clerk  │')),
  },
  { page: 'docs/data-safety.md', command: /^fangkong db backup /, says: /已用 pg_dump 备份到 county-2022-12-01\.db（\d+ 字节，custom 格式/, why: 'a backup on PostgreSQL is pg_dump\'s' },
  {
    page: 'docs/data-safety.md',
    command: /^fangkong db restore county/,
    says: new RegExp(`^已从 county-2022-12-01\\.db 恢复（3 条报备）；原数据库另存为 ~/county/\\w+\\.before-restore-20221201-100000\\.dump\\n已核对：完整性 ok，外键问题 0，结构版本 ${LATEST_VERSION}，各表行数与备份一致，审计链完整（6 条）$`),
    why: 'on PostgreSQL the database before the restore is saved with pg_dump beside the dump, named after the database',
  },
  { page: 'docs/postgres.md', command: /^fangkong db roles$/, says: /CREATE ROLE fangkong_registrar NOLOGIN[\s\S]*ENABLE ROW LEVEL SECURITY/, why: 'the page shows an SQLite file\'s answer; PostgreSQL prints the roles\' SQL' },
];

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
      // the pages' desk is "clerk": on PostgreSQL the audit's actor is the database user, so the desk logs in as clerk
      url = pg.createDatabase(undefined, 'clerk');
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
        if (only?.says) {
          expect(shown, only.why).toMatch(only.says);
          return;
        }
        if (only?.includes) {
          expect(r.code, shown).toBe(step.exit);
          const lines = new Set(r.output);
          const rows = step.expected.filter((l) => l !== '...' && !/^共 \d+ 条/.test(l));
          expect(rows.filter((l) => !lines.has(l.trimEnd())), only.why).toEqual([]);
          return;
        }
        if (only?.expected) {
          expect(r.code, shown).toBe(step.exit);
          expect(shown, only.why).toBe(only.expected(step.expected).join('\n').trimEnd());
          return;
        }
        if (only) {
          expect(r.code, `${only.why}; it printed:\n${shown}`).toBe(step.exit);
          return;
        }
        expect(r.code, `exit code of "${step.text}"; it printed:\n${shown}`).toBe(step.exit);
        if (!matches(step.expected, r.output)) expect(shown, `${name}:${step.line} on PostgreSQL`).toBe(step.expected.join('\n').trimEnd());
      });
    }
  });
}
