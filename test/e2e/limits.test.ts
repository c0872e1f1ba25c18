/**
 * Full disks, file-size limits, signals and closed pipes, on the real bin/fangkong: a failed write
 * is exit 1 with one line and nothing left behind; for an import, nothing written.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, copyTestDb, query, runBin, tmpDir, backendArgs } from '../helpers.js';
import { bigDb, leftovers, runLimited, start, waitForFile } from '../safety-helpers.js';

let dir: string;
let db: string;
const N = 3000;

beforeAll(() => {
  dir = tmpDir();
  db = bigDb(path.join(dir, 'big.db'), N);
  // the file-size limit must leave room for SQLite's own files (-shm is 32 KB)
  runBin(['--db', db, 'db', 'check']);
});

/** A copy of the big database in a folder of its own, so what a command leaves there is all there is. */
function fresh(): { dir: string; db: string } {
  const d = tmpDir();
  return { dir: d, db: copyTestDb(db, path.join(d, 'c.db')) };
}

describe('a file-size limit (EFBIG): exit 1, one line, nothing left', () => {
  it('arrival export --out (the streaming CSV writer)', () => {
    const { dir: d, db: c } = fresh();
    const r = runLimited(100_000, ['--db', c, 'arrival', 'export', '--out', path.join(d, 'x.csv')], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write .*x\.csv: the file is larger than allowed \(EFBIG: a file-size limit\); nothing was written\n$/);
    expect(leftovers(d)).toEqual([]);
  });

  it('arrival list --out (the whole-text writer)', () => {
    const { dir: d, db: c } = fresh();
    const r = runLimited(100_000, ['--db', c, 'arrival', 'list', '--out', path.join(d, 'x.json')], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write .*x\.json: .*EFBIG.*nothing was written\n$/);
    expect(leftovers(d)).toEqual([]);
  });

  it('arrival import --skip-invalid whose rejects file hits the limit: no rows, no rejects, no audit row', () => {
    const { dir: d, db: c } = fresh();
    const lines = ['name,id_number,phone,origin,arrival_date,transport,destination', '张三,11010519491231002X,13800138000,广东省,2022-11-10,train,城关镇'];
    for (let i = 0; i < 3000; i++) lines.push(`人员,123,13800138000,广东省,2022-11-10,train,${'路'.repeat(60)}`);
    const csv = path.join(d, 'bad.csv');
    fs.writeFileSync(csv, lines.join('\n'));
    const before = query(c, 'SELECT (SELECT count(*) FROM arrivals) a, (SELECT count(*) FROM audit_log) l');
    const r = runLimited(400_000, ['--db', c, '--today', '2022-11-30', 'arrival', 'import', csv, '--skip-invalid'], d);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^error: cannot write .*bad\.rejects\.csv: .*EFBIG.*nothing was written$/);
    expect(leftovers(d, (f) => /\.db(-wal|-shm)?$/.test(f) || f === 'bad.csv')).toEqual([]);
    expect(query(c, 'SELECT (SELECT count(*) FROM arrivals) a, (SELECT count(*) FROM audit_log) l')).toEqual(before);
  });
});

describe('signals and pipes', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} in the middle of an export --out removes the temporary file (exit ${code})`, async () => {
      const d = tmpDir();
      const big = bigDb(path.join(d, 's.db'), 60_000);
      const out = path.join(d, 'reveal.csv');
      const { child, done } = start(['--db', big, '--reveal', 'arrival', 'export', '--out', out], d);
      const tmp = await waitForFile(d, (f) => f.startsWith('.reveal.csv.') && f.endsWith('.tmp'));
      expect(tmp).not.toBeNull();
      child.kill(signal);
      const r = await done;
      expect(r.code).toBe(code);
      expect(leftovers(d)).toEqual([]);
    });
  }

  it('a reader that stops early (| head) ends the command quietly with exit 0', async () => {
    for (const args of [['arrival', 'export'], ['arrival', 'list', '--format', 'csv']]) {
      const child = spawn(process.execPath, [BIN, ...backendArgs(['--db', db, ...args])], { env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((r) => child.on('close', r));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });

  it('a symlink planted at the --out name is refused, with --force too: a revealed export never lands in the file it pointed to', () => {
    const { dir: d, db: c } = fresh();
    const world = path.join(d, 'world-readable.csv');
    fs.writeFileSync(world, '');
    fs.chmodSync(world, 0o644);
    const out = path.join(d, 'reveal.csv');
    fs.symlinkSync(world, out);
    for (let pid = 1; pid < 400; pid++) fs.symlinkSync(world, path.join(d, `.reveal.csv.${pid}.tmp`));
    // not a regular file: refused with or without --force (io/kept.ts), never followed, never replaced
    expect(runBin(['--db', c, '--reveal', 'arrival', 'export', '--out', out]).code).toBe(2);
    const r = runBin(['--db', c, '--reveal', 'arrival', 'export', '--out', out, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reveal\.csv exists and is not a regular file \(a symbolic link\)/);
    expect(fs.readFileSync(world, 'utf8')).toBe('');
    expect(fs.lstatSync(out).isSymbolicLink()).toBe(true);
    // a new name is written, owner-only, past the planted temporary names
    const fresh2 = path.join(d, 'reveal2.csv');
    const w = runBin(['--db', c, '--reveal', 'arrival', 'export', '--out', fresh2]);
    expect(w.code, w.stderr).toBe(0);
    expect(fs.readFileSync(world, 'utf8')).toBe('');
    expect(fs.statSync(fresh2).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(fresh2, 'utf8').split('\n')).toHaveLength(N + 2);
  });
});
