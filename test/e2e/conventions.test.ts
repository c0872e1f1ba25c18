/**
 * The usual conventions (issue 16 item 4): `-` is stdin for an import and stdout for --out;
 * --out refuses a file that exists unless --force; reassess applied needs --yes in a script.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { query, runBin, tmpDir } from '../helpers.js';

let dir: string;
let db: string;
const CSV = 'name,id_number,phone,origin,arrival_date,transport,destination\n张三,11010519491231002X,13800138000,广东省,2022-11-10,train,城关镇\n';

beforeEach(() => {
  dir = tmpDir();
  db = path.join(dir, 'f.db');
  expect(runBin(['--db', db, 'init']).code).toBe(0);
});

const stdinFiles = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('fangkong-stdin-'));

describe('--out', () => {
  it('refuses a file that exists: exit 2, one line, the file untouched; --force replaces it', () => {
    const out = path.join(dir, 'x.json');
    fs.writeFileSync(out, 'keep');
    const r = runBin(['--db', db, 'arrival', 'list', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${out} exists: add --force to replace it, or choose another name (nothing was done)\n`);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep');
    const f = runBin(['--db', db, 'arrival', 'list', '--out', out, '--force']);
    expect(f.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual([]);
  });

  it('refuses an existing file for an export too', () => {
    const out = path.join(dir, 'x.csv');
    fs.writeFileSync(out, 'keep');
    expect(runBin(['--db', db, 'arrival', 'export', '--out', out]).code).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep');
    expect(runBin(['--db', db, 'arrival', 'export', '--out', out, '--force']).code).toBe(0);
  });

  it('- is stdout, and no file named - is made', () => {
    const r = runBin(['--db', db, 'arrival', 'list', '--out', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
    expect(fs.existsSync(path.join(dir, '-'))).toBe(false);
  });
});

describe('import -', () => {
  it('reads the CSV from stdin, and leaves no temporary file', () => {
    const before = stdinFiles();
    const r = runBin(['--db', db, '--today', '2022-11-12', 'arrival', 'import', '-'], { input: CSV });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: '-', inserted: 1 });
    expect(query(db, 'SELECT name FROM arrivals')).toEqual([{ name: '张三' }]);
    expect(stdinFiles()).toEqual(before);
  });

  it('with --skip-invalid the rejects file is stdin.rejects.csv in the current folder', () => {
    const r = runBin(['--db', db, '--today', '2022-11-12', 'arrival', 'import', '-', '--skip-invalid'], { input: CSV + '李四,123,13800138000,广东省,2022-11-10,train,城关镇\n', cwd: dir });
    expect(r.code).toBe(3);
    expect(fs.readFileSync(path.join(dir, 'stdin.rejects.csv'), 'utf8')).toMatch(/李四/);
  });
});

describe('quarantine reassess', () => {
  it('applied, in a script, needs --yes: exit 2, nothing changed', () => {
    const r = runBin(['--db', db, 'quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/add --yes to confirm in a script \(nothing was changed\)\n$/);
    const y = runBin(['--db', db, 'quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--yes']);
    expect(y.code).toBe(0);
  });
});
