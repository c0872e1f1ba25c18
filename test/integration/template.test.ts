/** fangkong template: a workbook a township fills in, that imports with no change. */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeTemplate } from '../../src/io/template.js';
import { importAreas } from '../../src/services/areas.js';
import { importArrivals } from '../../src/services/arrival-io.js';
import { addCheckpoint, importInspections } from '../../src/services/inspection.js';
import { registerArrival } from '../../src/services/registration.js';
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
  store = openTestStore(path.join(dir, 't.db'));
  return () => store.close();
});

/** Fills the data sheet as a person would: typing into the prepared cells from row 3, saving in place. */
async function fill(file: string, rows: unknown[][]): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('填写')!;
  rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(3 + i, 1 + j).value = v as ExcelJS.CellValue)));
  await wb.xlsx.writeFile(file);
  return ws;
}

describe('templates', () => {
  it('arrivals: title, Chinese headers, text ID and phone columns, date columns, drop-downs, instructions with a sample', async () => {
    const f = path.join(dir, '模板.xlsx');
    const r = await writeTemplate('arrivals', f, 'zh');
    expect(r.columns.slice(0, 7)).toEqual(['姓名', '身份证号', '手机号', '来源地', '抵达日期', '抵达时刻', '交通方式']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写', '填写说明']);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('（乡镇）来返人员报备表');
    expect(ws.getCell('B3').numFmt).toBe('@');
    expect(ws.getCell('C500').numFmt).toBe('@');
    expect(ws.getCell('E3').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('G3').dataValidation).toMatchObject({ type: 'list', formulae: ['"火车,飞机,自驾,客车,轮船,其他"'] });
    expect(ws.getCell('K3').dataValidation).toMatchObject({ type: 'list', formulae: ['"无,密接,次密接"'] });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const help: string[] = [];
    wb.worksheets[1].eachRow((row) => help.push((row.values as unknown[]).slice(1).join('|')));
    expect(help.join('\n')).toContain('张三|11010519491231002X|13800138000|广东省广州市海珠区');
    expect(help.join('\n')).toContain('fangkong arrival import 文件名.xlsx');
  });

  it('a filled arrivals template imports with no change', async () => {
    const f = path.join(dir, '城关镇.xlsx');
    await writeTemplate('arrivals', f, 'zh');
    await fill(f, [
      ['王伟', ID1, '13800138001', '广州海珠', new Date(Date.UTC(2022, 10, 20)), '14:30', '火车', 'G1234', '城关镇幸福路1号', '城关镇', '无'],
      ['李娜', ID2, '13800138002', '上海市浦东新区', '2022/11/19', '', '飞机', 'MU5101', '城关镇解放路2号', '城关镇', '密接', '2022-11-18', '同航班'],
    ]);
    const r = await importArrivals(store, f, ctx, { describe: (p) => p.code });
    expect(r).toMatchObject({ header_row: 2, sheet: '填写', read: 2, inserted: 2, rejected: 0, ignored_columns: [], unresolved_places: 0 });
    expect(store.arrivals.list().map((a) => [a.name, a.id_number, a.arrival_date, a.arrival_time, a.transport, a.vehicle, a.contact_type, a.exposure_date, a.note, a.origin_code])).toEqual([
      ['李娜', ID2, '2022-11-19', null, 'plane', 'MU5101', 'close', '2022-11-18', '同航班', '310115'],
      ['王伟', ID1, '2022-11-20', '14:30', 'train', 'G1234', 'none', null, null, '440105'],
    ]);
  });

  it('filled inspections, tests and areas templates import with no change', async () => {
    addCheckpoint(store, { name: '高速收费站卡点', kind: 'road' }, ctx);
    registerArrival(store, { name: '王伟', id_number: ID1, phone: '13800138001', origin: '广州海珠', arrival_date: '2022-11-20', transport: 'train', destination: '城关镇' }, ctx);
    const o = { describe: (p: { code: string }) => p.code };
    const ins = path.join(dir, 'ins.xlsx');
    await writeTemplate('inspections', ins, 'zh');
    await fill(ins, [['高速收费站卡点', '2022-11-21 08:30', ID1, '王伟', '13800138001', '', 1, '绿码', '否', '2022-11-20 10:00', '阴性', 36.5, '放行', '广州海珠']]);
    expect(await importInspections(store, ins, ctx, o)).toMatchObject({ inserted: 1, rejected: 0 });
    const tests = path.join(dir, 'tests.xlsx');
    await writeTemplate('tests', tests, 'zh');
    await fill(tests, [[ID1, '王伟', new Date(Date.UTC(2022, 10, 21)), '阴性', '2022-11-21 08:30', '县人民医院']]);
    expect(await importResults(store, tests, ctx, o)).toMatchObject({ inserted: 1, rejected: 0 });
    const areas = path.join(dir, 'areas.xlsx');
    await writeTemplate('areas', areas, 'zh');
    await fill(areas, [['广州海珠', '高风险', '2022-11-05', '']]);
    expect(await importAreas(store, areas, ctx, o)).toMatchObject({ set: 1, rejected: 0 });
    expect(store.areas.all()[0]).toMatchObject({ region: '广东省广州市海珠区', level: 'high', valid_from: '2022-11-05', valid_to: null });
  });

  it('on the command line: the kind and an .xlsx --out are checked, the file is written, one line says so', async () => {
    const f = path.join(dir, '报备模板.xlsx');
    expect(await runMain(['--lang', 'zh', 'template', 'arrivals', '--out', f])).toMatchObject({ code: 0, stdout: '' });
    expect(await runMain(['template', 'people', '--out', f, '--force'])).toMatchObject({ code: 2, stderr: 'error: the kind must be one of arrivals, inspections, tests, areas, not "people"\n' });
    expect((await runMain(['template', 'areas', '--out', path.join(dir, 'a.csv')])).code).toBe(2);
  });
});
