/**
 * Issue 14, done when: everyone can be registered (不漏一人). A passport holder, a Hong Kong
 * permit holder, a Taiwan permit holder and a Macao resident (residence permit, GB 11643 with
 * 820000) with only a landline: registered by `arrival add` and by `arrival import`, assigned a
 * policy, inspected at a checkpoint, counted in `report daily`. Bad numbers of each type: one
 * Chinese line, exit 2, nothing written. Spawned, no TTY, as a script runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { initDb, makeId, query, runBin, tmpDir } from '../helpers.js';

let dir: string;
let db: string;
const T = ['--today', '2022-11-21'];
const bin = (args: string[], opts: Parameters<typeof runBin>[1] = {}) => runBin(['--db', db, ...T, ...args], opts);

const MACAO_RESIDENT = makeId('820000', '19850707', '013');

/** By `arrival add`: one of each. */
const ADDED = [
  { who: 'passport', args: ['--name', 'John Smith', '--doc-type', '护照', '--country', '美国', '--id-number', 'E1234567', '--phone', '+1 415 555 2671', '--origin', '美国', '--transport', 'plane', '--vehicle', 'CA982'] },
  { who: 'hk', args: ['--name', '陈大文', '--doc-type', '港澳居民来往内地通行证', '--id-number', 'H12345678', '--phone', '+852 9123 4567', '--origin', '香港', '--transport', 'car'] },
  { who: 'tw', args: ['--name', '林美玲', '--doc-type', 'tw_permit', '--id-number', '12345678', '--phone', '+886 912 345 678', '--origin', '台湾', '--transport', 'plane'] },
  { who: 'macao', args: ['--name', '何家明', '--id-number', MACAO_RESIDENT, '--phone', '0771-5551234', '--origin', '澳门', '--transport', 'bus'] },
];

/** By `arrival import`: another of each, with the 证件类型 and 国籍/签发国 columns. */
const SHEET = [
  '姓名,证件类型,证件号码,国籍/签发国,联系电话,来源地,抵达日期,交通方式,目的地,乡镇',
  'Anna Müller,护照,C01X00T47,DEU,+49 1512 3456789,德国,2022-11-21,飞机,城关镇幸福路20号,城关镇',
  '黄志强,回乡证,M87654321,,+853 6612 3456,澳门,2022-11-21,客车,城关镇幸福路21号,城关镇',
  '吴淑芬,台胞证,87654321,,+886 2 2345 6789,台湾,2022-11-21,飞机,城关镇幸福路22号,城关镇',
  `梁嘉欣,港澳台居民居住证,${makeId('820000', '19900202', '024')},,0771-5559876,澳门,2022-11-21,自驾,城关镇幸福路23号,城关镇`,
].join('\n');

beforeEach(() => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'docs.db'));
});

