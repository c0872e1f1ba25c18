import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { addArgs, BIN, makeId, query, runBin, runMain, tmpDir, VALID, initDb, backendArgs } from '../helpers.js';

let dir: string;
let db: string;
const bin = (args: string[], today = '2022-11-22') => runBin(['--db', db, '--today', today, ...args]);

beforeEach(async () => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'k.db'));
  expect(bin(['checkpoint', 'add', '高速卡点', '--kind', 'road']).code).toBe(0);
});

/**
 * Runs the real bin/fangkong in a pseudo-terminal (util-linux `script`), answering each prompt
 * when its text appears, as an officer at the keyboard would.
 */
function inTerminal(args: string[], steps: Array<[RegExp, string]>, env: Record<string, string> = {}): Promise<{ code: number; screen: string }> {
  const cmd = [process.execPath, BIN, ...backendArgs(args)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C', TERM: 'xterm', ...env } });
  let screen = '';
  let step = 0;
  let seen = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out at step ${step}; screen:\n${stripVTControlCharacters(screen)}`));
    }, 20_000);
    child.stdout.on('data', (chunk) => {
      screen += chunk.toString();
      const plain = stripVTControlCharacters(screen);
      while (step < steps.length) {
        const m = steps[step][0].exec(plain.slice(seen));
        if (!m) break;
        seen += m.index + m[0].length;
        child.stdin.write(steps[step][1]);
        step++;
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen: stripVTControlCharacters(screen) });
    });
  });
}

describe('inspect (spawned)', () => {
  it('logs an inspection as JSON when piped and says loudly when someone may not pass', () => {
    bin(addArgs());
    const ok = bin(['inspect', '--checkpoint', '高速卡点', '--id-number', VALID.id, '--code', 'green', '--temp', '36.5', '--test-result', 'negative', '--test-time', '2022-11-21 09:00', '--time', '2022-11-22 09:00']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ code: 'green', anomalies: [], action: 'pass', arrival_id: 1, id_number: '110105********002X' });
    const red = bin(['inspect', '--checkpoint', '高速卡点', '--id-number', VALID.id, '--code', 'red', '--temp', '37.6', '--test-result', 'negative', '--test-time', '2022-11-21 09:00', '--time', '2022-11-22 09:05', '--format', 'table', '--lang', 'zh']);
    expect(red.code).toBe(0);
    expect(red.stdout).toContain('✘ 不得放行：红码、发热 → 隔离');
    expect(query(db, 'SELECT code, anomalies, action, arrival_id FROM inspections ORDER BY id')).toEqual([
      { code: 'green', anomalies: '', action: 'pass', arrival_id: 1 },
      { code: 'red', anomalies: 'red_code,fever', action: 'quarantine', arrival_id: 1 },
    ]);
  });

  it('bad input is exit 2 with one line and nothing written', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--checkpoint', '火车站', '--vehicle', 'A1', '--code', 'green'], /no checkpoint "火车站"/],
      [['--checkpoint', '高速卡点', '--vehicle', 'A1', '--code', 'green', '--temp', '52'], /Temp\.: "52" is not a human temperature \(34 to 43 °C\)/],
      [['--checkpoint', '高速卡点', '--vehicle', 'A1', '--code', 'purple'], /argument 'purple' is invalid\. Allowed choices are green, yellow, red/],
      [['--checkpoint', '高速卡点', '--vehicle', 'A1', '--code', 'green', '--test-time', '2022-11-23 08:00', '--test-result', 'negative'], /Test time: test time "2022-11-23 08:00" is after the inspection/],
      [['--checkpoint', '高速卡点', '--vehicle', 'A1', '--code', 'green', '--time', '2022-11-23 08:00'], /Time: 2022-11-23 08:00 is in the future/],
      [['--checkpoint', '高速卡点', '--vehicle', 'A1', '--code', 'red', '--action', 'pass'], /red code: not to be let through/],
      [['--checkpoint', '高速卡点', '--code', 'green'], /give an ID number or a vehicle/],
      [['--vehicle', 'A1', '--code', 'green'], /missing --checkpoint/],
    ];
    for (const [args, message] of cases) {
      const r = bin(['inspect', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(query(db, 'SELECT count(*) n FROM inspections')).toEqual([{ n: 0 }]);
  });

  it('a checkpoint session in a terminal: one keypress for green and a normal temperature; with no test on record the test is asked; empty ID ends it', async () => {
    bin(addArgs());
    const stranger = makeId('440524', '18800101', '001');
    const r = await inTerminal(
      ['--db', db, '--today', '2022-11-22', 'inspect', 'session', '--checkpoint', '高速卡点'],
      [
        [/\[0\] ID number/, `${VALID.id}\r`],
        [/health code/, '\r'],
        [/test result/, '\r'], // no default: Enter is refused
        [/answer 1 \(negative\)/, '1\r'],
        [/sampled at/, '11-21 08:00\r'],
        [/temperature/, '\r'],
        [/\[1\] ID number/, `${stranger}\r`],
        [/health code/, '\x1b[B\x1b[B\r'], // down twice: red
        [/test result/, '1\r'],
        [/sampled at/, '\r'], // not known: an anomaly, never a pass
        [/temperature/, '38.2\r'],
        [/\[2\] ID number/, '12345\r'],
        [/must be 18 characters/, '\x15\r'], // a bad ID is refused in place; clear the line, Enter ends
      ],
    );
    expect(r.code).toBe(0);
    expect(r.screen).toContain('✔ pass');
    expect(r.screen).toContain('✘ NOT LET THROUGH: red code, fever, test time unknown → quarantine');
    expect(r.screen).toContain('no arrival registered');
    expect(r.screen).toMatch(/session ended: 高速卡点, 2 inspected, 1 anomalies, 1 not let through, 1 not registered/);
    expect(query(db, 'SELECT id_number, code, temperature, test_result, test_time, action FROM inspections ORDER BY id')).toEqual([
      { id_number: VALID.id, code: 'green', temperature: 36.5, test_result: 'negative', test_time: '2022-11-21T08:00', action: 'pass' },
      { id_number: stranger, code: 'red', temperature: 38.2, test_result: 'negative', test_time: null, action: 'quarantine' },
    ]);
  });

  it('Ctrl-C ends a session cleanly, keeping those already saved', async () => {
    const r = await inTerminal(
      ['--db', db, '--today', '2022-11-22', 'inspect', 'session', '--checkpoint', '高速卡点'],
      [
        [/\[0\] ID number/, `${VALID.id}\r`],
        [/health code/, '\r'],
        [/test result/, '0\r'],
        [/temperature/, '\r'],
        [/\[1\] ID number/, '\x03'],
      ],
    );
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/session ended: 高速卡点, 1 inspected/);
    expect(query(db, 'SELECT count(*) n FROM inspections')).toEqual([{ n: 1 }]);
  });

  it('a session without a terminal is a usage error, not a hang', () => {
    const r = bin(['inspect', 'session', '--checkpoint', '高速卡点']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a session needs a terminal/);
  });

  it('unregistered people can be exported as a sheet that arrival import takes', () => {
    const stranger = makeId('440524', '18800101', '001');
    bin(['inspect', '--checkpoint', '高速卡点', '--id-number', stranger, '--name', '李四', '--phone', '13900139000', '--origin', '广东省', '--code', 'green', '--time', '2022-11-22 08:00']);
    const sheet = path.join(dir, 'todo.csv');
    expect(bin(['inspect', 'unregistered', '--format', 'csv', '--reveal', '--out', sheet]).code).toBe(0);
    let text = fs.readFileSync(sheet, 'utf8');
    expect(text).toContain(`李四,resident_id,${stranger},'+8613900139000,广东省,2022-11-22,car,`);
    text = text.replace(',car,,', ',car,城关镇,');
    fs.writeFileSync(sheet, text);
    const imp = bin(['arrival', 'import', sheet]);
    expect(imp.code).toBe(0);
    expect(JSON.parse(bin(['inspect', 'unregistered']).stdout)).toEqual([]);
  });

  it("the day's test follow-up list, a positive result and the overdue list", () => {
    bin(addArgs({ '--contact': 'close', '--exposure-date': '2022-11-19' }), '2022-11-21');
    bin(['assign', '1'], '2022-11-21');
    const due = JSON.parse(bin(['test', 'due', '--date', '2022-11-22']).stdout);
    expect(due).toEqual([expect.objectContaining({ test_date: '2022-11-22', name: '张三', where: VALID.destination, phase_kind: 'centralized', day: 3, done: false, positive: false })]);
    const pos = bin(['test', 'record', VALID.id, '--date', '2022-11-22', '--result', 'positive']);
    expect(pos.code).toBe(0);
    expect(pos.stderr).toMatch(/POSITIVE: measure 1 marked for decision/);
    expect(JSON.parse(bin(['quarantine', 'list']).stdout)[0].flag).toBe('positive');
    const overdue = JSON.parse(bin(['test', 'overdue', '--date', '2022-11-23']).stdout);
    expect(overdue.map((r: { test_date: string }) => r.test_date)).toEqual(['2022-11-20', '2022-11-21']);
    const future = bin(['test', 'record', VALID.id, '--date', '2022-11-25', '--result', 'negative']);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/2022-11-25 is in the future/);
  });
});

