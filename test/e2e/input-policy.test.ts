/**
 * Issue 23, points 13 and 15: each hostile or careless input of the issue gets one clear line and
 * exit 2 with nothing written (13), and one document number under two names is said, and asked
 * about on a terminal (15). Every case spawns bin/fangkong, or runs main() with a scripted
 * terminal, and checks the database after.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompter, SelectPrompt } from '../../src/cli/context.js';
import { addArgs, initDb, makeId, query, ROOT, runBin, runMain, tmpDir, VALID } from '../helpers.js';

const TODAY = ['--today', '2022-11-21'];
const BROKEN = path.join(ROOT, 'test', 'fixtures', 'xlsx-broken');

function fresh(name = 'p.db'): string {
  return initDb(path.join(tmpDir(), name));
}

function count(db: string, table: string): number {
  return Number(query<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`)[0].n);
}

/** One line on stderr, exit 2, nothing on stdout. */
function refused(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  return r.stderr;
}

describe('ID numbers: birth dates from 1880 (the standard\'s own example) on', () => {
  // a valid check character on each: only the birth year is wrong
  const cases: Array<[string, string, boolean]> = [
    ['1800', makeId('440524', '18000101', '001'), false],
    ['1850', makeId('440524', '18500101', '001'), false],
    ['1879-12-31', makeId('440524', '18791231', '001'), false],
    ['1880-01-01 (GB 11643 example)', '440524188001010014', true],
    ['1949', VALID.id, true],
  ];
  for (const [label, id, ok] of cases) {
    it(`${label}: ${ok ? 'accepted' : 'refused'}`, () => {
      const db = fresh();
      const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, ...addArgs({ '--id-number': id })]);
      if (ok) {
        expect(r.code, r.stderr).toBe(0);
        expect(count(db, 'arrivals')).toBe(1);
      } else {
        expect(refused(r)).toMatch(/出生日期\d{4}-\d{2}-\d{2}早于1880年：请核对身份证号/);
        expect(count(db, 'arrivals')).toBe(0);
      }
    });
  }

  it('an imported row born 1850 is refused with its row named', () => {
    const db = fresh();
    const dir = path.dirname(db);
    const file = path.join(dir, 'old.csv');
    fs.writeFileSync(file, `姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地\n张三,${makeId('440524', '18500101', '001')},13800138000,北京市,2022-11-20,火车,幸福路\n`);
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, 'arrival', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第2行');
    expect(r.stderr).toContain('早于1880年');
    expect(count(db, 'arrivals')).toBe(0);
  });
});

describe('--today and --temp', () => {
  it('--today "" is not today: refused before anything is opened', () => {
    const db = fresh();
    for (const args of [['report', 'daily'], addArgs()]) {
      const r = runBin(['--db', db, '--lang', 'zh', '--today', '', ...args]);
      expect(refused(r)).toContain('--today “”不是有效日期');
    }
    expect(count(db, 'arrivals')).toBe(0);
    expect(count(db, 'issued_reports')).toBe(0);
  });

  for (const temp of ['0x25', '0b100101', '3.7e1', '37,5', 'Infinity', '+37', ' ']) {
    it(`--temp ${JSON.stringify(temp)} is not a reading`, () => {
      const db = fresh();
      expect(runBin(['--db', db, ...TODAY, 'checkpoint', 'add', '高速卡点', '--kind', 'road']).code).toBe(0);
      const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, 'inspect', 'log', '--checkpoint', '高速卡点', '--id-number', VALID.id, '--code', 'green', '--temp', temp, '--time', '2022-11-21 09:00']);
      if (temp.trim() === '') {
        // an empty reading is no reading: logged without a temperature
        expect(r.code, r.stderr).toBe(0);
        expect(query(db, 'SELECT temperature FROM inspections')).toEqual([{ temperature: null }]);
        return;
      }
      expect(refused(r)).toContain('体温');
      expect(count(db, 'inspections')).toBe(0);
    });
  }

  it('--temp 37.3℃ and "36.5 °C" are readings, kept as measured', () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, 'checkpoint', 'add', '高速卡点', '--kind', 'road']).code).toBe(0);
    for (const [temp, time] of [['37.3℃', '2022-11-21 09:00'], ['36.5 °C', '2022-11-21 09:01']]) {
      const r = runBin(['--db', db, ...TODAY, 'inspect', 'log', '--checkpoint', '高速卡点', '--id-number', VALID.id, '--code', 'green', '--temp', temp, '--time', time]);
      expect(r.code, r.stderr).not.toBe(2);
    }
    expect(query(db, 'SELECT temperature FROM inspections ORDER BY id')).toEqual([{ temperature: 37.3 }, { temperature: 36.5 }]);
  });
});