describe('every document and phone a traveller has', () => {
  it('registers each (add and import), assigns a policy, inspects them at a checkpoint, and counts them in the daily report', () => {
    for (const [i, p] of ADDED.entries()) {
      const r = bin(['arrival', 'add', ...p.args, '--arrival-date', '2022-11-21', '--destination', `城关镇幸福路${i + 1}号`, '--township', '城关镇']);
      expect(r, p.who).toMatchObject({ code: 0 });
    }
    fs.writeFileSync(path.join(dir, '报备.csv'), SHEET);
    const imp = bin(['arrival', 'import', path.join(dir, '报备.csv')]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ inserted: 4, rejected: 0 });
    const rows = query<{ doc_type: string; id_number: string; doc_country: string | null; phone: string }>(db, 'SELECT doc_type, id_number, doc_country, phone FROM arrivals ORDER BY id');
    expect(rows).toEqual([
      { doc_type: 'passport', id_number: 'E1234567', doc_country: 'USA', phone: '+14155552671' },
      { doc_type: 'hkmo_permit', id_number: 'H12345678', doc_country: null, phone: '+85291234567' },
      { doc_type: 'tw_permit', id_number: '12345678', doc_country: null, phone: '+886912345678' },
      { doc_type: 'resident_id', id_number: MACAO_RESIDENT, doc_country: null, phone: '+867715551234' },
      { doc_type: 'passport', id_number: 'C01X00T47', doc_country: 'DEU', phone: '+4915123456789' },
      { doc_type: 'hkmo_permit', id_number: 'M87654321', doc_country: null, phone: '+85366123456' },
      { doc_type: 'tw_permit', id_number: '87654321', doc_country: null, phone: '+886223456789' },
      { doc_type: 'resident_id', id_number: rows[7].id_number, doc_country: null, phone: '+867715559876' },
    ]);
    // masked on every output: a permit keeps its first character and last two, a phone its country code (and 4 digits or more starred)
    const list = JSON.parse(bin(['arrival', 'list']).stdout) as Array<Record<string, string>>;
    expect(list.map((a) => [a.doc_type, a.id_number, a.phone])).toEqual([
      ['passport', 'E*****67', '+1 415****671'],
      ['hkmo_permit', 'H******78', '+852 91****67'],
      ['tw_permit', '1*****78', '+886 91****678'],
      ['resident_id', MACAO_RESIDENT.slice(0, 6) + '********' + MACAO_RESIDENT.slice(-4), '+86 771****234'],
      ['passport', 'C******47', '+49 151****6789'],
      ['hkmo_permit', 'M******21', '+853 66****56'],
      ['tw_permit', '8*****21', '+886 22****789'],
      ['resident_id', list[7].id_number, '+86 771****876'],
    ]);
    expect(bin(['arrival', 'list', '--reveal']).stdout).toContain('H12345678');
    // the birth date and sex only where the document carries them
    expect(JSON.parse(bin(['arrival', 'show', '4']).stdout)).toMatchObject({ doc_type: 'resident_id', birth_date: '1985-07-07', sex: 'male' });
    expect(JSON.parse(bin(['arrival', 'show', 'H12345678']).stdout)).toMatchObject({ doc_type: 'hkmo_permit', name: '陈大文', birth_date: null, sex: null });

    // a policy for each: from Hong Kong, Macao, Taiwan and abroad the rule table says inbound
    for (const who of ['1', '2', '3', '4', '5', '6', '7', '8']) {
      const a = bin(['quarantine', 'assign', who]);
      expect(a.code, a.stderr).toBe(0);
      expect(JSON.parse(a.stdout)).toMatchObject({ assigned: true, policy: 'inbound-5+3', category: 'inbound' });
    }

    // inspected at a checkpoint by the number on their document
    expect(bin(['checkpoint', 'add', '机场卡点', '--kind', 'airport']).code).toBe(0);
    for (const [n, number] of ['E1234567', 'H12345678', '12345678', MACAO_RESIDENT].entries()) {
      const r = bin(['inspect', '--checkpoint', '机场卡点', '--id-number', number, '--code', 'yellow', '--temp', '36.5', '--test-result', 'negative', '--test-time', '2022-11-21 08:00', '--time', `2022-11-21 10:0${n}`]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ arrival_id: n + 1 });
    }
    expect(query(db, 'SELECT count(*) AS n FROM inspections WHERE arrival_id IS NOT NULL')).toEqual([{ n: 4 }]);

    const report = JSON.parse(bin(['report', 'daily', '--date', '2022-11-21']).stdout);
    expect(report.arrivals).toMatchObject({ new: 8, by_township: { 城关镇: 8 }, by_transport: { plane: 4, car: 2, bus: 2 } });
    expect(report.measures.centralized).toMatchObject({ active: 8, started: 8 });
    expect(report.inspections).toMatchObject({ total: 4, people: 4 });

    // the export and a re-import round-trip every type
    const out = path.join(dir, 'all.csv');
    expect(bin(['arrival', 'export', '--reveal', '--out', out]).code).toBe(0);
    const db2 = initDb(path.join(dir, 'again.db'));
    const again = runBin(['--db', db2, ...T, 'arrival', 'import', out]);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 8, rejected: 0 });
    const cols = 'doc_type, id_number, doc_country, name, phone, origin, arrival_date, transport, destination, township';
    expect(query(db2, `SELECT ${cols} FROM arrivals ORDER BY id`)).toEqual(query(db, `SELECT ${cols} FROM arrivals ORDER BY id`));
    expect(JSON.parse(bin(['arrival', 'import', out]).stdout)).toMatchObject({ inserted: 0, duplicates: 8, changed: 0 });
    // and through Excel, with Chinese headers and words (护照, 港澳居民来往内地通行证 …)
    const book = path.join(dir, '全部.xlsx');
    expect(bin(['arrival', 'export', '--reveal', '--lang', 'zh', '--out', book]).code).toBe(0);
    const db3 = initDb(path.join(dir, 'excel.db'));
    expect(JSON.parse(runBin(['--db', db3, ...T, 'arrival', 'import', book]).stdout)).toMatchObject({ inserted: 8, rejected: 0 });
    expect(query(db3, `SELECT ${cols} FROM arrivals ORDER BY id`)).toEqual(query(db, `SELECT ${cols} FROM arrivals ORDER BY id`));
  });

  it('refuses a bad number of each type with one Chinese line, exit 2, and writes nothing', () => {
    const base = ['--name', '测试', '--origin', '香港', '--arrival-date', '2022-11-21', '--transport', 'car', '--destination', '城关镇', '--phone', '13800138000', '--lang', 'zh'];
    const cases: Array<[string[], RegExp]> = [
      [['--id-number', makeId('110105', '19491231', '002').slice(0, 17) + '9'], /^错误：身份证号：校验位应为X，实为9$/],
      [['--id-number', '810000198507070130'], /^错误：身份证号：校验位应为/],
      [['--doc-type', 'hkmo_permit', '--id-number', 'X1234567'], /^错误：证件号码：港澳居民来往内地通行证号码应为 H 或 M 加8位数字（如 H12345678），实为“X1234567”$/],
      [['--doc-type', 'hkmo_permit', '--id-number', 'H1234567'], /^错误：证件号码：港澳居民来往内地通行证号码应为 H 或 M 加8位数字/],
      [['--doc-type', 'tw_permit', '--id-number', '1234567'], /^错误：证件号码：台湾居民来往大陆通行证号码应为8位数字（如 12345678），实为“1234567”$/],
      [['--doc-type', 'foreign_pr', '--id-number', 'US1234567890123'], /^错误：证件号码：外国人永久居留身份证号码应为3位字母加12位数字，或9开头的18位/],
      [['--doc-type', 'foreign_pr', '--id-number', 'XYZ123456789012'], /^错误：证件号码：前3位XYZ不是国家代码/],
      [['--doc-type', 'foreign_pr', '--id-number', '911234198001011230'], /^错误：证件号码：校验位应为/],
      [['--doc-type', 'passport', '--country', 'USA', '--id-number', 'E12'], /^错误：证件号码：护照号码应为5至17位字母或数字，实为“E12”$/],
      [["--doc-type", "passport", "--id-number", "E1234567"], /^错误：缺少 --country：没有终端可以询问，请用选项给出$/],
      [['--doc-type', 'passport', '--country', '火星', '--id-number', 'E1234567'], /^错误：国籍\/签发国：“火星”不是已知的国家/],
      [['--doc-type', 'visa', '--id-number', 'E1234567'], /^错误：.*--doc-type.*可用：resident_id/],
    ];
    for (const [args, line] of cases) {
      const r = bin(['arrival', 'add', ...base, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    }
    const phone = bin(['arrival', 'add', ...base.slice(0, -4), '--id-number', makeId('110105', '19491231', '002'), '--phone', '0771-555123', '--lang', 'zh']);
    expect(phone.code).toBe(2);
    expect(phone.stderr.trim().split('\n')).toEqual(['错误：手机号：“0771-555123”不是有效的电话号码：大陆手机号11位（1开头，第二位3-9），座机带区号（0771-5551234），境外号码带国家或地区代码（+852 9123 4567）']);
    expect(query(db, 'SELECT count(*) AS n FROM arrivals')).toEqual([{ n: 0 }]);
    expect(query(db, 'SELECT count(*) AS n FROM audit_log')).toEqual([{ n: 0 }]);
    // the same in a file: all or nothing
    fs.writeFileSync(path.join(dir, 'bad.csv'), ['姓名,证件类型,证件号码,联系电话,来源地,抵达日期,交通方式,目的地', '甲,护照,E1234567,+852 9123 4567,香港,2022-11-21,自驾,城关镇', '乙,台胞证,1234567,+852 9123 4568,台湾,2022-11-21,自驾,城关镇'].join('\n'));
    const imp = bin(['arrival', 'import', path.join(dir, 'bad.csv'), '--lang', 'zh']);
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('国籍/签发国');
    expect(query(db, 'SELECT count(*) AS n FROM arrivals')).toEqual([{ n: 0 }]);
  });
});
