// npm run bench -- --rows N [--repeat R] [--work DIR]: generates data, measures fangkong against
// the targets of issue 17, each import and export as a ratio to SQLite's own C code doing the same
// load in the same minute (bench/baselines.mjs). Not part of npm test at a million rows (minutes,
// and the figures depend on the machine); test/bench-smoke.test.ts runs it small, and it fails only
// on errors, never on timings.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareImport, schemaArrivals, schemaInspections, sqlite3Version, SQLITE3_HOWTO, sqliteExport } from './baselines.mjs';
import { CHECKPOINT_KINDS, writeArrivals, writeInspections } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'fangkong');
const MEASURE = path.join(ROOT, 'bench', 'measure.mjs');
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rows = Number(arg('--rows', 100000)) || 100000;
// median of 3 where it is cheap; the inspections (2 × rows) once at a million, unless asked
const repeat = Number(arg('--repeat', rows <= 200000 ? 3 : 1)) || 1;
const work = path.resolve(arg('--work', path.join(ROOT, '.bench')));
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const db = path.join(work, 'bench.db');
const template = path.join(work, 'template.db');
const env = { ...process.env, LANG: 'C', FANGKONG_DB: db };
const TODAY = '2022-12-31';

/** Wall time (s) and peak memory (MB) of one fangkong command run in a fresh process. */
function fangkong(cmd, { out, dbFile = db } = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MEASURE, '--today', TODAY, ...cmd], {
    env: { ...env, FANGKONG_DB: dbFile },
    stdio: ['ignore', out ? fs.openSync(out, 'w') : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 3) throw new Error(`fangkong ${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [rss, user, sys] = String(r.output[3] ?? '').trim().split(' ').map(Number);
  return { secs, mb: rss / 1024, cpu: (user + sys) / 1e6, stdout: r.stdout ? String(r.stdout) : '' };
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

function copyDb(from, to) {
  for (const side of ['', '-wal', '-shm']) fs.rmSync(to + side, { force: true });
  fs.copyFileSync(from, to);
}

const results = [];
function record(name, value, unit, target, ok, note = '') {
  results.push({ name, value, unit, target, ok, note });
  const shown = typeof value === 'number' ? value.toFixed(value < 10 || unit === '×' ? 2 : 0) : value;
  console.log(`${ok === null ? ' ' : ok ? '✔' : '✘'} ${name}: ${shown} ${unit}${target ? `  (target ${target})` : ''}${note ? `  ${note}` : ''}`);
}
/** A ratio of the issue's table: the median over the runs, each run's figures in the note. */
function ratio(name, runs, target, limit) {
  if (!runs) return record(name, 'n/a', '', target, null, SQLITE3_HOWTO);
  const r = median(runs.map((x) => x.ours / x.base));
  const each = runs.map((x) => `${x.ours.toFixed(2)} s / ${x.base.toFixed(2)} s`).join('; ');
  record(name, r, '×', target, r <= limit, `median of ${runs.length}: ${each}`);
}

const sqlite3 = sqlite3Version();
const libSqlite = new (createRequire(import.meta.url)('better-sqlite3'))(':memory:').prepare('SELECT sqlite_version() AS v').get().v;
console.log(`fangkong benchmark: ${rows.toLocaleString('en')} arrivals, ${(2 * rows).toLocaleString('en')} inspections, runs of ${repeat}`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`);
console.log(`Node ${process.version}, SQLite ${libSqlite} (better-sqlite3), sqlite3 shell ${sqlite3 ?? `missing — ${SQLITE3_HOWTO}`}`);
const arrivalsCsv = writeArrivals(path.join(work, 'arrivals.csv'), rows);
const inspectionsCsv = writeInspections(path.join(work, 'inspections.csv'), 2 * rows);
console.log(`data: ${(fs.statSync(arrivalsCsv).size / 2 ** 20).toFixed(0)} MB of arrivals, ${(fs.statSync(inspectionsCsv).size / 2 ** 20).toFixed(0)} MB of inspections\n`);

// the database every run starts from: made by fangkong init, with the five checkpoints
fangkong(['init'], { dbFile: template });
for (const [name, kind] of Object.entries(CHECKPOINT_KINDS)) fangkong(['checkpoint', 'add', name, '--kind', kind], { dbFile: template });

// 1. arrivals import; in each run, the two sqlite3 floors just before it
const arrRuns = [];
let imp;
const mems = [];
for (let i = 0; i < repeat; i++) {
  const bare = sqlite3 ? bareImport(path.join(work, 'bare.db'), arrivalsCsv) : null;
  const schema = sqlite3 ? schemaArrivals(template, path.join(work, 'schema.db'), arrivalsCsv) : null;
  copyDb(template, db);
  imp = fangkong(['arrival', 'import', arrivalsCsv]);
  mems.push(imp.mb);
  arrRuns.push({ ours: imp.secs, bare, schema });
}
record('arrivals import', rows / imp.secs, 'rows/s', null, null, `${imp.secs.toFixed(1)} s (last run)`);
if (sqlite3) {
  record('sqlite3 .import into a bare table', median(arrRuns.map((r) => r.bare)), 's', null, null);
  record('sqlite3 .import into the fangkong schema, then INSERT OR IGNORE … SELECT', median(arrRuns.map((r) => r.schema)), 's', null, null);
  ratio('ratio: fangkong schema floor vs bare table (arrivals)', arrRuns.map((r) => ({ ours: r.schema, base: r.bare })), null, Infinity);
}
ratio('ratio: arrivals import vs sqlite3 into the same schema', sqlite3 && arrRuns.map((r) => ({ ours: r.ours, base: r.schema })), '≤ 1.3×', 1.3);
record('arrivals import peak memory', median(mems), 'MB', '≤ 150 MB', median(mems) <= 150, `runs: ${mems.map((m) => m.toFixed(0)).join(', ')} MB`);

// 1b. a township's workbook (.xlsx, title row, date cells) of up to 100,000 arrivals, into a database of its own
const { importWorkbook, writeWorkbook } = await import('./xlsx.mjs');
const xrows = Math.min(rows, 100000);
const ximp = importWorkbook(await writeWorkbook(path.join(work, 'arrivals.xlsx'), xrows, work), work, TODAY);
record(`xlsx arrivals import, ${xrows.toLocaleString('en')} rows`, xrows / ximp.secs, 'rows/s', null, null, `${ximp.secs.toFixed(1)} s`);
record('xlsx arrivals import peak memory', ximp.mb, 'MB', '< 250 MB', ximp.mb < 250);

// 2. inspections import, into the database with the arrivals; the floor starts from the same file
const withArrivals = path.join(work, 'with-arrivals.db');
copyDb(db, withArrivals);
const inspRuns = [];
const irepeat = Number(arg('--repeat', rows <= 50000 ? 3 : 1)) || 1;
let insp;
for (let i = 0; i < irepeat; i++) {
  const base = sqlite3 ? schemaInspections(withArrivals, path.join(work, 'schema-insp.db'), inspectionsCsv) : null;
  copyDb(withArrivals, db);
  insp = fangkong(['inspect', 'import', inspectionsCsv]);
  inspRuns.push({ ours: insp.secs, base });
}
record('inspections import', (2 * rows) / insp.secs, 'rows/s', null, null, `${insp.secs.toFixed(1)} s, peak ${insp.mb.toFixed(0)} MB (last run)`);
if (sqlite3) record('sqlite3 .import into the inspections table, then INSERT OR IGNORE … SELECT', median(inspRuns.map((r) => r.base)), 's', null, null);
ratio('ratio: inspections import vs sqlite3 into the same schema', sqlite3 && inspRuns.map((r) => ({ ours: r.ours, base: r.base })), '≤ 1.5×', 1.5);

// 3. measures for three days of arrivals, so that the report and test due have work to do
fangkong(['area', 'set', '广东省', '--level', 'high', '--from', '2022-11-01']);
for (const d of ['2022-11-18', '2022-11-19', '2022-11-20']) fangkong(['assign', '--pending', '--date', d]);

// 4. export, against sqlite3 -csv of the same columns, in the same order
const EXPORT_COLS = ['name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'arrival_time', 'vehicle', 'township', 'contact_type', 'exposure_date', 'note'];
const expRuns = [];
let exp;
for (let i = 0; i < repeat; i++) {
  const base = sqlite3 ? sqliteExport(db, EXPORT_COLS, path.join(work, 'sqlite-export.csv')) : null;
  exp = fangkong(['arrival', 'export', '--reveal', '--force', '--out', path.join(work, 'export.csv')]);
  expRuns.push({ ours: exp.secs, base });
}
record('export', rows / exp.secs, 'rows/s', null, null, `${exp.secs.toFixed(1)} s, peak ${exp.mb.toFixed(0)} MB (last run)`);
ratio('ratio: export vs sqlite3 -csv', sqlite3 && expRuns.map((r) => ({ ours: r.ours, base: r.base })), '≤ 1.5×', 1.5);

// 5. the daily report on the full database, the whole process, median of 5
const repRuns = [0, 1, 2, 3, 4].map(() => fangkong(['report', 'daily', '--date', '2022-11-20', '--format', 'json']));
const reps = repRuns.map((r) => r.secs);
const rep = median(reps);
record('report daily (whole process)', rep, 's', '≤ 0.3 s', rep <= 0.3, `runs: ${reps.map((s) => s.toFixed(2)).join(', ')} s`);
// the CPU it used (user + system, from node's start): what a shared machine's load does not stretch
record('report daily, CPU time (whole process)', median(repRuns.map((r) => r.cpu)), 's', null, null, `runs: ${repRuns.map((r) => r.cpu.toFixed(2)).join(', ')} s`);

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

// 7. start-up: interleaved, so that both see the same machine
const ver = [];
const bare = [];
for (let i = 0; i < 15; i++) {
  bare.push(timeCmd(process.execPath, ['-e', '0']));
  ver.push(timeCmd(process.execPath, [BIN, '--version']));
}
const sv = median(ver);
const sb = median(bare);
record('ratio: fangkong --version vs node -e 0', sv / sb, '×', '≤ 1.2×', sv / sb <= 1.2, `median of 15: ${(sv * 1000).toFixed(0)} ms vs ${(sb * 1000).toFixed(0)} ms`);

const counts = execFileSync(process.execPath, [BIN, 'report', 'daily', '--date', '2022-11-20', '--format', 'json'], { env }).toString();
const c = JSON.parse(counts);
console.log(`\nreport of 2022-11-20: ${c.arrivals.new} arrivals, ${c.inspections.total} inspections, ${c.tests.due} tests due, ${c.measures.home_quarantine.active} in home quarantine`);
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify({ rows, repeat, node: process.version, sqlite: libSqlite, sqlite3, results }, null, 2));
console.log('bench: done');
