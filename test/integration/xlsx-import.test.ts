/**
 * Township spreadsheets as they are really sent: .xlsx workbooks written here by exceljs (a real
 * spreadsheet writer, not the project's exporter) with a title row, merged cells, dates as date
 * cells, serials and text, formulas, rich text, a second sheet; old .xls and other binary files;
 * Excel's "Unicode 文本" (UTF-16); and text files whose encoding changes after the first 64 KB.
 * Real files, real SQLite, through the four importers.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError, type RowProblem } from '../../src/domain/errors.js';
import { reason } from '../../src/domain/i18n.js';
import { cellText, numberCellText } from '../../src/io/xlsx.js';
import { sniff } from '../../src/io/table.js';
import { importAreas } from '../../src/services/areas.js';
import { importArrivals, type ImportOptions } from '../../src/services/arrival-io.js';
import { addCheckpoint, importInspections } from '../../src/services/inspection.js';
import { registerArrival } from '../../src/services/registration.js';
import { importResults } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { makeId, runMain, tmpDir, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-22', now: new Date(2022, 10, 22, 9, 0, 0), actor: 'tester' };
const ID1 = makeId('440305', '19800101', '123');
const ID2 = makeId('310115', '19920315', '246');
const ID3 = makeId('420102', '20010630', '357');

let dir: string;
let store: Store;

beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'x.db'));
  return () => store.close();
});

async function imp(file: string, opts: Partial<ImportOptions> = {}) {
  const problems: RowProblem[] = [];
  const result = await importArrivals(store, file, ctx, { describe: (p) => `${p.field}: ${p.code}`, onProblem: (p) => problems.push(p), ...opts });
  return { result, problems };
}

const utc = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi));

/** A township's arrivals sheet: title row merged over the columns, header in row 2, a blank row, then records. */
async function townshipWorkbook(file: string, rows: unknown[][], extra?: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('城关镇');
  ws.mergeCells('A1:H1');
  ws.getCell('A1').value = '城关镇来返人员报备表';
  ws.getRow(2).values = ['序号', '姓名', '身份证号码', '联系电话', '从何地返回', '返回日期', '交通方式', '现居住地址'];
  ws.getColumn(3).numFmt = '@';
  let r = 3;
  for (const row of rows) {
    if (row.length === 0) {
      r++; // a blank row left in the middle
      continue;
    }
    ws.getRow(r).values = row as ExcelJS.CellValue[];
    r++;
  }
  extra?.(wb);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('cells as a person sees them', () => {
  it('dates, date-times, times of day, numbers, formulas, rich text, hyperlinks', () => {
    expect(cellText(utc(2022, 11, 20))).toBe('2022-11-20');
    expect(cellText(utc(2022, 11, 20, 14, 30))).toBe('2022-11-20 14:30');
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 7, 5)))).toBe('07:05');
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(110105491231002)).toBe('110105491231002');
    expect(cellText(36.6)).toBe('36.6');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText({ formula: 'A1&B1', result: '张三' })).toBe('张三');
    expect(cellText({ sharedFormula: 'A2', result: 44886 })).toBe('44886');
    expect(cellText({ formula: 'TODAY()', result: utc(2022, 11, 20) })).toBe('2022-11-20');
    expect(cellText({ richText: [{ text: '李' }, { text: '四' }] })).toBe('李四');
    expect(cellText({ text: '链接', hyperlink: 'http://example.org' })).toBe('链接');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(null)).toBe('');
  });

  it('an 18-digit number has lost its last digits in Excel: it is given as Excel shows it, in E-notation', () => {
    expect(numberCellText(440105198001011260)).toBe('4.40105198001011E+17');
    expect(numberCellText(1e15)).toBe('1E+15');
  });

  it('tells files apart by their first bytes', () => {
    expect(sniff(Buffer.from('PK\u0003\u0004rest', 'latin1'))).toBe('xlsx');
    expect(sniff(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('ole');
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('binary');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]))).toBe('binary');
    expect(sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('姓名\t身份证号\n', 'utf16le')]))).toBe('text');
    expect(sniff(Buffer.from('姓名,身份证号\n'))).toBe('text');
  });
});

