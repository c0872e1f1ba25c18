/**
 * The smaller breaks of issue 15: refused databases left untouched, owner-only on open, files that
 * are not regular files, oversize JSON inputs, masked dry-run rejects and error messages, the
 * rejects file before the commit, and the terminal restored on Ctrl-C.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArgs, BIN, makeId, query, runBin, tmpDir, initDb, VALID, backendArgs } from '../helpers.js';

describe('input files', () => {
  it('a FIFO or a device is refused at once by every importer, policy add and report merge', () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'f.db'));
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const cases: Array<[string[], RegExp]> = [];
    for (const noun of ['arrival', 'inspect', 'test', 'area']) {
      cases.push([[noun, 'import', fifo], /not a regular file but a named pipe \(FIFO\)/]);
      cases.push([[noun, 'import', '/dev/zero'], /not a regular file but a device/]);
    }
    cases.push([['policy', 'add', '--file', '/dev/zero'], /cannot read \/dev\/zero: not a regular file but a device/]);
    cases.push([['policy', 'add', '--file', fifo], /named pipe/]);
    cases.push([['report', 'merge', '/dev/zero', '/dev/zero'], /cannot read \/dev\/zero: not a regular file but a device/]);
    cases.push([['db', 'restore', fifo], /not a regular file/]);
    for (const [args, message] of cases) {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [BIN, ...backendArgs(['--db', db, ...args])], { encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  });

  it('a JSON input larger than its limit is refused before it is read; hostile strings in it are refused by name', () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'j.db'));
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, `{"id":"x","pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    const r = runBin(['--db', db, 'policy', 'add', '--file', big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.json is \d+ bytes, more than the 1048576 this file may have/);
    const evil = path.join(dir, 'evil.json');
    fs.writeFileSync(evil, JSON.stringify({ id: 'evil', name: { zh: '隔离', en: '\u001b]0;pwned\u0007' }, phases: [] }));
    const p = runBin(['--db', db, 'policy', 'add', '--file', evil]);
    expect(p.code).toBe(2);
    expect(p.stderr).toBe(`error: ${evil}: name.en: contains an invisible or control character (U+001B): remove it and try again\n`);
    const report = JSON.parse(runBin(['--db', db, 'report', 'daily', '--date', '2022-11-20']).stdout);
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    fs.writeFileSync(a, JSON.stringify(report));
    fs.writeFileSync(b, JSON.stringify({ ...report, unit: '河口县\u202e' }));
    const m = runBin(['report', 'merge', a, b]);
    expect(m.code).toBe(2);
    expect(m.stderr).toBe(`error: ${b}: unit: contains an invisible or control character (U+202E): remove it and try again\n`);
  });
});

describe('rejects, dry runs and messages', () => {
  const HEADER = 'name,id_number,phone,origin,arrival_date,transport,destination';
  const good = `张三,${VALID.id},13800138000,广东省,2022-11-20,train,城关镇`;
  const bad = `李四,${makeId('440305', '19800101', '123')},13912345678,广东省,2022-12-31,train,城关镇`;

  it('--dry-run writes nothing at all (no rejects file, no row): the bad rows, masked, on stderr', () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'd.db'));
    const csv = path.join(dir, 'in.csv');
    fs.writeFileSync(csv, [HEADER, good, bad].join('\n'));
    const files = fs.readdirSync(dir).sort();
    const r = runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'import', csv, '--skip-invalid', '--dry-run']);
    expect(r.code, r.stderr).toBe(3);
    expect(fs.readdirSync(dir).sort()).toEqual(files);
    expect(r.stderr).toMatch(/^row 3 /m);
    expect(r.stderr).not.toContain(makeId('440305', '19800101', '123'));
    expect(r.stderr).not.toContain('13912345678');
    expect(JSON.parse(r.stdout)).toMatchObject({ dry_run: true, rejected: 1, rejects_file: null, problems: [{ row: 3 }] });
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 0 }]);
  });

  it('a rejects file that cannot be written fails the import before its commit: no row, no audit row', () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'r.db'));
    const csv = path.join(dir, 'in.csv');
    fs.writeFileSync(csv, [HEADER, good, bad].join('\n'));
    const r = runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'import', csv, '--skip-invalid', '--rejects', path.join(dir, 'no', 'such', 'r.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^error: cannot write .*r\.csv: no such folder; nothing was written$/);
    expect(query(db, 'SELECT (SELECT count(*) FROM arrivals) a, (SELECT count(*) FROM audit_log) l')).toEqual([{ a: 0, l: 0 }]);
  });

  it('error messages mask the ID numbers and phones they name', () => {
    const db = initDb(path.join(tmpDir(), 'm.db'));
    expect(runBin(['--db', db, '--today', '2022-11-30', ...addArgs()]).code).toBe(0);
    const dup = runBin(['--db', db, '--today', '2022-11-30', ...addArgs()]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('110105********002X is already registered');
    expect(dup.stderr).not.toContain(VALID.id);
    const miss = runBin(['--db', db, 'arrival', 'show', '13912345678']);
    expect(miss.stderr).toBe('error: ID number: no arrival found for "139****5678"\n');
  });
});

describe('the terminal', () => {
  it('Ctrl-C during an import on a terminal shows the cursor again, exits 130 and writes nothing', async () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'c.db'));
    const csv = path.join(dir, 'big.csv');
    const lines = ['name,id_number,phone,origin,arrival_date,transport,destination'];
    for (let i = 0; i < 60_000; i++) {
      const birth = `19${50 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
      lines.push(`人员,${makeId(String(110101 + Math.floor(i / 1000)), birth, String(i % 1000).padStart(3, '0'))},13800138000,广东省,2022-11-10,train,城关镇幸福路${i}号`);
    }
    fs.writeFileSync(csv, lines.join('\n'));
    const cmd = [process.execPath, BIN, ...backendArgs(['--db', db, '--today', '2022-11-30', 'arrival', 'import', csv])].map((a) => `'${a}'`).join(' ');
    // util-linux script: the command on a pseudo-terminal; ^C typed into it is SIGINT to the command
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { PATH: process.env.PATH ?? '', LANG: 'C', HOME: dir } });
    let out = '';
    let typed = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!typed && out.includes('\u001b[?25l')) {
        typed = true;
        setTimeout(() => child.stdin.write('\u0003'), 100);
      }
    });
    const code = await new Promise((r) => child.on('close', r));
    expect(typed).toBe(true);
    expect(code).toBe(130);
    expect(out.lastIndexOf('\u001b[?25h')).toBeGreaterThan(out.lastIndexOf('\u001b[?25l'));
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 0 }]);
  });
});
