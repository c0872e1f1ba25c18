/**
 * What townships' sheets do, through the import pipeline: IDs typed into number cells, dates as
 * serial numbers, a 抵达时间 column with date and time, 车次/航班, columns the tool does not know.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError, type RowProblem } from '../../src/domain/errors.js';
import { importAreas } from '../../src/services/areas.js';
import { importArrivals, type ImportOptions } from '../../src/services/arrival-io.js';
import { addCheckpoint, importInspections } from '../../src/services/inspection.js';
import { importResults } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { makeId, runMain, tmpDir, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-22', now: new Date(2022, 10, 22, 9, 0, 0), actor: 'tester' };
const ID1 = makeId('440305', '19800101', '123');
const ID2 = makeId('310115', '19920315', '246');

let dir: string;
let store: Store;
beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'h.db'));
  return () => store.close();
});

async function imp(file: string, opts: Partial<ImportOptions> = {}) {
  const problems: RowProblem[] = [];
  const result = await importArrivals(store, file, ctx, { describe: (p) => `${p.field}: ${p.code}`, onProblem: (p) => problems.push(p), ...opts });
  return { result, problems };
}

async function workbook(name: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  const f = path.join(dir, name);
  await wb.xlsx.writeFile(f);
  return f;
}

const HEAD = ['姓名', '身份证号', '联系方式', '来源地', '抵达时间', '车次/航班', '交通方式', '现住址', '乡镇（街道）'];

describe('a township sheet', () => {
  it('IDs as text import; an ID typed into a number cell is refused with the fix, row by row', async () => {
    const f = await workbook('ids.xlsx', [HEAD, ['王伟', ID1, 13800138001, '广东省深圳市南山区', 44885.6, 'G1234', '高铁', '城关镇1号', '城关镇'], ['李娜', 310115199203152460, 13800138002, '上海市浦东新区', 44884, 'MU5101', '飞机', '城关镇2号', '城关镇']]);
    const err = await imp(f).catch((e) => e);
    expect(err.rejected).toBe(1);
    const { result, problems } = await imp(f, { skipInvalid: true });
    expect(problems).toEqual([{ row: 3, field: 'id_number', code: 'scientific', params: { value: '3.10115199203152E+17' } }]);
    expect(result).toMatchObject({ inserted: 1, rejected: 1 });
    expect(store.arrivals.list()[0]).toMatchObject({ id_number: ID1, phone: '+8613800138001', arrival_date: '2022-11-20', arrival_time: '14:24', vehicle: 'G1234', transport: 'train', township: '城关镇' });
    const rejects = fs.readFileSync(result.rejects_file!, 'utf8');
    expect(rejects).toContain('scientific');
  });

  it('says the fix in Chinese on the command line', async () => {
    const f = await workbook('ids.xlsx', [HEAD, ['李娜', 310115199203152460, '13800138002', '上海市浦东新区', '2022-11-19', 'MU5101', '飞机', '城关镇2号', '城关镇']]);
    const db = path.join(dir, 'cli.db');
    await runMain(['--db', db, 'init']);
    const r = await runMain(['--db', db, '--lang', 'zh', 'arrival', 'import', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第2行 身份证号：“3.10115199203152E+17”是科学计数法，Excel 已丢掉了后几位：把该列设置为文本格式后重新填写');
  });

  it('a missing column is named by its Chinese header under --lang zh, its key in English', async () => {
    const f = await workbook('cols.xlsx', [['XX镇来返人员报备表'], ['姓名', '身份证号', '手机号'], ['王伟', ID1, '13800138001']]);
    const db = path.join(dir, 'cli.db');
    await runMain(['--db', db, 'init']);
    const zh = await runMain(['--db', db, '--lang', 'zh', 'arrival', 'import', f]);
    expect(zh.stderr).toBe('错误：文件：缺少必需的列：来源地、抵达日期、交通方式、目的地（表头在第2行；列名见 --help）\n');
    const en = await runMain(['--db', db, '--lang', 'en', 'arrival', 'import', f]);
    expect(en.stderr).toContain('missing required column(s): origin, arrival_date, transport, destination (header in row 2');
  });

  it('unknown columns with values are refused by name; empty ones and row numbers are not', async () => {
    const f = await workbook('extra.xlsx', [
      ['序号', ...HEAD, '籍贯', '工作单位', '备用'],
      [1, '王伟', ID1, '13800138001', '广东省深圳市南山区', '2022-11-20 14:30', 'G1234', '火车', '城关镇1号', '城关镇', '广东', '', ''],
      [2, '李娜', ID2, '13800138002', '上海市浦东新区', '2022-11-19', '', '飞机', '城关镇2号', '城关镇', '', '县医院', ''],
    ]);
    const err = await imp(f).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.problems[0]).toMatchObject({ field: 'file', code: 'unknown_columns', params: { columns: '籍贯, 工作单位', columns_zh: '籍贯、工作单位' } });
    expect(store.arrivals.count()).toBe(0);
    const { result } = await imp(f, { keepExtraColumns: true });
    expect(result).toMatchObject({ inserted: 2, kept_columns: ['籍贯', '工作单位'], ignored_columns: ['序号', '备用'] });
    expect(store.arrivals.list().map((r) => r.note)).toEqual(['工作单位：县医院', '籍贯：广东']);
  });

  it('a value in a column with no header is refused too, named by its letter', async () => {
    const f = await workbook('noheader.xlsx', [
      ['姓名', '身份证号', '手机号', '来源地', '抵达日期', '交通方式', '目的地'],
      ['王伟', ID1, '13800138001', '广东省深圳市南山区', '2022-11-20', '火车', '城关镇1号', '已电话核实'],
    ]);
    const err = await imp(f).catch((e) => e);
    expect(err.problems[0]).toMatchObject({ code: 'unknown_columns', params: { columns: '(H)' } });
    await imp(f, { keepExtraColumns: true });
    expect(store.arrivals.list()[0].note).toBe('(H)：已电话核实');
  });

  it('inspections, test results and areas refuse unknown columns with values too, and ignore them with the flag', async () => {
    addCheckpoint(store, { name: '高速路口', kind: 'road' }, ctx);
    const o = { describe: (p: { code: string }) => p.code };
    const ins = path.join(dir, 'ins.csv');
    fs.writeFileSync(ins, `卡点,查验时间,身份证号,健康码,查验人\n高速路口,2022-11-21 08:00,${ID1},绿码,老李\n`);
    const tests = path.join(dir, 'tests.csv');
    fs.writeFileSync(tests, `身份证号,采样日期,检测结果,采样点\n${ID1},2022-11-21,阴性,县医院\n`);
    const areas = path.join(dir, 'areas.csv');
    fs.writeFileSync(areas, `地区,风险等级,公布文号\n广东省广州市海珠区,高,穗卫〔2022〕1号\n`);
    for (const [run, columns] of [
      [() => importInspections(store, ins, ctx, o), '查验人'],
      [() => importResults(store, tests, ctx, o), '采样点'],
      [() => importAreas(store, areas, ctx, o), '公布文号'],
    ] as Array<[() => Promise<unknown>, string]>) {
      const err = await run().catch((e) => e);
      expect(err.problems?.[0], columns).toMatchObject({ code: 'unknown_columns_ignore', params: { columns } });
    }
    expect(await importInspections(store, ins, ctx, { ...o, keepExtraColumns: true })).toMatchObject({ inserted: 1, ignored_columns: ['查验人'], kept_columns: [] });
    expect(await importAreas(store, areas, ctx, { ...o, keepExtraColumns: true })).toMatchObject({ set: 1, ignored_columns: ['公布文号'] });
  });
});
