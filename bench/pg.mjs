// node bench/pg.mjs --server postgres://postgres@127.0.0.1:PORT [--rows N] [--inspections N] [--dist DIR] [--work DIR]
// The PostgreSQL column of BENCHMARKS.md (issue 18): on a running server (as its superuser), each
// in a fresh database made by `fangkong init` with the five checkpoints of bench/run.mjs,
//   - `arrival import` of N generated arrivals (bench/generate.mjs), and `inspect import` of the
//     generated inspections into the database with those arrivals;
//   - the floor: `psql \copy` of the same CSV into a temporary text table, then one
//     `INSERT … SELECT … ON CONFLICT DO NOTHING` into `arrivals` (its CHECKs, indexes and id
//     trigger), the Chinese words mapped to the stored keys in SQL — as bench/baselines.mjs does
//     with sqlite3 — and `\copy` into a bare table of text columns.
// --dist runs another build's dist/ (a before/after comparison). Wall times from this process;
// the figures depend on the machine and on what else runs on it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKPOINT_KINDS, writeArrivals, writeInspections } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const server = arg('--server');
if (!server) throw new Error('give --server postgres://user@host:port (a running PostgreSQL, as a superuser)');
const rows = Number(arg('--rows', 100000));
const inspections = Number(arg('--inspections', rows));
const dist = path.resolve(arg('--dist', path.join(ROOT, 'dist')));
const work = path.resolve(arg('--work', fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-pg-bench-'))));
fs.mkdirSync(work, { recursive: true });
const TODAY = '2022-12-31';
const measure = path.join(work, 'measure.mjs');
fs.writeFileSync(
  measure,
  `import fs from 'node:fs';\nconst { main, processDeps } = await import(${JSON.stringify(path.join(dist, 'cli', 'main.js'))});\nconst code = await main(process.argv.slice(2), processDeps());\nfs.writeSync(3, String(process.resourceUsage().maxRSS) + '\\n');\nprocess.exitCode = code;\n`,
);

function psql(db, sql) {
  // a script on stdin: SQL and \\copy lines in one session
  const r = spawnSync('psql', [`${server}/${db}`, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-f', '-'], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

function timed(fn) {
  const t = process.hrtime.bigint();
  const out = fn();
  return { secs: Number(process.hrtime.bigint() - t) / 1e9, out };
}

function fangkong(db, cmd) {
  return timed(() => {
    const r = spawnSync(process.execPath, [measure, '--today', TODAY, '--db', `${server}/${db}`, ...cmd], { env: { ...process.env, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    if (r.status !== 0 && r.status !== 3) throw new Error(`fangkong ${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
    return { mb: Number(String(r.output[3]).trim()) / 1024, stdout: String(r.stdout) };
  });
}

let n = 0;
function freshDb() {
  const db = `fk_bench_${process.pid}_${++n}`;
  psql('postgres', `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8'`);
  fangkong(db, ['init']);
  for (const [name, kind] of Object.entries(CHECKPOINT_KINDS)) fangkong(db, ['checkpoint', 'add', name, '--kind', kind]);
  return db;
}

const arrivalsCsv = writeArrivals(path.join(work, 'arrivals.csv'), rows);
const inspectionsCsv = writeInspections(path.join(work, 'inspections.csv'), inspections);
const results = [];
const record = (what, secs, extra = '') => {
  results.push({ what, secs: Number(secs.toFixed(2)), extra });
  console.log(`${what}: ${secs.toFixed(2)} s ${extra}`);
};

const db = freshDb();
const imp = fangkong(db, ['arrival', 'import', arrivalsCsv]);
record(`arrival import, ${rows} rows`, imp.secs, `(${Math.round(rows / imp.secs)} rows/s, peak ${imp.out.mb.toFixed(0)} MB)`);
const insp = fangkong(db, ['inspect', 'import', inspectionsCsv]);
record(`inspect import, ${inspections} rows`, insp.secs, `(peak ${insp.out.mb.toFixed(0)} MB)`);
const counts = psql(db, 'SELECT (SELECT count(*) FROM arrivals), (SELECT count(*) FROM inspections)').trim();
console.log(`rows: arrivals|inspections = ${counts}`);

const floor = freshDb();
const copy = timed(() =>
  psql(
    floor,
    `CREATE TEMP TABLE s (name text, id_number text, phone text, origin text, arrival_date text, transport text, destination text, township text);
\\copy s FROM '${arrivalsCsv}' WITH (FORMAT csv, HEADER true)
INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by)
  SELECT id_number, name, phone, origin, arrival_date,
         CASE transport WHEN '火车' THEN 'train' WHEN '飞机' THEN 'plane' WHEN '自驾' THEN 'car' WHEN '客车' THEN 'bus' ELSE 'other' END,
         destination, township, 'none', '2022-12-31T00:00:00', 'bench' FROM s
  ON CONFLICT DO NOTHING;`,
  ),
);
record('psql \\copy + INSERT … SELECT into the same schema', copy.secs);
const bare = timed(() => psql(floor, `CREATE TABLE bare (name text, id_number text, phone text, origin text, arrival_date text, transport text, destination text, township text);\n\\copy bare FROM '${arrivalsCsv}' WITH (FORMAT csv, HEADER true)`));
record('psql \\copy into a bare table', bare.secs);
for (const d of [db, floor]) psql('postgres', `DROP DATABASE ${d}`);
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2));
