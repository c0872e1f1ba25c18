/**
 * The postgres project's one PostgreSQL server (issue 25, point 6): started once for the whole
 * run instead of once per test file, with a database `fk_template` that `fangkong init` has made
 * (every migration applied). test/helpers.ts reaches the server by its port (inject('fkPg')),
 * makes each test's database there — a copy of the template when the test starts from an
 * initialised database (initDb), an empty one otherwise — and drops the databases of a file after it.
 */
import type { TestProject } from 'vitest/node';
import { startPgServer } from './pg-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fkPg: { port: number; binDir: string; template: string };
  }
}

export const TEMPLATE = 'fk_template';

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPgServer();
  // the role the tests' databases belong to (the audit's actor on PostgreSQL), made once: two
  // files making it at the same moment would race
  server.psql('CREATE ROLE tester LOGIN SUPERUSER');
  const url = server.createDatabase(TEMPLATE, 'tester');
  const { openStore } = await import('../src/store/db.js');
  openStore(url).close();
  project.provide('fkPg', { port: server.port, binDir: server.binDir, template: TEMPLATE });
  return () => server.stop();
}
