/**
 * The pager (issue 16): on a real terminal (a pseudo-terminal made by script(1), 20 rows), a
 * listing longer than the screen goes through $PAGER — here a script that records what it was
 * given — and not when it fits, with --no-pager, with PAGER or FANGKONG_PAGER empty, or piped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, tmpDir, execSql, sqlPad } from '../helpers.js';
import { onTerminal as terminal } from '../pty.js';

let dir: string;
let db: string;
let recorder: string;
let record: string;

/** Inserts n arrivals straight in SQL. */
function fill(file: string, n: number): void {
  execSql(
    file,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
     INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by)
     SELECT '110101' || ${sqlPad('i', 12)}, 'P' || i, '13800138000', 'Shenzhen', '2022-11-10', 'train', 'Road ' || i, 'T', 'none', '2022-11-10T10:00:00', 'tester' FROM n`,
  );
}

beforeAll(() => {
  dir = tmpDir();
  db = path.join(dir, 'p.db');
  expect(runBin(['--db', db, 'init']).code).toBe(0);
  fill(db, 50);
  record = path.join(dir, 'paged.txt');
  recorder = path.join(dir, 'pager.sh');
  // a pager that keeps what it reads, and says it ran
  fs.writeFileSync(recorder, `#!/bin/sh\necho "pager ran: $*" >> "${record}.runs"\ncat >> "${record}"\n`, { mode: 0o755 });
});

function reset(): void {
  fs.rmSync(record, { force: true });
  fs.rmSync(`${record}.runs`, { force: true });
}

function onTerminal(args: string[], env: Record<string, string>) {
  return terminal(args, env, { home: dir });
}

const paged = () => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8') : null);

describe('the pager', () => {
  it('a listing longer than the terminal goes through $PAGER, whole', () => {
    reset();
    const r = onTerminal(['--db', db, 'arrival', 'list'], { PAGER: recorder });
    expect(r.code).toBe(0);
    const text = paged();
    expect(text).not.toBeNull();
    expect(text!.match(/^\s*\d+ +P\d+ /gm)).toHaveLength(50);
    // the rows went to the pager, not straight to the screen
    expect(r.screen).not.toContain('P50 ');
    expect(r.screen).toContain('50 arrival(s)');
  });

  it('FANGKONG_PAGER is used before PAGER', () => {
    reset();
    const r = onTerminal(['--db', db, 'arrival', 'list'], { PAGER: 'false', FANGKONG_PAGER: `${recorder} --mine` });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(`${record}.runs`, 'utf8')).toBe('pager ran: --mine\n');
    expect(paged()).toContain('P50 ');
  });

  it('not with --no-pager, nor with PAGER or FANGKONG_PAGER empty: straight to the screen', () => {
    for (const [args, env] of [
      [['--no-pager'], { PAGER: recorder }],
      [[], { PAGER: '' }],
      [[], { FANGKONG_PAGER: '', PAGER: recorder }],
    ] as Array<[string[], Record<string, string>]>) {
      reset();
      const r = onTerminal([...args, '--db', db, 'arrival', 'list'], env);
      expect(r.code).toBe(0);
      expect(paged()).toBeNull();
      expect(r.screen).toContain('P50 ');
    }
  });

  it('a pager that does not exist: the listing straight to the screen', () => {
    reset();
    const r = onTerminal(['--db', db, 'arrival', 'list'], { PAGER: path.join(dir, 'no-such-pager') });
    expect(r.code).toBe(0);
    expect(r.screen).toContain('P50 ');
  });

  it('not when the listing fits the terminal', () => {
    reset();
    const r = onTerminal(['--db', db, 'arrival', 'list', '--limit', '5'], { PAGER: recorder });
    expect(r.code).toBe(0);
    expect(paged()).toBeNull();
    expect(r.screen).toContain('P5 ');
  });

  it('never when piped', () => {
    reset();
    const r = runBin(['--db', db, 'arrival', 'list', '--format', 'table'], { env: { PAGER: recorder } });
    expect(r.code).toBe(0);
    expect(paged()).toBeNull();
    expect(r.stdout).toContain('P50 ');
  });

  it('a listing of thousands of rows is streamed into the pager, every row', () => {
    const big = path.join(dir, 'big.db');
    expect(runBin(['--db', big, 'init']).code).toBe(0);
    fill(big, 6000);
    reset();
    const r = onTerminal(['--db', big, 'arrival', 'list'], { PAGER: recorder });
    expect(r.code).toBe(0);
    const lines = paged()!.trimEnd().split('\n');
    expect(lines).toHaveLength(6002);
    expect(lines[6001]).toMatch(/^6000 +P6000 /);
  });

  it('a list read whole (checkpoint list) as JSON lines: paged when longer than the screen, not when it fits', () => {
    const cp = path.join(dir, 'cp.db');
    expect(runBin(['--db', cp, 'init']).code).toBe(0);
    const sql = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
      INSERT INTO checkpoints (name, kind, created_at, created_by) SELECT 'CP' || i, 'road', '2022-11-10T10:00:00', 'tester' FROM n`;
    execSql(cp, sql(5));
    reset();
    expect(onTerminal(['--db', cp, 'checkpoint', 'list', '--format', 'jsonl'], { PAGER: recorder }).screen).toContain('"CP5"');
    expect(paged()).toBeNull();
    execSql(cp, `DELETE FROM checkpoints; ${sql(40)}`);
    const r = onTerminal(['--db', cp, 'checkpoint', 'list', '--format', 'jsonl'], { PAGER: recorder });
    expect(r.code).toBe(0);
    expect(paged()!.trimEnd().split('\n').map((l) => (JSON.parse(l) as { name: string }).name)).toHaveLength(40);
    expect(r.screen).not.toContain('"CP40"');
  });

  it('a pager that quits early (head) ends the listing quietly', () => {
    reset();
    const big = path.join(dir, 'big.db');
    const r = onTerminal(['--db', big, 'arrival', 'list'], { PAGER: `head -n 3 > ${record}` });
    expect(r.code).toBe(0);
    expect(paged()!.split('\n')).toHaveLength(4);
    expect(r.screen).not.toMatch(/error/i);
  });
});
