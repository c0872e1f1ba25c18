/**
 * Issue 24, point 4: the day a person left the risk area (离开风险区日期, `--left-date`), where a
 * measure anchored on `left_area` counts from (else the arrival date), at its boundaries: the day
 * before the arrival, the arrival day, the day after (refused: exit 2, one line, nothing written),
 * under three machine time zones (and on PostgreSQL in the postgres project).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initDb, makeId, query, runBin, tmpDir } from '../helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];

const person = (n: number, over: string[]) => [
  'arrival', 'add', '--name', `李${'一二三四五六'[n - 1]}`, '--id-number', makeId('440305', '19800101', String(200 + n)), '--phone', '13800138000', '--transport', 'train', '--destination', `城关镇幸福路${n}号`, ...over,
];

describe('the day left the risk area, under any time zone of the machine', () => {
  for (const TZ of ZONES) {
    it(`recorded, checked against the arrival, and counted from (TZ=${TZ})`, () => {
      const dir = tmpDir();
      const db = initDb(path.join(dir, 'l.db'));
      const bin = (today: string, args: string[]) => runBin(['--db', db, '--today', today, ...args], { env: { TZ } });
      const ok = (today: string, args: string[]) => {
        const r = bin(today, args);
        expect(r.code, r.stderr).toBe(0);
        return r;
      };
      // 广州市海珠区 high-risk from 11-10
      ok('2022-11-10', ['area', 'set', '440105', '--level', 'high', '--from', '2022-11-10']);
      ok('2022-11-20', person(1, ['--origin', '广东省广州市海珠区', '--arrival-date', '2022-11-20', '--left-date', '2022-11-19']));
      ok('2022-11-20', person(2, ['--origin', '广东省广州市海珠区', '--arrival-date', '2022-11-20', '--left-date', '2022-11-20']));
      ok('2022-11-20', person(3, ['--origin', '广东省广州市海珠区', '--arrival-date', '2022-11-20']));

      // the day after the arrival: refused, one line, nothing written
      const late = bin('2022-11-21', [...person(4, ['--origin', '广东省广州市海珠区', '--arrival-date', '2022-11-20', '--left-date', '2022-11-21']), '--lang', 'zh']);
      expect(late.code).toBe(2);
      expect(late.stdout).toBe('');
      expect(late.stderr.trim().split('\n')).toHaveLength(1);
      expect(late.stderr).toContain('离开风险区日期：2022-11-21 晚于抵达日期 2022-11-20（离开风险区应在抵达之前或当天）');
      const lateEn = bin('2022-11-21', [...person(4, ['--origin', '广东省广州市海珠区', '--arrival-date', '2022-11-20', '--left-date', '2022-11-21']), '--lang', 'en']);
      expect(lateEn.code).toBe(2);
      expect(lateEn.stderr).toContain('is after the arrival date 2022-11-20');
      expect(query(db, 'SELECT id, left_date FROM arrivals ORDER BY id')).toEqual([
        { id: 1, left_date: '2022-11-19' }, { id: 2, left_date: '2022-11-20' }, { id: 3, left_date: null },
      ]);

      // the high-risk-area measure (left_area) counts from the day left: 11-19 → released 11-26, in force from the arrival
      const one = JSON.parse(ok('2022-11-20', ['quarantine', 'assign', '1']).stdout);
      expect(one).toMatchObject({ policy: 'high-risk-area-7', category: 'high', start_date: '2022-11-19', start_basis: 'left_area', release_date: '2022-11-26', in_force_from: '2022-11-20' });
      const two = bin('2022-11-20', ['quarantine', 'assign', '2', '--format', 'table', '--lang', 'zh']);
      expect(two.code, two.stderr).toBe(0);
      expect(two.stdout).toContain('开始：2022-11-20（离开风险区之日）');
      // not known: from the arrival date, said so
      const three = bin('2022-11-20', ['quarantine', 'assign', '3', '--format', 'table', '--lang', 'zh']);
      expect(three.code, three.stderr).toBe(0);
      expect(three.stdout).toContain('开始：2022-11-20（抵达日期）');
      expect(query(db, 'SELECT arrival_id, start_date, release_date FROM measures ORDER BY arrival_id')).toEqual([
        { arrival_id: 1, start_date: '2022-11-19', release_date: '2022-11-26' },
        { arrival_id: 2, start_date: '2022-11-20', release_date: '2022-11-27' },
        { arrival_id: 3, start_date: '2022-11-20', release_date: '2022-11-27' },
      ]);
      // on the day before its release the measure still holds; on the release day it is over
      expect(JSON.parse(ok('2022-11-25', ['quarantine', 'show', '1']).stdout)).toMatchObject({ status: 'active' });
      expect(JSON.parse(ok('2022-11-26', ['quarantine', 'show', '1']).stdout)).toMatchObject({ status: 'released' });

      // a measure anchored on it whose whole length lies before the arrival: refused, nothing written
      ok('2022-11-20', person(5, ['--origin', '广东省广州市海珠区', '--arrival-date', '2022-11-20', '--left-date', '2022-11-13']));
      const over = bin('2022-11-20', ['quarantine', 'assign', '4', '--lang', 'zh']);
      expect(over.code).toBe(2);
      expect(over.stderr.trim().split('\n')).toEqual([
        '错误：开始日期：措施 2022-11-13 开始、2022-11-20 解除，整段在抵达（2022-11-20）之前：不分配；如确需按此日期补录，请加 --backdate --reason 说明原因（记入审计）',
      ]);
      expect(query(db, 'SELECT count(*) AS n FROM measures WHERE arrival_id = 4')).toEqual([{ n: 0 }]);
      // one day later (left 11-14): the last day is the arrival day
      const edit = bin('2022-11-20', ['arrival', 'edit', '4', '--left-date', '2022-11-14']);
      expect(edit.code, edit.stderr).toBe(0);
      expect(JSON.parse(ok('2022-11-20', ['quarantine', 'assign', '4']).stdout)).toMatchObject({ start_date: '2022-11-14', start_basis: 'left_area', release_date: '2022-11-21', in_force_from: '2022-11-20' });

      // edit: after the arrival refused, nothing written; "" clears it
      const bad = bin('2022-11-21', ['arrival', 'edit', '3', '--left-date', '2022-11-21', '--lang', 'zh']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain('离开风险区日期：2022-11-21 晚于抵达日期 2022-11-20（离开风险区应在抵达之前或当天）');
      expect(query(db, 'SELECT left_date FROM arrivals WHERE id = 3')).toEqual([{ left_date: null }]);
      // a correction that changes the measure says so; --reassign counts from the day left
      const fix = bin('2022-11-21', ['arrival', 'edit', '3', '--left-date', '2022-11-18']);
      expect(fix.code, fix.stderr).toBe(0);
      expect(fix.stderr).toContain('no longer matches the corrected record');
      expect(fix.stderr).toContain('from 2022-11-18, released 2022-11-25');
      expect(bin('2022-11-21', ['arrival', 'edit', '3', '--reassign', '--yes']).code).toBe(0);
      expect(query(db, "SELECT start_date, release_date FROM measures WHERE arrival_id = 3 AND status = 'active'")).toEqual([{ start_date: '2022-11-18', release_date: '2022-11-25' }]);
      expect(bin('2022-11-21', ['arrival', 'edit', '2', '--left-date', '']).code).toBe(0);
      expect(query(db, 'SELECT left_date FROM arrivals WHERE id = 2')).toEqual([{ left_date: null }]);

      // the import reads a 离开风险区日期 column (and 离开日期); a row after its arrival is refused, naming the field
      const csv = path.join(dir, 'in.csv');
      fs.writeFileSync(csv, [
        '姓名,身份证号,手机号,来源地,抵达日期,离开日期,交通方式,目的地',
        `王一,${makeId('440305', '19800101', '301')},13800138001,广东省广州市海珠区,2022-11-20,2022-11-19,火车,城关镇1号`,
        `王二,${makeId('440305', '19800101', '302')},13800138002,广东省广州市海珠区,2022-11-20,2022-11-21,火车,城关镇2号`,
      ].join('\n'));
      const imp = bin('2022-11-21', ['arrival', 'import', csv, '--skip-invalid', '--lang', 'zh']);
      expect(imp.code).toBe(3);
      expect(imp.stdout + imp.stderr).toContain('离开风险区日期');
      expect(query(db, "SELECT name, left_date FROM arrivals WHERE name LIKE '王%'")).toEqual([{ name: '王一', left_date: '2022-11-19' }]);
    });
  }
});
