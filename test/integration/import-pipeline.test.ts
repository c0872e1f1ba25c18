/**
 * The one import pipeline: the header normaliser and mapper (io/headers.ts), the loop
 * (services/import.ts) under each of the four importers, and the cli helper (cli/imports.ts)
 * under the four import verbs. Real files on disk, real SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { RowErrors, ValidationError, type RowProblem } from '../../src/domain/errors.js';
import { HEADER_ALIASES, IMPORT_KINDS, headerField, mapHeader, normaliseHeader } from '../../src/io/headers.js';
import { importAreas } from '../../src/services/areas.js';
import { importArrivals } from '../../src/services/arrival-io.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { quarantineShow } from '../../src/services/quarantine/show.js';
import { importFile, InvalidRows } from '../../src/services/import.js';
import { addCheckpoint, importInspections } from '../../src/services/inspection.js';
import { registerArrival } from '../../src/services/registration.js';
import { addSite } from '../../src/services/sites.js';
import { importResults } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { makeId, query, runMain, tmpDir, VALID, cst, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-22', now: cst(2022, 10, 22, 9, 0, 0), actor: 'tester' };
const describeP = (p: { field: string; code: string }) => `${p.field}: ${p.code}`;
const ID2 = makeId('440305', '19800101', '123');
const STRANGER = makeId('440524', '18800101', '001');

let dir: string;
let dbFile: string;
let store: Store;

beforeEach(() => {
  dir = tmpDir();
  dbFile = path.join(dir, 'p.db');
  store = openTestStore(dbFile);
  return () => store.close();
});

function write(name: string, lines: string[] | Buffer): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, Array.isArray(lines) ? lines.join('\n') + '\n' : lines);
  return f;
}

const count = (table: string) => query<{ n: number }>(dbFile, `SELECT count(*) n FROM ${table}`)[0].n;
const audits = (action: string) => query<{ n: number }>(dbFile, 'SELECT count(*) n FROM audit_log WHERE action = ?', action)[0].n;
const rejectsOf = (file: string) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');

describe('header normaliser', () => {
  it('strips a BOM, every kind of whitespace (the full-width space too) and zero-width characters', () => {
    expect(normaliseHeader('\uFEFF姓名')).toBe('姓名');
    expect(normaliseHeader('身 份 证 号')).toBe('身份证号');
    expect(normaliseHeader('\u3000手机号\u3000')).toBe('手机号');
    expect(normaliseHeader('来源地\t\r\n')).toBe('来源地');
    expect(normaliseHeader('目\u200B的地')).toBe('目的地');
  });

  it('makes full-width letters, digits and parentheses half-width, and lowercases', () => {
    expect(normaliseHeader('ＩＤ＿ＮＵＭＢＥＲ')).toBe('id_number');
    expect(normaliseHeader('Arrival Date')).toBe('arrivaldate');
    expect(normaliseHeader('乡镇（街道）')).toBe('乡镇(街道)');
    expect(normaliseHeader('ｎｏｔｅ１')).toBe('note1');
  });

  it('maps such headers to their fields, lists the others, and names what is missing', () => {
    const m = mapHeader('arrivals', ['\uFEFF姓名', '身 份 证 号', '手机号\u3000', 'ＯＲＩＧＩＮ', '抵达日期', '交通方式', '目的地', '乡镇（街道）', '序号', '']);
    expect(m.columns).toEqual(['name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'township', null, null]);
    expect(m.missing).toEqual([]);
    expect(m.ignored).toEqual(['序号']);
    expect(mapHeader('tests', ['姓名', '检测结果']).missing).toEqual(['id_number', 'date']);
    expect(mapHeader('areas', ['Region']).missing).toEqual(['level']);
  });

  it('an inspection names a person or a vehicle: either column will do', () => {
    expect(mapHeader('inspections', ['卡点', '健康码', '车牌']).missing).toEqual([]);
    expect(mapHeader('inspections', ['卡点', '健康码', '身份证号']).missing).toEqual([]);
    expect(mapHeader('inspections', ['卡点', '体温']).missing).toEqual(['code', 'id_number']);
  });

  it('a field fed by two columns takes the first; the second is listed as ignored', () => {
    const m = mapHeader('tests', ['身份证号', '采样日期', '检测日期', '结果']);
    expect(m.columns).toEqual(['id_number', 'date', null, 'result']);
    expect(m.ignored).toEqual(['检测日期']);
  });

  it('every alias of every kind finds its field, written as it is, spaced out or full-width', () => {
    for (const kind of IMPORT_KINDS) {
      for (const [field, names] of Object.entries(HEADER_ALIASES[kind]) as Array<[string, readonly string[]]>) {
        for (const n of names) {
          expect(headerField(kind, n), `${kind} ${n}`).toBe(field);
          expect(headerField(kind, ` ${[...n].join(' ')}\u3000`), `${kind} ${n} spaced`).toBe(field);
          const wide = n.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
          expect(headerField(kind, wide), `${kind} ${n} full-width`).toBe(field);
        }
      }
    }
  });

  it('keeps the headers each importer took before there was one table', () => {
    const before: Array<[string, string, string]> = [
      ['arrivals', '公民身份号码', 'id_number'], ['arrivals', '车次/航班/车牌', 'vehicle'], ['arrivals', '从何地来', 'origin'], ['arrivals', 'remark', 'note'],
      ['inspections', '检查站', 'checkpoint'], ['inspections', 'inspected_at', 'time'], ['inspections', '车上人数', 'passengers'], ['inspections', '带星', 'travel_star'], ['inspections', 'temp', 'temperature'],
      ['tests', 'test_date', 'date'], ['tests', '核酸结果', 'result'], ['tests', '实验室', 'lab'], ['tests', '采样时间', 'sample_time'],
      ['areas', '地区名称', 'region'], ['areas', '风险等级', 'level'], ['areas', '生效日期', 'from'], ['areas', '解除日期', 'to'],
    ];
    for (const [kind, header, field] of before) expect(headerField(kind as never, header), `${kind} ${header}`).toBe(field);
  });
});

describe('the one loop', () => {
  it('refuses a file without the required columns of its kind, naming them, and writes nothing', async () => {
    const f = write('cols.csv', ['姓名,手机号', '王伟,13800138001']);
    const cases: Array<[Promise<unknown>, string]> = [
      [importArrivals(store, f, ctx, { describe: describeP }), 'id_number, origin, arrival_date, transport, destination'],
      [importInspections(store, f, ctx, { describe: describeP }), 'checkpoint, code, id_number'],
      [importResults(store, f, ctx, { describe: describeP }), 'id_number, date, result'],
      [importAreas(store, f, ctx, { describe: describeP }), 'region, level'],
    ];
    for (const [p, columns] of cases) {
      const err = await p.catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems[0]).toMatchObject({ field: 'file', code: 'missing_column', params: { columns } });
    }
    expect(store.db.inTransaction).toBe(false);
    expect(count('audit_log')).toBe(0);
  });

  it('drives any handler: all or nothing, strict column count, extra counters in the result and the audit', async () => {
    const seen: string[] = [];
    const f = write('any.csv', ['地区,等级', '甲,high', '乙', '丙,low']);
    const handler = {
      strictColumns: true,
      validate: (fields: Partial<Record<string, string>>) => ({ record: fields.region, problems: [] }),
      insert: (r: string) => (seen.push(r), 'inserted' as const),
      extra: () => ({ seen: seen.length }),
      audit: (c: { read: number; seen: number }) => ({ at: new Date('2022-11-22T01:00:00Z'), actor: 't', action: 'x.import', record: 'file:any.csv', after: { read: c.read, seen: c.seen } }),
    };
    const problems: RowProblem[] = [];
    const err = await importFile(store, f, 'areas', handler, { describe: describeP, onProblem: (p) => problems.push(p) }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidRows);
    expect(err).toBeInstanceOf(RowErrors);
    expect(err).toMatchObject({ rejected: 1, message: `1 invalid row(s) in ${f}: nothing was written` });
    expect(problems).toEqual([{ row: 3, field: 'row', code: 'row_columns', params: { got: 1, expected: 2 } }]);
    seen.length = 0;
    const r = await importFile(store, f, 'areas', handler, { describe: describeP, skipInvalid: true });
    expect(r).toMatchObject({ read: 3, inserted: 2, rejected: 1, seen: 2, delimiter: 'comma', encoding: 'utf8', ignored_columns: [] });
    expect(query<{ after: string }>(dbFile, "SELECT after FROM audit_log WHERE action = 'x.import'").map((a) => JSON.parse(a.after))).toEqual([{ read: 3, seen: 2 }]);
  });
});

describe('each importer through the loop: --skip-invalid writes the good rows and a rejects file, --dry-run writes nothing', () => {
  it('arrivals (GB18030, spaced and full-width headers)', async () => {
    const text = ['姓 名,身份证号\u3000,手机号,来源地,抵达日期,交通方式,目的地,ＮＯＴＥ', `王伟,${ID2},13800138001,广东省,2022-11-20,火车,城关镇,备注`, `李娜,110105194912310021,13800138002,上海市,2022-11-19,飞机,城关镇,`].join('\r\n');
    const f = write('报备.csv', iconv.encode(text, 'gb18030'));
    const dry = await importArrivals(store, f, ctx, { describe: describeP, dryRun: true, skipInvalid: true, rejectsFile: path.join(dir, 'dry.csv') });
    expect(dry).toMatchObject({ read: 2, inserted: 1, rejected: 1, dry_run: true, encoding: 'gb18030' });
    expect(count('arrivals')).toBe(0);
    expect(count('audit_log')).toBe(0);
    const r = await importArrivals(store, f, ctx, { describe: describeP, skipInvalid: true });
    expect(r).toMatchObject({ read: 2, inserted: 1, duplicates: 0, rejected: 1, rejects_file: path.join(dir, '报备.rejects.csv') });
    expect(query(dbFile, 'SELECT name, note FROM arrivals')).toEqual([{ name: '王伟', note: '备注' }]);
    expect(rejectsOf(r.rejects_file!)).toEqual(['row,姓 名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,ＮＯＴＥ,reason', '3,李娜,110105194912310021,13800138002,上海市,2022-11-19,飞机,城关镇,,id_number: id_check']);
    expect(audits('arrival.import')).toBe(1);
  });

  it('inspections', async () => {
    addCheckpoint(store, { name: '高速卡点', kind: 'road' }, ctx);
    const before = count('audit_log');
    const f = write('查验.csv', ['卡 点,查验时间,车牌,人数,健康码', '高速卡点,2022-11-22 08:00,粤B1,2,黄码', '火车站,2022-11-22 08:05,粤B2,1,绿码', '高速卡点,2022-11-22 08:10,粤B3,1,紫码']);
    const dry = await importInspections(store, f, ctx, { describe: describeP, dryRun: true, skipInvalid: true });
    expect(dry).toMatchObject({ read: 3, inserted: 1, rejected: 2, anomalies: 1, dry_run: true });
    expect(count('inspections')).toBe(0);
    expect(count('audit_log')).toBe(before);
    const r = await importInspections(store, f, ctx, { describe: describeP, skipInvalid: true });
    expect(r).toMatchObject({ read: 3, inserted: 1, rejected: 2, anomalies: 1, rejects_file: path.join(dir, '查验.rejects.csv') });
    expect(query(dbFile, 'SELECT vehicle FROM inspections')).toEqual([{ vehicle: '粤B1' }]);
    const rejects = rejectsOf(r.rejects_file!);
    expect(rejects).toHaveLength(3);
    expect(rejects[1]).toMatch(/^3,火车站,.*,checkpoint: unknown_checkpoint$/);
    expect(rejects[2]).toMatch(/^4,高速卡点,.*,code: /);
    expect(audits('inspection.import')).toBe(1);
  });

  it("tests (the lab's results): positives counted and the measure flagged, as before", async () => {
    addSite(store, { name: '党校', capacity: 10 }, ctx);
    const a = registerArrival(store, { name: '张三', id_number: VALID.id, phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-20', transport: 'car', destination: '城关镇幸福路8号', contact_type: 'close', exposure_date: '2022-11-19' }, ctx);
    assign(store, String(a.id), { site: '党校' }, ctx);
    const before = count('audit_log');
    const f = write('检测结果.csv', ['身份证号,采样日期,检测结果,检测机构', `${VALID.id},2022-11-21,阴性,县疾控`, `${STRANGER},2022-11-21,阴性,县疾控`, `${VALID.id},2022-11-22,阳性,县疾控`, `${VALID.id},2022-11-22,可疑,县疾控`]);
    const dry = await importResults(store, f, ctx, { describe: describeP, dryRun: true, skipInvalid: true });
    expect(dry).toMatchObject({ read: 4, inserted: 2, rejected: 2, positives: 1, dry_run: true });
    expect(count('test_results')).toBe(0);
    expect(count('audit_log')).toBe(before);
    expect(quarantineShow(store, VALID.id, ctx).flag).toBeNull();
    const problems: RowProblem[] = [];
    await expect(importResults(store, f, ctx, { describe: describeP, onProblem: (p) => problems.push(p) })).rejects.toBeInstanceOf(InvalidRows);
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual([[3, 'id_number', 'unknown_arrival'], [5, 'result', 'enum']]);
    expect(count('test_results')).toBe(0);
    const r = await importResults(store, f, ctx, { describe: describeP, skipInvalid: true });
    expect(r).toMatchObject({ read: 4, inserted: 2, duplicates: 0, rejected: 2, positives: 1, rejects_file: path.join(dir, '检测结果.rejects.csv') });
    expect(query(dbFile, 'SELECT test_date, result FROM test_results ORDER BY test_date')).toEqual([{ test_date: '2022-11-21', result: 'negative' }, { test_date: '2022-11-22', result: 'positive' }]);
    expect(quarantineShow(store, VALID.id, ctx).flag).toBe('positive');
    expect(rejectsOf(r.rejects_file!).map((l) => l.split(',')[0])).toEqual(['row', '3', '5']);
    expect(audits('test.import')).toBe(1);
    expect(audits('test.record')).toBe(2);
    // the rejects file of the first run is kept: an existing file is replaced only with --force (io/kept.ts)
    await expect(importResults(store, f, ctx, { describe: describeP, skipInvalid: true })).rejects.toThrow(/rejects\.csv exists: add --force/);
    const again = await importResults(store, f, ctx, { describe: describeP, skipInvalid: true, rejectsFile: path.join(dir, '检测结果.again.csv') });
    expect(again).toMatchObject({ inserted: 0, duplicates: 2, positives: 0 });
  });

  it('areas: overlaps handled as area set does', async () => {
    const f = write('风险区.csv', ['地 区,风险等级,开始日期,结束日期', '上海市浦东新区,高风险,2022-11-01,2022-11-15', '河北省,严重,2022-11-01,', '北京市朝阳区,中,2022-11-10,', '天津市,低,2022-11-10,2022-11-01']);
    const dry = await importAreas(store, f, ctx, { describe: describeP, dryRun: true, skipInvalid: true });
    expect(dry).toMatchObject({ read: 4, inserted: 2, set: 2, rejected: 2, dry_run: true });
    expect(count('risk_areas')).toBe(0);
    expect(count('audit_log')).toBe(0);
    await expect(importAreas(store, f, ctx, { describe: describeP })).rejects.toBeInstanceOf(InvalidRows);
    expect(count('risk_areas')).toBe(0);
    const r = await importAreas(store, f, ctx, { describe: describeP, skipInvalid: true });
    expect(r).toMatchObject({ read: 4, set: 2, rejected: 2, rejects_file: path.join(dir, '风险区.rejects.csv') });
    expect(query(dbFile, 'SELECT region, level, valid_from, valid_to FROM risk_areas ORDER BY region')).toEqual([
      { region: '上海市浦东新区', level: 'high', valid_from: '2022-11-01', valid_to: '2022-11-15' },
      { region: '北京市朝阳区', level: 'medium', valid_from: '2022-11-10', valid_to: null },
    ]);
    expect(rejectsOf(r.rejects_file!).slice(1)).toEqual(['3,河北省,严重,2022-11-01,,level: enum', '5,天津市,低,2022-11-10,2022-11-01,to: to_before_from']);
    expect(audits('area.import')).toBe(1);
    // a later list that overlaps ends the earlier area the day before, as `area set` does
    const later = write('later.csv', ['region,level,from', '北京市朝阳区,high,2022-11-20']);
    await importAreas(store, later, ctx, { describe: describeP });
    expect(query(dbFile, "SELECT level, valid_from, valid_to FROM risk_areas WHERE region = '北京市朝阳区' ORDER BY valid_from")).toEqual([
      { level: 'medium', valid_from: '2022-11-10', valid_to: '2022-11-19' },
      { level: 'high', valid_from: '2022-11-20', valid_to: null },
    ]);
  });
});

describe('the import verbs share one cli helper', () => {
  const run = (args: string[]) => runMain(['--db', dbFile, '--today', '2022-11-22', ...args], { tty: true });
  beforeEach(() => store.close());

  it('area import and test import take --skip-invalid (exit 3), --rejects and --dry-run', async () => {
    const f = write('areas.csv', ['region,level,from', '天津市,high,2022-11-01', '河北省,severe,2022-11-01']);
    const dry = await run(['area', 'import', f, '--dry-run']);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toBe(`row 3 Level: "severe" is not one of: high|medium|low\nerror: 1 invalid row(s) in ${f}: nothing was written (fix them and import again, or use --skip-invalid)\n`);
    const dry2 = await run(['area', 'import', f, '--dry-run', '--skip-invalid', '--rejects', path.join(dir, 'r.csv')]);
    expect(dry2.code).toBe(3);
    expect(dry2.stdout).toBe('imported 1 risk area(s), rejected 1 (dry run: nothing written)\n');
    expect(count('risk_areas')).toBe(0);
    const s = await run(['area', 'import', f, '--skip-invalid']);
    expect(s.code).toBe(3);
    expect(s.stdout).toBe('imported 1 risk area(s), rejected 1\n');
    expect(s.stderr).toContain(`warning: 1 invalid row(s) written to ${path.join(dir, 'areas.rejects.csv')}`);
    expect(count('risk_areas')).toBe(1);

    const lab = write('lab.csv', ['id_number,test_date,result', `${STRANGER},2022-11-21,negative`]);
    const t = await run(['--lang', 'zh', 'test', 'import', lab]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain(`错误：${lab} 中有 1 行有误，未写入任何记录（改正后重新导入，或用 --skip-invalid 只导入有效行）`);
    const ts = await run(['--format', 'json', 'test', 'import', lab, '--skip-invalid']);
    expect(ts.code).toBe(3);
    expect(JSON.parse(ts.stdout)).toMatchObject({ read: 1, inserted: 0, rejected: 1, positives: 0, rejects_file: path.join(dir, 'lab.rejects.csv') });
  });

  it('--rejects without --skip-invalid is a usage error for every import verb, before anything is read', async () => {
    for (const noun of ['arrival', 'inspect', 'test', 'area']) {
      const r = await run([noun, 'import', path.join(dir, 'nope.csv'), '--rejects', path.join(dir, 'r.csv')]);
      expect(r.code, noun).toBe(2);
      expect(r.stderr, noun).toBe('error: --rejects goes with --skip-invalid\n');
    }
  });

  it('lists the first 100 bad rows, then how many more', async () => {
    const rows = Array.from({ length: 105 }, (_, i) => `北京市朝阳区${i}号,extreme,2022-11-01`);
    const f = write('many.csv', ['region,level,from', ...rows]);
    const r = await run(['area', 'import', f]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('row '))).toHaveLength(100);
    expect(lines.at(-2)).toBe('… and 5 more invalid row(s)');
    expect(lines.at(-1)).toBe(`error: 105 invalid row(s) in ${f}: nothing was written (fix them and import again, or use --skip-invalid)`);
  });

  it('a valid file prints the same summary lines as before', async () => {
    const f = write('ok.csv', ['地区,风险等级,开始日期,结束日期', '上海市浦东新区,高风险,2022-11-01,2022-11-15', '北京市朝阳区,中,2022-11-10,']);
    expect(await run(['area', 'import', f])).toEqual({ code: 0, stdout: 'imported 2 risk area(s)\n', stderr: '' });
    expect(await run(['--lang', 'zh', 'area', 'import', f])).toEqual({ code: 0, stdout: '已导入 2 个风险区\n', stderr: '' });
  });
});
