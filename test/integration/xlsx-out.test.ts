/** Excel-ready files out: xlsx for every view of the output pipeline, the BOM on every CSV, and an export that imports back. */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { decideFormat, output, renderXlsx, type View } from '../../src/io/output.js';
import { exportArrivals, importArrivals } from '../../src/services/arrival-io.js';
import { registerArrival } from '../../src/services/registration.js';
import { makeId, runMain, tmpDir, VALID, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-22', now: new Date(2022, 10, 22, 9, 0, 0), actor: 'tester' };
let dir: string;
beforeEach(() => {
  dir = tmpDir();
});

async function readBook(src: string | Buffer) {
  const wb = new ExcelJS.Workbook();
  if (typeof src === 'string') await wb.xlsx.readFile(src);
  else await wb.xlsx.load(src);
  return wb.worksheets[0];
}

const rowsOf = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
};

function sink() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { s: { stdout, stderr, stdoutIsTTY: false }, out: () => out, err: () => err };
}

const list: View = {
  kind: 'list',
  rows: [{ id: 1, name: '张三', id_number: '11010519491231002X', phone: '13800138000', arrival_date: '2022-11-20', transport: 'train', inspected_at: '2022-11-21T08:30', done: true, n: 3 }],
  columns: [{ key: 'id' }, { key: 'name' }, { key: 'id_number' }, { key: 'phone' }, { key: 'arrival_date' }, { key: 'transport', enumField: 'transport' }, { key: 'inspected_at' }, { key: 'done' }, { key: 'n', heading: '人数' }],
};

describe('xlsx from the output pipeline', () => {
  it('a list: translated headers and values, IDs and phones as text, dates as dates, a frozen header, widths', async () => {
    const ws = await readBook(await renderXlsx(list, 'zh'));
    expect(rowsOf(ws)[0]).toEqual(['编号', '姓名', '身份证号', '手机号', '抵达日期', '交通方式', '查验时间', '已检', '人数']);
    const [id, name, idn, phone, date, transport, at, done, n] = rowsOf(ws)[1];
    expect([id, name, idn, phone, transport, done, n]).toEqual([1, '张三', '11010519491231002X', '13800138000', '火车', '是', 3]);
    expect(typeof idn).toBe('string');
    expect(ws.getCell('C2').numFmt).toBe('@');
    expect(date).toEqual(new Date(Date.UTC(2022, 10, 20)));
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(at).toEqual(new Date(Date.UTC(2022, 10, 21, 8, 30)));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(20);
    expect(rowsOf(await readBook(await renderXlsx(list, 'en')))[0].slice(0, 3)).toEqual(['ID', 'Name', 'ID number']);
  });

  it('a record, a document and a done view become a sheet too', async () => {
    const record = await readBook(await renderXlsx({ kind: 'record', record: list.rows[0], columns: list.columns.slice(0, 3) }, 'zh'));
    expect(rowsOf(record)).toEqual([['编号', '姓名', '身份证号'], [1, '张三', '11010519491231002X']]);
    const doc = await readBook(await renderXlsx({ kind: 'document', data: { date: '2022-11-20', arrivals: { total: 3, by_risk: { high: 1 } } }, blocks: [] }, 'zh'));
    expect(rowsOf(doc)).toEqual([['项目', '数值'], ['date', '2022-11-20'], ['arrivals.total', 3], ['arrivals.by_risk.high', 1]]);
    const docTable = await readBook(await renderXlsx({ kind: 'document', data: {}, blocks: [], csv: { rows: list.rows, columns: list.columns.slice(1, 2) } }, 'en'));
    expect(rowsOf(docTable)).toEqual([['Name'], ['张三']]);
    const done = await readBook(await renderXlsx({ kind: 'done', data: { read: 3, inserted: 2 }, text: '' }, 'en'));
    expect(rowsOf(done)).toEqual([['key', 'value'], ['read', 3], ['inserted', 2]]);
  });

  it('is chosen by --format xlsx or an .xlsx --out, needs --out, and is written whole', async () => {
    expect(decideFormat(undefined, true, 'a.XLSX')).toBe('xlsx');
    const k = sink();
    await expect(output(list, k.s, { format: 'xlsx', lang: 'zh', color: false }, (f) => f)).rejects.toThrow('--format xlsx 要写入文件：加上 --out 文件名.xlsx');
    const f = path.join(dir, 'l.xlsx');
    await output(list, k.s, { lang: 'zh', color: false, out: f }, (x) => `wrote ${x}`);
    expect(k.err()).toBe(`wrote ${f}\n`);
    expect(rowsOf(await readBook(f))[1][1]).toBe('张三');
    expect(fs.readdirSync(dir)).toEqual(['l.xlsx']);
  });
});