describe('.xlsx arrivals', () => {
  it('finds the header under a merged title row, skips blank rows, reads date cells and text, and keeps sheet row numbers', async () => {
    const f = await townshipWorkbook(path.join(dir, '城关镇.xlsx'), [
      [1, '王伟', ID1, '13800138001', '广东省深圳市南山区', utc(2022, 11, 20), '火车', '城关镇幸福路1号'],
      [],
      [2, { richText: [{ text: '李' }, { text: '娜' }] }, ID2, 13800138002, '上海市浦东新区', '2022/11/19', '飞机', '城关镇解放路2号'],
      [3, '赵敏', ID3, { formula: '"138"&"00138003"', result: '13800138003' }, '湖北省武汉市江岸区', utc(2022, 11, 18, 21, 15), '自驾', '河口镇'],
    ]);
    const { result, problems } = await imp(f);
    expect(problems).toEqual([]);
    expect(result).toMatchObject({ format: 'xlsx', sheet: '城关镇', header_row: 2, encoding: null, delimiter: null, read: 3, inserted: 3, rejected: 0, ignored_columns: ['序号'] });
    const rows = store.arrivals.list();
    expect(rows.map((r) => [r.name, r.phone, r.arrival_date, r.arrival_time, r.transport])).toEqual([
      ['赵敏', '+8613800138003', '2022-11-18', '21:15', 'car'],
      ['李娜', '+8613800138002', '2022-11-19', null, 'plane'],
      ['王伟', '+8613800138001', '2022-11-20', null, 'train'],
    ]);
  });

  it('names the sheet row of a bad record, as Excel shows it', async () => {
    const f = await townshipWorkbook(path.join(dir, 'bad.xlsx'), [
      [1, '王伟', ID1, '13800138001', '广东省深圳市南山区', utc(2022, 11, 20), '火车', '城关镇'],
      [],
      [2, '李娜', ID2, '1380013800', '上海市浦东新区', utc(2022, 11, 19), '飞机', '城关镇'],
    ]);
    const err = await imp(f).catch((e) => e);
    expect(err.rejected).toBe(1);
    const { problems } = await imp(f, { skipInvalid: true });
    expect(problems).toEqual([expect.objectContaining({ row: 5, field: 'phone', code: 'phone' })]);
  });

  it('reads the first sheet by default, another with sheet, and names the sheets when it is not there', async () => {
    const f = await townshipWorkbook(path.join(dir, 'two.xlsx'), [[1, '王伟', ID1, '13800138001', '广东省深圳市南山区', utc(2022, 11, 20), '火车', '城关镇']], (wb) => {
      const ws = wb.addWorksheet('河口镇');
      ws.addRow(['姓名', '身份证号', '手机号', '来源地', '抵达日期', '交通方式', '目的地']);
      ws.addRow(['李娜', ID2, '13800138002', '上海市浦东新区', '2022-11-19', 'plane', '河口镇']);
      ws.addRow(['赵敏', ID3, '13800138003', '湖北省武汉市江岸区', '2022-11-18', 'car', '河口镇']);
    });
    expect((await imp(f, { dryRun: true })).result).toMatchObject({ sheet: '城关镇', read: 1 });
    expect((await imp(f, { sheet: '河口镇' })).result).toMatchObject({ sheet: '河口镇', header_row: 1, read: 2, inserted: 2 });
    const err = await imp(f, { sheet: '东坝镇' }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.problems[0]).toMatchObject({ field: 'file', code: 'no_sheet', params: { sheet: '东坝镇', sheets: '城关镇, 河口镇' } });
  });

  it('skips a hidden first sheet by default', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('说明', { state: 'hidden' });
    hidden.addRow(['请按模板填写']);
    const ws = wb.addWorksheet('报备');
    ws.addRow(['姓名', '身份证号', '手机号', '来源地', '抵达日期', '交通方式', '目的地']);
    ws.addRow(['李娜', ID2, '13800138002', '上海市浦东新区', '2022-11-19', 'plane', '河口镇']);
    const f = path.join(dir, 'hidden.xlsx');
    await wb.xlsx.writeFile(f);
    expect((await imp(f)).result).toMatchObject({ sheet: '报备', inserted: 1 });
  });

  it('the same workbook imports as inspections, test results and risk areas', async () => {
    addCheckpoint(store, { name: '高速路口', kind: 'road' }, ctx);
    registerArrival(store, { name: '王伟', id_number: ID1, phone: '13800138001', origin: '广东省深圳市南山区', arrival_date: '2022-11-20', transport: 'train', destination: '城关镇' }, ctx);
    const wb = new ExcelJS.Workbook();
    const ins = wb.addWorksheet('查验');
    ins.addRow(['卡点查验登记表']);
    ins.addRow(['卡点', '查验时间', '身份证号', '健康码', '体温']);
    ins.addRow(['高速路口', utc(2022, 11, 21, 8, 30), ID1, '绿码', 36.5]);
    const tests = wb.addWorksheet('检测');
    tests.addRow(['身份证号', '采样日期', '检测结果']);
    tests.addRow([ID1, utc(2022, 11, 21), '阴性']);
    const areas = wb.addWorksheet('风险区');
    areas.addRow(['地区', '风险等级', '开始日期']);
    areas.addRow(['广东省广州市海珠区', '高风险', utc(2022, 11, 5)]);
    const f = path.join(dir, 'all.xlsx');
    await wb.xlsx.writeFile(f);
    const o = { describe: (p: { code: string }) => p.code };
    expect(await importInspections(store, f, ctx, o)).toMatchObject({ format: 'xlsx', header_row: 2, inserted: 1 });
    expect(await importResults(store, f, ctx, { ...o, sheet: '检测' })).toMatchObject({ inserted: 1 });
    expect(await importAreas(store, f, ctx, { ...o, sheet: '风险区' })).toMatchObject({ set: 1 });
    expect(store.areas.all()[0]).toMatchObject({ region: '广东省广州市海珠区', level: 'high', valid_from: '2022-11-05' });
  });

  it('a broken workbook, an old .xls, a PDF: one line saying what to do, in the user language', async () => {
    const cases: Array<[string, Buffer, string]> = [
      ['broken.xlsx', Buffer.from('PK\u0003\u0004 not really a zip', 'latin1'), 'xlsx_broken'],
      ['old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'xls_file'],
      ['scan.csv', Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n'), 'binary_file'],
    ];
    for (const [name, bytes, code] of cases) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, bytes);
      const err = await imp(f).catch((e) => e);
      expect(err, name).toBeInstanceOf(ValidationError);
      expect(err.problems[0], name).toMatchObject({ field: 'file', code });
    }
    expect(reason('xls_file', { file: 'old.xls' }, 'zh')).toContain('另存为” .xlsx 或 CSV');
    const db = path.join(dir, 'cli.db');
    await runMain(['--db', db, 'init']);
    const zh = await runMain(['--db', db, '--lang', 'zh', 'arrival', 'import', path.join(dir, 'old.xls')]);
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim().split('\n')).toHaveLength(1);
    expect(zh.stderr).toMatch(/^错误：文件：.*old\.xls 是旧版 Excel（\.xls）.*另存为” \.xlsx 或 CSV/);
    const en = await runMain(['--db', db, 'arrival', 'import', path.join(dir, 'old.xls')]);
    expect(en.stderr).toMatch(/old\.xls is an old Excel \.xls .*save it as \.xlsx or CSV/);
  });

  it('--sheet on a CSV is refused', async () => {
    const f = path.join(dir, 'a.csv');
    fs.writeFileSync(f, 'name,id_number\n');
    const err = await imp(f, { sheet: 'x' }).catch((e) => e);
    expect(err.problems[0]).toMatchObject({ code: 'sheet_not_workbook' });
  });
});

