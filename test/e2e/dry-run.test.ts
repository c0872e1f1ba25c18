/**
 * Issue 23, point 2: `--dry-run` writes nothing at all — no row, no audit row, no rejects file —
 * on every import (arrivals, inspections, test results, risk areas, standard input); the bad rows
 * go to the terminal (stderr, masked) and, with --format json, into the result. Runs on both
 * backends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initDb, makeId, query, runBin, tmpDir, VALID } from '../helpers.js';

const BAD_ID = makeId('440305', '19800101', '123');

const CASES: Array<{ verb: string[]; table: string; lines: string[] }> = [
  {
    verb: ['arrival', 'import'],
    table: 'arrivals',
    lines: ['name,id_number,phone,origin,arrival_date,transport,destination', `张三,${VALID.id},13800138000,广东省,2022-11-20,train,城关镇`, `李四,${BAD_ID},13912345678,广东省,2022-12-31,train,城关镇`],
  },
  {
    verb: ['inspect', 'import'],
    table: 'inspections',
    lines: ['卡点,查验时间,车牌,人数,健康码', '高速卡点,2022-11-22 08:00,粤B1,2,黄码', '高速卡点,2022-11-22 08:10,粤B3,1,紫码'],
  },
  {
    verb: ['test', 'import'],
    table: 'test_results',
    lines: ['身份证号,采样日期,检测结果,检测机构', `${VALID.id},2022-11-21,阴性,县疾控`, `${VALID.id},2022-11-22,可疑,县疾控`],
  },
  {
    verb: ['area', 'import'],
    table: 'risk_areas',
    lines: ['region,level,from,to', '上海市浦东新区,high,2022-11-01,2022-11-15', '天津市,low,2022-11-10,2022-11-01'],
  },
];

function setup() {
  const dir = tmpDir();
  const db = initDb(path.join(dir, 'd.db'));
  // the person the test results are for, and the checkpoint of the inspections
  expect(runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'add', '--name', '张三', '--id-number', VALID.id, '--phone', '13800138000', '--origin', '广东省', '--arrival-date', '2022-11-20', '--transport', 'train', '--destination', '城关镇']).code).toBe(0);
  expect(runBin(['--db', db, 'checkpoint', 'add', '高速卡点', '--kind', 'road']).code).toBe(0);
  return { dir, db };
}

describe('--dry-run writes nothing at all (issue 23.2)', () => {
  for (const c of CASES) {
    it(`${c.verb.join(' ')} --skip-invalid --dry-run: no row, no audit row, no rejects file; the bad row on stderr and in the JSON`, () => {
      const { dir, db } = setup();
      const file = path.join(dir, 'in.csv');
      fs.writeFileSync(file, c.lines.join('\n') + '\n');
      const files = fs.readdirSync(dir).sort();
      const rows = query(db, `SELECT count(*) n FROM ${c.table}`);
      const audit = query(db, 'SELECT count(*) n FROM audit_log');
      const r = runBin(['--db', db, '--today', '2022-11-30', ...c.verb, file, '--skip-invalid', '--dry-run', '--format', 'json']);
      expect(r.code, r.stderr).toBe(3);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ dry_run: true, rejected: 1, rejects_file: null, problems: [{ row: 3 }] });
      expect(r.stderr).toMatch(/^row 3 /m);
      expect(r.stderr).toMatch(/a dry run writes no rejects file/);
      expect(fs.readdirSync(dir).sort()).toEqual(files);
      expect(query(db, `SELECT count(*) n FROM ${c.table}`)).toEqual(rows);
      expect(query(db, 'SELECT count(*) n FROM audit_log')).toEqual(audit);
    });
  }

  it('with --rejects FILE named: still no file', () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'in.csv');
    fs.writeFileSync(file, CASES[0].lines.join('\n') + '\n');
    const r = runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'import', file, '--skip-invalid', '--rejects', path.join(dir, 'named.csv'), '--dry-run']);
    expect(r.code, r.stderr).toBe(3);
    expect(fs.existsSync(path.join(dir, 'named.csv'))).toBe(false);
  });

  it('from standard input: no stdin.rejects.csv, no row; ID numbers and phones masked on stderr', () => {
    const { dir, db } = setup();
    const before = query(db, 'SELECT count(*) n FROM arrivals');
    const files = fs.readdirSync(dir).filter((f) => !f.startsWith('d.db-')).sort();
    const r = runBin(['--db', db, '--today', '2022-11-30', 'arrival', 'import', '-', '--skip-invalid', '--dry-run'], { cwd: dir, input: CASES[0].lines.join('\n') + '\n' });
    expect(r.code, r.stderr).toBe(3);
    expect(fs.existsSync(path.join(dir, 'stdin.rejects.csv'))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('d.db-')).sort()).toEqual(files);
    expect(r.stderr).not.toContain(BAD_ID);
    expect(r.stderr).not.toContain('13912345678');
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual(before);
  });
});
