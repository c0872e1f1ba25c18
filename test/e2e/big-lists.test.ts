/**
 * Lists of any size (issue 16): 300,000 arrivals listed as a table (not a terminal, --format
 * table), as JSON and as JSON lines each finish without error, whole; --limit and --offset page
 * them in the query.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, tmpDir, backendArgs, execSql, sqlPad } from '../helpers.js';

const N = 300_000;
let dir: string;
let db: string;

beforeAll(() => {
  dir = tmpDir();
  db = path.join(dir, 'big.db');
  expect(runBin(['--db', db, 'init']).code).toBe(0);
  // straight in SQL: the store's insert would take most of the test's time
  execSql(
    db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
     INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by)
     SELECT '110101' || ${sqlPad('i', 12)}, '人员' || i, '13800138000', '广东省深圳市', '2022-11-10', 'train', '城关镇幸福路' || i || '号', '城关镇', 'none', '2022-11-10T10:00:00', 'tester' FROM n`,
  );
}, 120_000);

/** The listing in a format, stdout to a file (not a terminal): exit code, stderr, the file. */
function list(format: string, ...more: string[]): { code: number | null; stderr: string; file: string } {
  const file = path.join(dir, `out.${format}`);
  const fd = fs.openSync(file, 'w');
  const r = spawnSync(process.execPath, [BIN, ...backendArgs(['--db', db, 'arrival', 'list', '--format', format, ...more])], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C' },
    stdio: ['ignore', fd, 'pipe'],
    encoding: 'utf8',
  });
  fs.closeSync(fd);
  return { code: r.status, stderr: r.stderr, file };
}

function lines(file: string): number {
  const buf = fs.readFileSync(file);
  let n = 0;
  for (const b of buf) if (b === 10) n++;
  return n;
}

describe('300,000 arrivals', () => {
  it('as a table: no crash, a heading, a rule and a line a row', () => {
    const r = list('table');
    expect(r.stderr).toBe('300000 arrival(s)\n');
    expect(r.code).toBe(0);
    expect(lines(r.file)).toBe(N + 2);
    const head = fs.readFileSync(r.file, 'utf8').slice(0, 2000).split('\n');
    expect(head[0]).toMatch(/^ID +Name +ID number/);
    expect(head[2]).toMatch(/^1 +人员1 +110101\*+0001/);
  }, 120_000);

  it('as JSON: one array, whole', () => {
    const r = list('json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(fs.readFileSync(r.file, 'utf8')) as Array<{ id: number }>;
    expect(rows.length).toBe(N);
    expect(rows[N - 1].id).toBe(N);
  }, 120_000);

  it('as JSON lines: one object a line', () => {
    const r = list('jsonl');
    expect(r.code).toBe(0);
    expect(lines(r.file)).toBe(N);
    const first = fs.readFileSync(r.file, 'utf8').slice(0, 1000).split('\n')[0];
    expect(JSON.parse(first)).toMatchObject({ id: 1, name: '人员1', id_number: '110101********0001' });
  }, 120_000);

  it('--limit and --offset: a page, from the query', () => {
    const r = runBin(['--db', db, 'arrival', 'list', '--format', 'jsonl', '--limit', '3', '--offset', '299998']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([299999, 300000]);
  }, 60_000);
});