describe('text files: the encoding of the whole file', () => {
  const HEADER_ZH = '姓名\t身份证号\t手机号\t来源地\t抵达日期\t交通方式\t目的地';
  const row = (name: string, id: string, phone: string) => `${name}\t${id}\t${phone}\t上海市浦东新区\t2022-11-19\t飞机\t城关镇`;

  it("reads Excel's Unicode text (UTF-16 LE with BOM, tabs), and UTF-16 BE", async () => {
    const text = [HEADER_ZH, row('李娜', ID2, '13800138002'), row('赵敏', ID3, '13800138003')].join('\r\n') + '\r\n';
    const le = path.join(dir, 'unicode.txt');
    fs.writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]));
    expect((await imp(le)).result).toMatchObject({ encoding: 'utf16le', delimiter: 'tab', inserted: 2 });
    const be = path.join(dir, 'be.txt');
    fs.writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text.replace('赵敏', '钱七').replace(ID3, ID1), 'utf16-be')]));
    expect((await imp(be)).result).toMatchObject({ encoding: 'utf16be', inserted: 1, duplicates: 1 });
    expect(store.arrivals.list().map((r) => r.name).sort()).toEqual(['李娜', '赵敏', '钱七'].sort());
  });

  it('a UTF-8 file whose bytes stop being UTF-8 after 64 KB is refused with the row named, not read as garbage', async () => {
    const lines = [HEADER_ZH];
    for (let i = 0; i < 1500; i++) lines.push(row('李娜', ID2, '13800138002'));
    const utf8 = Buffer.from(lines.join('\n') + '\n');
    expect(utf8.length).toBeGreaterThan(64 * 1024);
    const f = path.join(dir, 'mixed.csv');
    fs.writeFileSync(f, Buffer.concat([utf8, iconv.encode(row('赵敏', ID3, '13800138003') + '\n', 'gb18030')]));
    const err = await imp(f).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.problems[0]).toMatchObject({ field: 'file', code: 'mixed_encoding', params: { row: 1502 } });
    expect(store.arrivals.count()).toBe(0);
    expect(reason('mixed_encoding', err.problems[0].params, 'zh')).toContain('第1502行');
  });

  it('a GB18030 file whose first 64 KB happen to be ASCII is read as GB18030 all through', async () => {
    const lines = ['name,id_number,phone,origin,arrival_date,transport,destination'];
    for (let i = 0; i < 1200; i++) lines.push(`Li Na,${ID2},13800138002,Shanghai,2022-11-19,plane,Chengguan Road ${i}`);
    lines.push(`赵敏,${ID3},13800138003,湖北省武汉市江岸区,2022-11-18,自驾,河口镇`);
    const f = path.join(dir, 'late-gb.csv');
    const bytes = iconv.encode(lines.join('\n') + '\n', 'gb18030');
    fs.writeFileSync(f, bytes);
    expect(bytes.indexOf(0xd5)).toBeGreaterThan(64 * 1024);
    const { result } = await imp(f);
    expect(result).toMatchObject({ encoding: 'gb18030', inserted: 2, duplicates: 0, changed: 1199 }); // the same key with another destination each time: changed, not a duplicate
    expect(store.arrivals.list().map((r) => r.name)).toContain('赵敏');
  });

  it('bytes that GB18030 cannot read are refused with their row, and so is --encoding utf8 on a GB18030 file', async () => {
    const f = path.join(dir, 'gb.csv');
    const head = iconv.encode(`${HEADER_ZH}\n${row('赵敏', ID3, '13800138003')}\n`, 'gb18030');
    fs.writeFileSync(f, Buffer.concat([head, Buffer.from([0x81, 0x0a]), iconv.encode(row('李娜', ID2, '13800138002') + '\n', 'gb18030')]));
    const err = await imp(f).catch((e) => e);
    expect(err.problems?.[0]).toMatchObject({ code: 'bad_bytes', params: { row: 3, encoding: 'gb18030' } });
    const forced = await imp(f, { encoding: 'utf8' }).catch((e) => e);
    expect(forced.problems?.[0]).toMatchObject({ code: 'not_utf8', params: { row: 1 } });
  });
});
