// A township workbook of N arrivals (default 100,000), imported by a fresh fangkong process:
// wall time and peak memory (maxRSS). The workbook is written here by exceljs's streaming writer
// as a township sends it: a title row merged over the columns, the header in row 2, ID numbers
// and phones as text cells, arrival dates as date cells. Target: peak memory under 250 MB.
//   node bench/xlsx.mjs [--rows N]      (also step 1b of npm run bench)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArrivals } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MEASURE = path.join(ROOT, 'bench', 'measure.mjs');
const ExcelJS = createRequire(import.meta.url)('exceljs');

/** Writes the arrivals of a generated CSV as a township's .xlsx; returns the path. */
export async function writeWorkbook(file, rows, work) {
  const csv = writeArrivals(path.join(work, 'xlsx-source.csv'), rows);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('城关镇');
  const title = ws.addRow(['城关镇来返人员报备表']);
  ws.mergeCells('A1:H1');
  title.commit();
  const lines = fs.readFileSync(csv, 'utf8').trimEnd().split('\n');
  ws.addRow(lines[0].split(',')).commit();
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    const [y, m, d] = f[4].split('-').map(Number);
    const row = ws.addRow([f[0], f[1], f[2], f[3], new Date(Date.UTC(y, m - 1, d)), f[5], f[6], f[7]]);
    row.getCell(5).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  await wb.commit();
  fs.rmSync(csv);
  return file;
}

/** Imports the workbook into a fresh database in a new process: { secs, mb, stdout }. */
export function importWorkbook(file, work, today = '2022-12-31') {
  const db = path.join(work, 'xlsx.db');
  fs.rmSync(db, { force: true });
  const env = { ...process.env, LANG: 'C', FANGKONG_DB: db };
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'fangkong'), 'init'], { env });
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MEASURE, '--today', today, 'arrival', 'import', file], { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`arrival import ${file} failed (${r.status}): ${r.stderr}`);
  return { secs, mb: Number(String(r.output[3]).trim().split(' ')[0]) / 1024, stdout: String(r.stdout) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rows = Number(args[args.indexOf('--rows') + 1] ?? 100000) || 100000;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-xlsx-'));
  const file = await writeWorkbook(path.join(work, '城关镇.xlsx'), rows, work);
  console.log(`workbook: ${rows.toLocaleString('en')} arrivals, ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB`);
  const r = importWorkbook(file, work);
  const counts = JSON.parse(r.stdout);
  console.log(`${r.mb < 250 ? '✔' : '✘'} xlsx arrivals import: ${r.secs.toFixed(1)} s, ${(rows / r.secs).toFixed(0)} rows/s, peak memory ${r.mb.toFixed(0)} MB (target < 250 MB); read ${counts.read}, inserted ${counts.inserted}`);
  fs.rmSync(work, { recursive: true, force: true });
}