describe('CSV carries the BOM', () => {
  it('on stdout and in a file, unless bom: false', async () => {
    const k = sink();
    await output(list, k.s, { format: 'csv', lang: 'zh', color: false }, (f) => f);
    expect(k.out().startsWith('\uFEFFid,name,id_number')).toBe(true);
    const f = path.join(dir, 'l.csv');
    await output(list, k.s, { lang: 'zh', color: false, out: f }, (x) => x);
    expect(fs.readFileSync(f, 'utf8').startsWith('\uFEFFid,')).toBe(true);
    const plain = sink();
    await output(list, plain.s, { format: 'csv', lang: 'zh', color: false, bom: false }, (x) => x);
    expect(plain.out().startsWith('id,')).toBe(true);
  });

  it('a listing on the command line: CSV with the BOM, xlsx in Chinese with --lang zh', async () => {
    const db = path.join(dir, 'b.db');
    await runMain(['--db', db, 'init']);
    await runMain(['--db', db, '--today', '2022-11-22', 'arrival', 'add', '--name', '张三', '--id-number', VALID.id, '--phone', VALID.phone, '--origin', VALID.origin, '--arrival-date', VALID.date, '--transport', 'train', '--destination', VALID.destination]);
    const r = await runMain(['--db', db, '--format', 'csv', 'arrival', 'list']);
    expect(r.stdout.startsWith('\uFEFFid,name,id_number')).toBe(true);
    const f = path.join(dir, '名单.xlsx');
    const x = await runMain(['--db', db, '--lang', 'zh', 'arrival', 'list', '--out', f]);
    expect(x).toMatchObject({ code: 0, stdout: '' });
    const ws = await readBook(f);
    expect(rowsOf(ws)[0].slice(0, 4)).toEqual(['编号', '姓名', '身份证号', '手机号']);
    expect(rowsOf(ws)[1].slice(1, 4)).toEqual(['张三', '110105********002X', '+86 138****8000']);
    const no = await runMain(['--db', db, '--format', 'xlsx', 'arrival', 'list']);
    expect(no).toMatchObject({ code: 2, stderr: 'error: --format xlsx writes a file: add --out NAME.xlsx\n' });
  });
});

describe('arrival export as xlsx', () => {
  it('imports back to identical records, with English keys or with Chinese headers and words', async () => {
    const a = openTestStore(path.join(dir, 'a.db'));
    const people = [
      { ...VALID, id_number: VALID.id, arrival_date: VALID.date, transport: 'plane', arrival_time: '07:05', vehicle: 'MU5101', township: '城关镇', note: '=1+1 不是公式' },
      { name: '李娜', id_number: makeId('310115', '19920315', '246'), phone: '13800138002', origin: '广州海珠', arrival_date: '2022-11-19', transport: 'car', destination: '河口镇', contact_type: 'close', exposure_date: '2022-11-18' },
      { name: '钱七', id_number: makeId('440524', '18800101', '001'), phone: '13900139000', origin: '美国纽约', arrival_date: '2022-11-21', transport: 'bus', destination: '东坝镇' },
    ];
    for (const p of people) registerArrival(a, p, ctx);
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ id, created_at, created_by, ...rest }) => rest);
    for (const lang of [undefined, 'zh', 'en'] as const) {
      const f = path.join(dir, `out-${lang ?? 'keys'}.xlsx`);
      expect(await exportArrivals(a, { file: f }, ctx, { reveal: true, lang })).toEqual({ exported: 3, file: f });
      const ws = await readBook(f);
      expect(ws.getCell('B2').value).toBe(VALID.id);
      expect(ws.getCell('B2').numFmt).toBe('@');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      if (lang === 'zh') expect(rowsOf(ws)[0].slice(0, 3)).toEqual(['姓名', '身份证号', '手机号']);
      const b = openTestStore(path.join(dir, `b-${lang ?? 'keys'}.db`));
      const r = await importArrivals(b, f, ctx, { describe: (p) => p.code });
      expect(r).toMatchObject({ format: 'xlsx', inserted: 3, rejected: 0, ignored_columns: [] });
      expect(strip(b.arrivals.list() as never)).toEqual(strip(a.arrivals.list() as never));
      b.close();
    }
    const masked = path.join(dir, 'masked.xlsx');
    await exportArrivals(a, { file: masked }, ctx, { reveal: false });
    expect((await readBook(masked)).getCell('B2').value).toBe('110105********002X');
    a.close();
  });
});
