// node bench/big-list.mjs [--rows N]: N arrivals (default 300,000) inserted in SQL, then
// `arrival list` as a table (not a terminal, --format table), JSON, JSON lines and CSV, stdout to
// a file, and `arrival export --out` (the target of issue 17: JSON lines within 1.5x its time);
// prints each one's wall time, CPU time and peak memory (/usr/bin/time). Not part of npm test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'fangkong');
const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1] ?? 300000) || 300000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-biglist-'));
const db = path.join(dir, 'big.db');
const env = { PATH: process.env.PATH, HOME: dir, LANG: 'C' };
spawnSync(process.execPath, [BIN, '--db', db, 'init'], { env });
const sql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
  INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by)
  SELECT printf('110101%012d', i), '人员' || i, '13800138000', '广东省深圳市', '2022-11-10', 'train', '城关镇幸福路' || i || '号', '城关镇', 'none', '2022-11-10T10:00:00', 'tester' FROM n`;
if (spawnSync('sqlite3', [db, sql]).status !== 0) throw new Error('sqlite3 failed');
const measured = {};
const run = (label, args, out) => {
  const fd = fs.openSync(out, 'w');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %M', process.execPath, BIN, '--db', db, ...args], { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  fs.closeSync(fd);
  const [secs, user, kb] = r.stderr.trim().split('\n').pop().split(' ');
  measured[label] = { secs: Number(secs), user: Number(user) };
  const size = fs.statSync(args.includes('--out') ? args[args.indexOf('--out') + 1] : out).size;
  console.log(`${label.padEnd(6)} exit ${r.status}  ${secs} s (cpu ${user} s)  peak ${Math.round(Number(kb) / 1024)} MB  ${(size / 1e6).toFixed(1)} MB written`);
};
for (const format of ['table', 'json', 'jsonl', 'csv']) run(format, ['arrival', 'list', '--format', format], path.join(dir, `out.${format}`));
run('export', ['arrival', 'export', '--out', path.join(dir, 'export.csv')], path.join(dir, 'export.log'));
console.log(`jsonl / export: ${(measured.jsonl.secs / measured.export.secs).toFixed(2)} (wall), ${(measured.jsonl.user / measured.export.user).toFixed(2)} (cpu)`);
fs.rmSync(dir, { recursive: true, force: true });