describe('text that is not UTF-8', () => {
  it('a name typed on a GBK terminal (bytes that are not UTF-8) is refused, not stored as U+FFFD', () => {
    const db = fresh();
    // 张三 in GBK: D5 C5 C8 FD; node decodes the argument as UTF-8, each byte a U+FFFD
    const gbk = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]).toString('utf8');
    expect(gbk).toContain('\ufffd');
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, ...addArgs({ '--name': gbk })]);
    expect(refused(r)).toContain('--name：含有无法识别的字符（U+FFFD）：文字不是 UTF-8 编码');
    expect(count(db, 'arrivals')).toBe(0);
  });

  it('a cell holding U+FFFD (a file saved from a wrongly decoded sheet) is refused with its row', () => {
    const db = fresh();
    const file = path.join(path.dirname(db), 'fffd.csv');
    fs.writeFileSync(file, `姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地\n\ufffd\ufffd,${VALID.id},13800138000,北京市,2022-11-20,火车,幸福路\n`);
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, 'arrival', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第2行');
    expect(r.stderr).toContain('U+FFFD');
    expect(count(db, 'arrivals')).toBe(0);
  });
});

describe('spreadsheets', () => {
  it('two columns for one field (姓名 twice, with different names) are refused, naming both columns', () => {
    const db = fresh();
    const file = path.join(path.dirname(db), 'twice.csv');
    fs.writeFileSync(file, `姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,姓名\n张三,${VALID.id},13800138000,北京市,2022-11-20,火车,幸福路,李四\n`);
    expect(refused(runBin(['--db', db, '--lang', 'zh', ...TODAY, 'arrival', 'import', file]))).toContain('“姓名”有不止一列：A（姓名）、H（姓名）（表头在第1行）。请只留一列后重试');
    // an English and a Chinese header for one field too
    fs.writeFileSync(file, `name,身份证号,手机号,来源地,抵达日期,交通方式,目的地,姓名\n张三,${VALID.id},13800138000,北京市,2022-11-20,火车,幸福路,张三\n`);
    expect(refused(runBin(['--db', db, ...TODAY, 'arrival', 'import', file]))).toContain('more than one column for "name": A (name), H (姓名)');
    expect(count(db, 'arrivals')).toBe(0);
  });

  // the workbooks are made by test/fixtures/xlsx-broken/make.py from base.xlsx (written by exceljs)
  for (const [file, why] of [
    ['no-shared-strings.xlsx', 'no shared strings part'],
    ['string-index-out-of-range.xlsx', 'past the 14 the workbook holds'],
    ['billion-laughs.xlsx', 'entity'],
  ]) {
    it(`a broken workbook (${file}) is refused: no "[object Object]", no empty name`, () => {
      const db = fresh();
      const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, 'arrival', 'import', path.join(BROKEN, file)]);
      expect(refused(r)).toContain('不是完好的 .xlsx 工作簿');
      expect(r.stderr).toContain(why);
      expect(count(db, 'arrivals')).toBe(0);
    });
  }

  it('the same workbook unbroken imports its one arrival', () => {
    const db = fresh();
    const r = runBin(['--db', db, ...TODAY, 'arrival', 'import', path.join(BROKEN, 'base.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    expect(query(db, 'SELECT name FROM arrivals')).toEqual([{ name: '张三' }]);
  });
});

describe('report merge: counts are counts', () => {
  function unitReport(db: string, unit: string): Record<string, unknown> {
    const r = runBin(['--db', db, ...TODAY, '--format', 'json', 'report', 'daily', '--unit', unit]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  const bad: Array<[string, unknown]> = [
    ['negative', -3],
    ['fractional', 1.5],
    ['huge', 1e20],
    ['a string', '12'],
    ['NaN as text', 'NaN'],
  ];
  for (const [label, value] of bad) {
    it(`a ${label} count is refused, naming the unit and the figure`, () => {
      const db = fresh();
      const dir = path.dirname(db);
      const a = unitReport(db, '城关镇');
      const b = unitReport(db, '东乡镇');
      (b.arrivals as Record<string, unknown>).new = value;
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(a));
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(b));
      const r = runBin(['--lang', 'zh', 'report', 'merge', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--unit', '县'], { cwd: dir });
      expect(refused(r)).toContain('东乡镇 的报告中 arrivals.new 不是有效的人数');
    });
  }

  it('whole counts merge', () => {
    const db = fresh();
    const dir = path.dirname(db);
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(unitReport(db, '城关镇')));
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(unitReport(db, '东乡镇')));
    const r = runBin(['--format', 'json', 'report', 'merge', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--unit', '县'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { units: string[] }).units).toEqual(['城关镇', '东乡镇']);
  });
});

describe('policy files and the config file', () => {
  it('a policy in force from 9999 is refused, nothing added', () => {
    const db = fresh();
    const file = path.join(path.dirname(db), 'p.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'far-future', name: { zh: '未来', en: 'future' }, source: 'x', in_force_from: '9999-01-01', phases: [{ kind: 'home_quarantine', days: 7, tests: [1, 7] }] }));
    expect(refused(runBin(['--db', db, '--lang', 'zh', ...TODAY, 'policy', 'add', '--file', file]))).toContain('施行日期：“9999-01-01”不在 1900 年至 2099 年之间');
    expect(count(db, 'policies')).toBe(0);
  });

  it("a config file whose unit holds ESC sequences is refused: the report's head is never written raw", () => {
    const db = fresh();
    const config = path.join(path.dirname(db), 'config.json');
    fs.writeFileSync(config, JSON.stringify({ unit: '\u001b[2J\u001b[31m城关县\u001b[0m' }));
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, 'report', 'daily'], { env: { FANGKONG_CONFIG: config } });
    expect(refused(r)).toContain(`配置文件 ${config} 有误：unit：含有不可见字符或控制字符（U+001B）`);
    expect(r.stderr).not.toContain('\u001b');
    expect(count(db, 'issued_reports')).toBe(0);
  });
});

/** A terminal whose one yes/no question is answered `answer`; what it was asked is kept. */
function answering(answer: 'yes' | 'no'): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    input: async () => {
      throw new Error('unexpected input prompt');
    },
    async select(p: SelectPrompt) {
      asked.push(p.message);
      return answer;
    },
  };
}

