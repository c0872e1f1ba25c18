// The floors fangkong is measured against (issue 17): SQLite's own C code loading the same CSV,
//   - into a bare table (`sqlite3 .import`, every column TEXT, no index, no CHECK), and
//   - into a database made by `fangkong init` (the same tables, indexes and CHECKs) with the
//     pragmas fangkong opens it with (WAL, synchronous=NORMAL, 64 MB page cache): `.import` into a
//     temporary staging table, then `INSERT OR IGNORE … SELECT` into the real table, mapping the
//     Chinese words of the file to the stored keys (火车 → train, 绿码 → green) in SQL.
// Each is one `sqlite3` process, timed from the shell like a fangkong command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const PRAGMAS = 'PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\nPRAGMA cache_size = -65536;\nPRAGMA temp_store = MEMORY;\n';

export const SQLITE3_HOWTO = 'the sqlite3 command-line shell is not installed: apt-get install sqlite3 (Debian/Ubuntu), brew install sqlite (macOS), or https://sqlite.org/download.html';

/** The sqlite3 shell's version ("3.46.1"), or null when it is not installed. */
export function sqlite3Version() {
  const r = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(' ')[0] : null;
}

/** Runs a script through `sqlite3 db`; returns the wall time in seconds. */
export function runSqlite3(db, script) {
  const t = process.hrtime.bigint();
  const r = spawnSync('sqlite3', ['-bail', db], { input: script, encoding: 'utf8', maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 || /Error|error:/.test(r.stderr)) throw new Error(`sqlite3 ${db} failed (${r.status}): ${r.stderr}`);
  return secs;
}

/** `sqlite3 .import` of the CSV into a new bare table (the header names its columns). */
export function bareImport(db, csv) {
  fs.rmSync(db, { force: true });
  return runSqlite3(db, `.mode csv\n.import ${csv} t\n`);
}

const TRANSPORT = "CASE s.transport WHEN '火车' THEN 'train' WHEN '飞机' THEN 'plane' WHEN '自驾' THEN 'car' WHEN '客车' THEN 'bus' WHEN '轮船' THEN 'ship' ELSE 'other' END";

/**
 * The arrivals of bench/generate.mjs into the `arrivals` table of a database fangkong has just
 * initialised (an empty copy of it is made per run: `template` is that database, untouched).
 */
export function schemaArrivals(template, db, csv) {
  copyDb(template, db);
  return runSqlite3(
    db,
    `${PRAGMAS}CREATE TEMP TABLE s (name, id_number, phone, origin, arrival_date, transport, destination, township);
.import --csv --skip 1 --schema temp ${csv} s
BEGIN;
INSERT OR IGNORE INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by)
  SELECT s.id_number, s.name, s.phone, s.origin, s.arrival_date, ${TRANSPORT}, s.destination, s.township, 'none', '2022-12-31T00:00:00', 'bench' FROM temp.s AS s;
COMMIT;
`,
  );
}

/**
 * The inspections of bench/generate.mjs into the `inspections` table (checkpoints already added
 * to `template` by fangkong): the checkpoint by name, the date cut from the time, the codes and
 * results as stored keys, the action and anomalies of the health code as the import gives them.
 */
export function schemaInspections(template, db, csv) {
  copyDb(template, db);
  return runSqlite3(
    db,
    `${PRAGMAS}CREATE TEMP TABLE s (checkpoint, at, id_number, vehicle, passengers, code, temperature, result, test_time);
.import --csv --skip 1 --schema temp ${csv} s
BEGIN;
INSERT OR IGNORE INTO inspections (checkpoint_id, inspected_at, inspected_date, id_number, vehicle, passengers, code, test_time, test_result, temperature, action, anomalies, created_at, created_by)
  SELECT c.id, replace(s.at, ' ', 'T'), substr(s.at, 1, 10), nullif(s.id_number, ''), nullif(s.vehicle, ''), CAST(s.passengers AS INTEGER),
         CASE s.code WHEN '绿码' THEN 'green' WHEN '黄码' THEN 'yellow' ELSE 'red' END,
         replace(s.test_time, ' ', 'T'), CASE s.result WHEN '阴性' THEN 'negative' WHEN '阳性' THEN 'positive' ELSE 'none' END,
         CAST(s.temperature AS REAL),
         CASE s.code WHEN '绿码' THEN 'pass' WHEN '黄码' THEN 'refer' ELSE 'quarantine' END,
         CASE s.code WHEN '绿码' THEN '' WHEN '黄码' THEN 'yellow_code' ELSE 'red_code' END,
         '2022-12-31T00:00:00', 'bench'
    FROM temp.s AS s JOIN checkpoints AS c ON c.name = s.checkpoint;
COMMIT;
`,
  );
}

/** `sqlite3 -csv` of the columns of an export (with a header line) to a file. */
export function sqliteExport(db, columns, out) {
  const t = process.hrtime.bigint();
  const fd = fs.openSync(out, 'w');
  const r = spawnSync('sqlite3', ['-csv', '-header', db, `SELECT ${columns.join(', ')} FROM arrivals ORDER BY id`], { stdio: ['ignore', fd, 'pipe'] });
  fs.closeSync(fd);
  if (r.status !== 0) throw new Error(`sqlite3 -csv failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function copyDb(from, to) {
  for (const side of ['', '-wal', '-shm']) fs.rmSync(to + side, { force: true });
  // the template is closed (no -wal left by fangkong after a clean exit), so the file is the database
  fs.copyFileSync(from, to);
}
