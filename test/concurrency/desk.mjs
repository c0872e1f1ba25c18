// One desk of the concurrency test (test/integration/pg-concurrency.test.ts): runs its kind of
// command against FANGKONG_DB in a loop, in-process through dist/cli/main.js (bin/fangkong's
// code, without a Node start-up per command), until the time is up; prints one JSON line of what
// succeeded, for the test to add up. node desk.mjs KIND DESK SECONDS FOLDER
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../dist/cli/main.js';

const [kind, desk, seconds, folder] = process.argv.slice(2);
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid ID number for each n (unique below 16 million): birth date and sequence from n. */
const id = (n) => {
  const b = Math.floor(n / 1000);
  const pad = (x, w = 2) => String(x).padStart(w, '0');
  const s = `440305${1950 + (b % 50)}${pad(1 + (Math.floor(b / 1400) % 12))}${pad(1 + (Math.floor(b / 50) % 28))}${pad(n % 1000, 3)}`;
  return s + '10X98765432'[[...s].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
};

async function run(argv) {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c) => (o += c));
  err.on('data', (c) => (e += c));
  const code = await main(argv, {
    io: { stdout: out, stderr: err, stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: { LANG: 'C', FANGKONG_DB: process.env.FANGKONG_DB, FANGKONG_TZ: 'Asia/Shanghai' },
    now: () => new Date('2022-11-21T02:00:00Z'),
    prompter: { input: async () => { throw new Error('no prompt'); }, select: async () => { throw new Error('no prompt'); } },
    username: () => `${kind}${desk}`,
  });
  await new Promise((r) => setImmediate(r));
  return { code, out: o, err: e };
}

const done = { kind, desk, ok: 0, busy: 0, failed: [], arrivals: [], inspections: [], reports: [] };
const until = Date.now() + Number(seconds) * 1000;
for (let i = 0; Date.now() < until; i++) {
  let r;
  if (kind === 'import') {
    // ten rows of this desk's own, ten that the other import desk imports too (the same natural keys)
    const rows = [];
    for (let k = 0; k < 10; k++) rows.push([id(100000 + Number(desk) * 10000 + i * 10 + k), '2022-11-20']);
    for (let k = 0; k < 10; k++) rows.push([id(i * 10 + k), '2022-11-20']);
    const file = path.join(folder, `import-${desk}-${i}.csv`);
    fs.writeFileSync(file, '姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,乡镇\n' + rows.map(([n, d]) => `张三,${n},13800138000,广东省深圳市南山区,${d},火车,城关镇幸福路1号,城关镇`).join('\n') + '\n');
    r = await run(['arrival', 'import', file, '--format', 'json']);
    if (r.code === 0) done.arrivals.push(...rows.map(([n, d]) => `${n}|${d}`));
  } else if (kind === 'inspect') {
    const rows = [];
    for (let k = 0; k < 5; k++) rows.push(`卡点,2022-11-20 ${String(8 + Number(desk)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${id(200000 + i * 5 + k)},,1,绿码,36.5,阴性,2022-11-19 10:00`);
    // and one the other inspection desk logs too
    rows.push(`卡点,2022-11-20 07:${String(i % 60).padStart(2, '0')},${id(300000 + i)},,1,绿码,36.5,阴性,2022-11-19 10:00`);
    const file = path.join(folder, `inspect-${desk}-${i}.csv`);
    fs.writeFileSync(file, '卡点,查验时间,身份证号,车牌,人数,健康码,体温,核酸结果,核酸时间\n' + rows.join('\n') + '\n');
    r = await run(['inspect', 'import', file, '--format', 'json']);
    if (r.code === 0) done.inspections.push(...rows.map((l) => l.split(',').slice(0, 3).join('|')));
  } else if (kind === 'assign') {
    r = await run(['quarantine', 'assign', '--pending', '--format', 'json']);
  } else if (kind === 'report') {
    r = await run(['report', 'daily', '--date', '2022-11-20', '--format', 'json']);
    if (r.code === 0) {
      const j = JSON.parse(r.out);
      const byTransport = Object.values(j.arrivals.by_transport).reduce((a, b) => a + b, 0);
      const byTownship = Object.values(j.arrivals.by_township).reduce((a, b) => a + b, 0);
      done.reports.push({ new: j.arrivals.new, byTransport, byTownship, inspections: j.inspections.total });
    }
  }
  if (r.code === 0) done.ok++;
  else if (/busy|try again|run the command again/.test(r.err)) done.busy++;
  else done.failed.push(r.err.trim().split('\n')[0]);
}
process.stdout.write(JSON.stringify(done) + '\n');