describe('one document number, two names (point 15)', () => {
  const other = addArgs({ '--name': '李四', '--arrival-date': '2022-11-21' });

  it('in a script: registered, with one line saying the number is on the books under another name', () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, ...addArgs()]).code).toBe(0);
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, ...other]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('注意：证件号码 110105********002X 已登记为 张三（报备 1，2022-11-20），本次姓名为 李四：请核对号码和姓名');
    expect(r.stderr).not.toContain(VALID.id);
    expect(query(db, 'SELECT name FROM arrivals ORDER BY id')).toEqual([{ name: '张三' }, { name: '李四' }]);
  });

  it('the same name again says nothing', () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, ...addArgs()]).code).toBe(0);
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, ...addArgs({ '--arrival-date': '2022-11-21' })]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('注意');
  });

  it('says when the person on the books is under a measure now', () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, ...addArgs({ '--contact': 'close', '--exposure-date': '2022-11-19' })]).code).toBe(0);
    expect(runBin(['--db', db, ...TODAY, 'quarantine', 'assign', '1', '--home']).code).toBe(0);
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, ...other]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('已登记为 张三（报备 1，2022-11-20，正在管控）');
  });

  it('on a terminal: asked, and "no" writes nothing', async () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, ...addArgs()]).code).toBe(0);
    const prompter = answering('no');
    const r = await runMain(['--db', db, '--lang', 'zh', ...TODAY, ...other], { tty: true, prompter });
    expect(r.code).toBe(2);
    expect(prompter.asked).toEqual(['注意：证件号码 110105********002X 已登记为 张三（报备 1，2022-11-20），本次姓名为 李四：请核对号码和姓名。仍按 李四 登记吗？']);
    expect(r.stderr).toContain('已取消，未做任何更改');
    expect(count(db, 'arrivals')).toBe(1);
  });

  it('on a terminal: asked, and "yes" registers', async () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, ...addArgs()]).code).toBe(0);
    const prompter = answering('yes');
    const r = await runMain(['--db', db, '--lang', 'zh', ...TODAY, ...other], { tty: true, prompter });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.asked).toHaveLength(1);
    expect(query(db, 'SELECT name FROM arrivals ORDER BY id')).toEqual([{ name: '张三' }, { name: '李四' }]);
  });

  it('an import lists the rows whose number is on the books under another name', () => {
    const db = fresh();
    expect(runBin(['--db', db, ...TODAY, ...addArgs()]).code).toBe(0);
    const file = path.join(path.dirname(db), 'two.csv');
    fs.writeFileSync(file, `姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地\n王五,${VALID.id},13800138000,北京市,2022-11-21,火车,幸福路\n赵六,${makeId('440305', '19900101', '121')},13800138001,北京市,2022-11-21,火车,幸福路\n`);
    const r = runBin(['--db', db, '--lang', 'zh', ...TODAY, 'arrival', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('注意：以下新登记的证件号码已登记为另一姓名，请核对号码和姓名：\n  2 王五：同号已登记为 张三（报备 1）');
    expect(r.stderr).not.toContain('赵六');
    expect(count(db, 'arrivals')).toBe(3);
    const json = runBin(['--db', db, ...TODAY, '--format', 'json', 'arrival', 'import', file]);
    // imported again: nothing new, nothing to say
    expect((JSON.parse(json.stdout) as { name_clashes: unknown[] }).name_clashes).toEqual([]);
  });
});
