import { defineConfig } from 'vitest/config';

/**
 * Two projects (issue 18): every test on SQLite, and the integration and e2e suites again on
 * PostgreSQL (FANGKONG_TEST_BACKEND=postgres: test/helpers.ts turns every database a test names
 * into a database of a real server started for the test file, test/pg-server.ts).
 * `npx vitest run --project sqlite` (or postgres) runs one.
 */

/** Files about what only an SQLite database has: the file itself. */
export const SQLITE_ONLY = [
  // the file: where it is, owner-only, WAL, refused files left byte for byte, the file backup
  'test/e2e/sqlite-file.test.ts',
  // the file's backup and restore (a restore reads an SQLite file; on PostgreSQL pg_dump/pg_restore)
  'test/e2e/restore.test.ts',
  'test/e2e/restore-broken-audit.test.ts',
  // the one writer never replaces the database file, its -wal or -shm; a partial backup beside the file (issue 23)
  'test/e2e/overwrite-guard.test.ts',
  // what openStore takes for a fangkong file: empty files, foreign SQLite files, application_id, old-schema files (issue 23)
  'test/integration/open-guard.test.ts',
  'test/integration/restore.test.ts',
  'test/integration/backup-file.test.ts',
  // the pseudonym key's file beside an SQLite database (on PostgreSQL the key is the server's: pg-roles.test.ts)
  'test/integration/key-file.test.ts',
  // SQLite's schema history 1–13 on files an older fangkong left (PostgreSQL starts at the schema-10 baseline)
  'test/integration/store.test.ts',
  'test/integration/migrations.test.ts',
  'test/integration/migration-011.test.ts',
  // SQLite's query plans and its covering indexes (EXPLAIN QUERY PLAN, pragma_index_info)
  'test/integration/report-indexes.test.ts',
  // the export's CSV assembled in SQLite's SQL (on PostgreSQL the lines are made in JavaScript: postgres.test.ts)
  'test/integration/export-sql.test.ts',
];

/** Files that start their own PostgreSQL server (and, some, compare it with SQLite): run once. */
export const POSTGRES_OWN = ['test/integration/pg-*.test.ts', 'test/e2e/pg-*.test.ts', 'test/integration/postgres.test.ts', 'test/integration/migration-013.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: [...SQLITE_ONLY, ...POSTGRES_OWN],
          env: { FANGKONG_TEST_BACKEND: 'postgres' },
          // one server for the whole project, with a database init made to copy (test/pg-global.ts)
          globalSetup: ['test/pg-global.ts'],
        },
      },
    ],
  },
});