describe('inspect, checkpoint and test: one output pipeline (in process, a terminal or a pipe)', () => {
  const args = (...rest: string[]) => ['--db', db, '--today', '2022-11-21', ...rest];
  const red = ['inspect', '--checkpoint', '高速卡点', '--id-number', VALID.id, '--code', 'red', '--temp', '37.6', '--test-result', 'negative', '--test-time', '2022-11-20 18:00'];

  it('inspect log: JSON and the verdict line on stderr when piped; the verdict, in colour, once, on a terminal', async () => {
    const piped = await runMain(args(...red, '--time', '2022-11-21 09:00'));
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({ code: 'red', anomalies: ['red_code', 'fever'], id_number: '110105********002X' });
    expect(piped.stderr).toBe('✘ NOT LET THROUGH: red code, fever → quarantine  110105********002X red 37.6℃\n');
    const tty = await runMain(args(...red, '--time', '2022-11-21 09:01'), { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/\u001b\[/);
    expect(stripVTControlCharacters(tty.stdout)).toBe('✘ NOT LET THROUGH: red code, fever → quarantine  110105********002X red 37.6℃\n  no arrival registered: register them (no one missed)\n');
    // said once: not again on stderr when the verdict is the output
    expect(tty.stderr).toBe('');
    const table = await runMain(args('--format', 'table', ...red, '--time', '2022-11-21 09:04'));
    expect(table.stdout).toContain('✘ NOT LET THROUGH');
    expect(table.stderr).toBe('');
    const green = await runMain(args('inspect', '--checkpoint', '高速卡点', '--vehicle', 'A1', '--code', 'green', '--test-result', 'negative', '--test-time', '2022-11-20 18:00', '--time', '2022-11-21 09:02'));
    expect(green.stderr).toBe('');
    const revealed = await runMain(args('--reveal', ...red, '--time', '2022-11-21 09:03'));
    expect(JSON.parse(revealed.stdout).id_number).toBe(VALID.id);
  });

  it('checkpoint add and test record: JSON when piped, the line on a terminal', async () => {
    const piped = await runMain(args('checkpoint', 'add', '火车站', '--kind', 'rail'));
    expect(JSON.parse(piped.stdout)).toEqual({ name: '火车站', kind: 'rail', location: null });
    const tty = await runMain(args('--lang', 'zh', 'checkpoint', 'add', '机场', '--kind', 'airport'), { tty: true });
    expect(tty.stdout).toBe('已添加卡点 机场\n');
    bin(addArgs(), '2022-11-21');
    const rec = await runMain(args('test', 'record', VALID.id, '--date', '2022-11-21', '--result', 'negative'));
    expect(JSON.parse(rec.stdout)).toMatchObject({ id_number: '110105********002X', result: 'negative', flagged: false });
    const line = await runMain(args('--format', 'table', 'test', 'record', '1', '--date', '2022-11-20', '--result', 'pending'));
    expect(line.stdout).toBe('recorded: 张三 2022-11-20 pending\n');
  });

  it('lists: their counts under a table only', async () => {
    await runMain(args(...red, '--time', '2022-11-21 09:00'));
    const tty = await runMain(args('inspect', 'unregistered', '--no-color'), { tty: true });
    expect(tty.stdout).toContain('110105********002X');
    expect(tty.stderr).toBe('1 person(s) not registered\n');
    const piped = await runMain(args('inspect', 'unregistered'));
    expect(JSON.parse(piped.stdout)).toHaveLength(1);
    expect(piped.stderr).toBe('');
    const due = await runMain(args('test', 'due', '--no-color'), { tty: true });
    expect(due.stderr).toBe('2022-11-21: 0 due, 0 done, 0 sampled awaiting result, 0 not yet\n');
  });
});
