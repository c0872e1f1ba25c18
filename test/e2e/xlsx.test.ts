/**
 * Workbooks through the real bin/fangkong (dist/): the sheet is read in a worker thread there
 * (io/xlsx.ts sheetRows), so this is where that path runs: rows, sheets, errors across threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeId, query, runBin, tmpDir } from '../helpers.js';

let dir: string;
let db: string;
const bin = (args: string[]) => runBin(['--db', db, '--today', '2022-11-22', ...args]);

beforeEach(() => {
  dir = tmpDir();
  db = path.join(dir, 'x.db');
  expect(bin(['init']).code).toBe(0);
});

async function book(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('城关镇');
  ws.mergeCells('A1:G1');
  ws.getCell('A1').value = '城关镇来返人员报备表';
  ws.addRow(['姓名', '身份证号码', '联系电话', '从何地返回', '返回日期', '交通方式', '现居住地址']);
  for (let i = 0; i < 1200; i++) {
    ws.addRow([`王${'伟芳娜敏静'[i % 5]}`, makeId(i < 1000 ? '440305' : '440106', '19800101', String(i % 1000).padStart(3, '0')), `138${String(i).padStart(8, '0')}`, '广州海珠', new Date(Date.UTC(2022, 10, 20)), '火车', `城关镇${i}号`]);
  }
  wb.addWorksheet('河口镇').addRow(['姓名']);
  const f = path.join(dir, '报备.xlsx');
  await wb.xlsx.writeFile(f);
  return f;
}

describe('xlsx import (spawned)', () => {
  it('imports every row of the first sheet under its title row, with the place codes', async () => {
    const f = await book();
    const r = bin(['arrival', 'import', f]);
    expect(r.stderr).toBe('sheet: 城关镇\nheader in row 2: the rows above it were skipped\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'xlsx', sheet: '城关镇', header_row: 2, read: 1200, inserted: 1200, rejected: 0, unresolved_places: 0 });
    expect(query(db, 'SELECT count(*) n, min(origin_code) c, min(arrival_date) d FROM arrivals')).toEqual([{ n: 1200, c: '440105', d: '2022-11-20' }]);
  });

  it('errors cross from the reader thread as one line: no such sheet, a sheet without the columns, a broken file', async () => {
    const f = await book();
    const none = bin(['--lang', 'zh', 'arrival', 'import', f, '--sheet', '东坝镇']);
    expect(none).toMatchObject({ code: 2, stderr: `错误：文件：${f} 中没有名为“东坝镇”的工作表（有：城关镇, 河口镇）\n` });
    const cols = bin(['arrival', 'import', f, '--sheet', '河口镇']);
    expect(cols.code).toBe(2);
    expect(cols.stderr).toMatch(/^error: file: missing required column\(s\): id_number, phone/);
    const broken = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(broken, Buffer.concat([fs.readFileSync(f).subarray(0, 2000)]));
    const b = bin(['arrival', 'import', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/is not a sound \.xlsx workbook/);
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 0 }]);
  });
});
