// npm run bench -- --rows N: generates data, measures fangkong against the targets of issue 7.
// Not part of npm test: it takes minutes at a million rows and its figures depend on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKPOINT_KINDS, writeArrivals, writeInspections } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'fangkong');
const MEASURE = path.join(ROOT, 'bench', 'measure.mjs');
const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1] ?? 100000) || 100000;
const work = path.join(ROOT, '.bench');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const db = path.join(work, 'bench.db');
const env = { ...process.env, LANG: 'C', FANGKONG_DB: db };
const TODAY = '2022-12-31';

function hasSqlite3() {
  return spawnSync('sqlite3', ['-version']).status === 0;
}

/** Wall time (s) and peak memory (MB) of one fangkong command run in a fresh process. */
function fangkong(cmd, { out } = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MEASURE, '--today', TODAY, ...cmd], { env, stdio: ['ignore', out ? fs.openSync(out, 'w') : 'pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 3) throw new Error(`fangkong ${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  const rss = Number(String(r.output[3] ?? '').trim()) / 1024;
  return { secs, mb: rss, stdout: r.stdout ? String(r.stdout) : '' };
}

function timeCmd(file, argv, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(file, argv, { env, ...opts });
  if (r.status !== 0) throw new Error(`${file} ${argv.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const results = [];
function record(name, value, unit, target, ok, note = '') {
  results.push({ name, value, unit, target, ok, note });
  console.log(`${ok === null ? ' ' : ok ? '✔' : '✘'} ${name}: ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 0) : value} ${unit}${target ? `  (target ${target})` : ''}${note ? `  ${note}` : ''}`);
}

console.log(`fangkong benchmark: ${rows.toLocaleString('en')} arrivals, ${(2 * rows).toLocaleString('en')} inspections`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
const arrivalsCsv = writeArrivals(path.join(work, 'arrivals.csv'), rows);
const inspectionsCsv = writeInspections(path.join(work, 'inspections.csv'), 2 * rows);
console.log(`data: ${(fs.statSync(arrivalsCsv).size / 2 ** 20).toFixed(0)} MB of arrivals, ${(fs.statSync(inspectionsCsv).size / 2 ** 20).toFixed(0)} MB of inspections\n`);

// 1. arrivals import, against sqlite3's .import of the same file into a bare table
const sqlite = hasSqlite3();
let base = null;
if (sqlite) base = timeCmd('sqlite3', [path.join(work, 'bare.db'), '.mode csv', `.import ${arrivalsCsv} t`]);
// only init creates a database
fangkong(['init']);
const imp = fangkong(['arrival', 'import', arrivalsCsv]);
record('arrivals import', rows / imp.secs, 'rows/s', null, null, `${imp.secs.toFixed(1)} s`);
if (base) record('arrivals import vs sqlite3 .import', imp.secs / base, '×', '≤ 2.5×', imp.secs / base <= 2.5, `sqlite3 .import ${base.toFixed(1)} s`);
else record('arrivals import vs sqlite3 .import', 'n/a', '', '≤ 2.5×', null, 'no sqlite3 on this machine (apt-get install sqlite3)');
record('arrivals import peak memory', imp.mb, 'MB', '< 200 MB', imp.mb < 200);

// 1b. a township's workbook (.xlsx, title row, date cells) of up to 100,000 arrivals, into a database of its own
const { importWorkbook, writeWorkbook } = await import('./xlsx.mjs');
const xrows = Math.min(rows, 100000);
const ximp = importWorkbook(await writeWorkbook(path.join(work, 'arrivals.xlsx'), xrows, work), work, TODAY);
record(`xlsx arrivals import, ${xrows.toLocaleString('en')} rows`, xrows / ximp.secs, 'rows/s', null, null, `${ximp.secs.toFixed(1)} s`);
record('xlsx arrivals import peak memory', ximp.mb, 'MB', '< 250 MB', ximp.mb < 250);

// 2. inspections import
for (const [name, kind] of Object.entries(CHECKPOINT_KINDS)) fangkong(['checkpoint', 'add', name, '--kind', kind]);
const insp = fangkong(['inspect', 'import', inspectionsCsv]);
record('inspections import', (2 * rows) / insp.secs, 'rows/s', null, null, `${insp.secs.toFixed(1)} s, peak ${insp.mb.toFixed(0)} MB`);

// 3. measures for three days of arrivals, so that the report and test due have work to do
fangkong(['area', 'set', '广东省', '--level', 'high', '--from', '2022-11-01']);
for (const d of ['2022-11-18', '2022-11-19', '2022-11-20']) fangkong(['assign', '--pending', '--date', d]);

// 4. export, against sqlite3 -csv of the same table
const exp = fangkong(['arrival', 'export', '--reveal', '--out', path.join(work, 'export.csv')]);
record('export', rows / exp.secs, 'rows/s', null, null, `${exp.secs.toFixed(1)} s`);
if (sqlite) {
  const cols = 'name,id_number,phone,origin,arrival_date,transport,destination,arrival_time,vehicle,township,contact_type,exposure_date,note';
  const sq = timeCmd('sh', ['-c', `sqlite3 -csv -header ${db} "SELECT ${cols} FROM arrivals" > ${path.join(work, 'sqlite-export.csv')}`]);
  record('export vs sqlite3 -csv', exp.secs / sq, '×', '≤ 2×', exp.secs / sq <= 2, `sqlite3 -csv ${sq.toFixed(1)} s`);
}

// 5. the daily report on the full database, the whole process, median of 5
const rep = median([0, 1, 2, 3, 4].map(() => fangkong(['report', 'daily', '--date', '2022-11-20', '--format', 'json']).secs));
record('report daily (whole process)', rep, 's', '< 0.5 s', rep < 0.5);

// 5b. the measure counts balance on the generated county: for every kind and day of a month,
// active(d) = active(d−1) + started + moved_in − moved_out − released − cancelled
{
  const days = JSON.parse(fangkong(['report', 'range', '--from', '2022-11-15', '--to', '2022-12-15', '--format', 'json']).stdout);
  const broken = [];
  for (let i = 1; i < days.length; i++) {
    for (const k of ['centralized', 'home_quarantine', 'health_monitoring']) {
      const d = days[i];
      const n = (f) => d[`${k}_${f}`];
      if (n('active') !== days[i - 1][`${k}_active`] + n('started') + n('moved_in') - n('moved_out') - n('released') - n('cancelled')) broken.push(`${d.date} ${k}`);
    }
  }
  const people = Math.max(...days.map((d) => d.centralized_active + d.home_quarantine_active + d.health_monitoring_active));
  record('report range: the flows balance', broken.length === 0 ? 'holds' : `broken on ${broken.slice(0, 3).join(', ')}`, '', 'every kind, every day', broken.length === 0, `${days.length} days, up to ${people} people under a measure`);
}

// 6. a day's listing and the day's follow-up list
const list = median([0, 1, 2].map(() => fangkong(['arrival', 'list', '--date', '2022-11-20', '--format', 'json']).secs));
record('arrival list --date (whole process)', list, 's', null, null);
const due = median([0, 1, 2].map(() => fangkong(['test', 'due', '--date', '2022-11-21', '--format', 'json']).secs));
record('test due (whole process)', due, 's', null, null);

// 7. start-up
const ver = median(Array.from({ length: 15 }, () => timeCmd(process.execPath, [BIN, '--version'])));
const bare = median(Array.from({ length: 15 }, () => timeCmd(process.execPath, ['-e', '0'])));
record('fangkong --version vs node -e 0', ver / bare, '×', '≤ 1.5×', ver / bare <= 1.5, `${(ver * 1000).toFixed(0)} ms vs ${(bare * 1000).toFixed(0)} ms`);

const counts = execFileSync(process.execPath, [BIN, 'report', 'daily', '--date', '2022-11-20', '--format', 'json'], { env }).toString();
const c = JSON.parse(counts);
console.log(`\nreport of 2022-11-20: ${c.arrivals.new} arrivals, ${c.inspections.total} inspections, ${c.tests.due} tests due, ${c.measures.home_quarantine.active} in home quarantine`);
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify({ rows, results }, null, 2));
