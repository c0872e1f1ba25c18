import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { addArgs, BIN, makeId, query, runBin, tmpDir, initDb, backendArgs, execSql, setSchemaVersion, schemaVersionOf, DROP_AUDIT_GUARD, auditActor } from '../helpers.js';

let dir: string;
let big: string;
const ROWS = 40_000;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...backendArgs(args)], { env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

function contentHash(db: string): string {
  const rows = query(db, 'SELECT * FROM arrivals ORDER BY id');
  const audit = query(db, 'SELECT * FROM audit_log ORDER BY id');
  return createHash('sha256').update(JSON.stringify([rows, audit])).digest('hex');
}

beforeAll(() => {
  dir = tmpDir();
  big = path.join(dir, 'big.csv');
  const lines = ['name,id_number,phone,origin,arrival_date,transport,destination'];
  for (let i = 0; i < ROWS; i++) {
    const birth = `19${50 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(`人员,${makeId(String(110101 + Math.floor(i / 600)), birth, String(i % 1000).padStart(3, '0'))},13800138000,广东省,2022-11-${String(1 + (i % 20)).padStart(2, '0')},train,城关镇`);
  }
  fs.writeFileSync(big, lines.join('\n'));
});

describe('nothing lost', () => {
  it('a report and an import running at the same time in two processes both succeed', async () => {
    const db = initDb(path.join(dir, 'concurrent.db'));
    expect(runBin(['--db', db, ...addArgs(), '--today', '2022-11-30']).code).toBe(0);
    const importing = run(['--db', db, '--today', '2022-11-30', 'arrival', 'import', big]);
    await new Promise((r) => setTimeout(r, 300));
    const reports = await Promise.all([0, 1, 2].map(() => run(['--db', db, 'report', 'daily', '--date', '2022-11-20'])));
    const imp = await importing;
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ read: ROWS });
    for (const r of reports) {
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).date).toBe('2022-11-20');
    }
    const after = JSON.parse((await run(['--db', db, 'report', 'daily', '--date', '2022-11-20'])).stdout);
    expect(after.arrivals.new).toBeGreaterThan(1000);
  });

  it('killing an import (SIGKILL) in the middle leaves the database exactly as before', async () => {
    const db = initDb(path.join(dir, 'crash.db'));
    expect(runBin(['--db', db, ...addArgs(), '--today', '2022-11-30']).code).toBe(0);
    const before = contentHash(db);
    // how long a whole import takes on this machine now, so that each kill lands inside it
    // (fixed delays were too late on a fast run and too early on a loaded one)
    const scratch = initDb(path.join(dir, 'crash-timing.db'));
    const t0 = Date.now();
    expect(runBin(['--db', scratch, '--today', '2022-11-30', 'arrival', 'import', big]).code).toBe(0);
    const whole = Date.now() - t0;
    for (const delay of [0.2, 0.4, 0.6].map((f) => Math.round(whole * f))) {
      const child = spawn(process.execPath, [BIN, ...backendArgs(['--db', db, '--today', '2022-11-30', 'arrival', 'import', big])], { env: { PATH: process.env.PATH ?? '', HOME: dir } });
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      expect(contentHash(db)).toBe(before);
      expect(runBin(['--db', db, 'db', 'check']).code).toBe(0);
    }
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 1 }]);
  });

  it('a database from a newer fangkong is refused with a clear message and not touched', () => {
    const db = path.join(dir, 'newer.db');
    runBin(['--db', db, 'init']);
    setSchemaVersion(db, LATEST_VERSION + 1);
    const r = runBin(['--db', db, 'arrival', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/written by a newer fangkong .*: upgrade fangkong/);
    expect(schemaVersionOf(db)).toBe(LATEST_VERSION + 1);
  });

  it('audit verify exits 1 naming the row when the log was tampered with; --reveal is audited', () => {
    const db = initDb(path.join(dir, 'audit.db'));
    runBin(['--db', db, ...addArgs(), '--today', '2022-11-30']);
    runBin(['--db', db, 'arrival', 'list', '--reveal', '--actor', '王主任']);
    expect(runBin(['--db', db, 'audit', 'verify']).code).toBe(0);
    const rows = JSON.parse(runBin(['--db', db, 'audit', 'list']).stdout);
    expect(rows.map((r: { action: string; actor: string }) => [r.action, r.actor])[0]).toEqual(['reveal', auditActor('王主任')]); // newest first
    execSql(db, `${DROP_AUDIT_GUARD}; UPDATE audit_log SET after = '{}' WHERE id = 1`);
    const v = runBin(['--db', db, 'audit', 'verify']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/the audit log was tampered with: row 1 was changed/);
    // the result is shown before the command fails: JSON when piped
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: false, problems: [{ id: 1, kind: 'changed' }] });
    const c = runBin(['--db', db, 'db', 'check']);
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: false, integrity: ['ok'], audit: { ok: false } });
    expect(c.stderr).toBe('error: the database check failed\n');
    expect(runBin(['--db', db, 'db', 'check', '--format', 'table']).stdout).toContain('audit log: 2 rows, chain BROKEN\n  row 1 was changed: its content does not match its hash\n');
  });

  it('arrival purge and config set: JSON when piped, the line on a terminal', () => {
    const db = initDb(path.join(dir, 'p.db'));
    runBin(['--db', db, ...addArgs(), '--today', '2022-11-30']);
    const dry = runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--dry-run']);
    expect(JSON.parse(dry.stdout)).toEqual({ before: '2022-11-25', dry_run: true, arrivals: 1, inspections: 0, test_results: 0 });
    const asked = runBin(['--db', db, '--today', '2022-11-30', '--lang', 'zh', 'arrival', 'purge', '--before', '2022-11-25']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toBe('错误：将清除 1 条报备的个人信息（2022-11-25 前结束），不可撤销：脚本中请加 --yes 确认（未做任何更改）\n');
    expect(runBin(['--db', db, '--today', '2022-11-30', '--lang', 'zh', 'arrival', 'purge', '--before', '2022-11-25', '--yes', '--format', 'table']).stdout).toBe('已清除 1 条报备、0 条查验、0 条检测记录中的个人信息\n');
    expect(JSON.parse(runBin(['--db', db, 'config', 'set', 'unit', ' 城关县 ']).stdout)).toEqual({ key: 'unit', value: '城关县' });
    expect(runBin(['--db', db, '--lang', 'zh', 'config', 'set', 'unit', '城关县', '--format', 'table']).stdout).toBe('已设置 unit = 城关县\n');
    expect(runBin(['--db', db, 'config', 'list', '--format', 'table']).stdout).toBe('unit = 城关县\n');
    expect(runBin(['--db', db, 'config', 'list', '--format', 'csv']).stdout).toBe('\uFEFFkey,value\nunit,城关县\n');
  });
});
