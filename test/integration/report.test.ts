import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/cli/context.js';
import * as daily from '../../src/cli/report/daily.js';
import * as mergeVerb from '../../src/cli/report/merge.js';
import * as range from '../../src/cli/report/range.js';
import { StoreError, ValidationError } from '../../src/domain/errors.js';
import { translator, type Lang } from '../../src/domain/i18n.js';
import { render, type View } from '../../src/io/output.js';
import { mergeReports } from '../../src/domain/report.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { release } from '../../src/services/quarantine/release.js';
import { addCheckpoint, logInspection } from '../../src/services/inspection.js';
import { registerArrival } from '../../src/services/registration.js';
import { dailyReport, merge, mergeFiles, readReports, reportRange, setUnit, unitName } from '../../src/services/reporting.js';
import { addSite } from '../../src/services/sites.js';
import { recordResult } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { makeId, tmpDir, cst, openTestStore } from '../helpers.js';

const D = '2022-11-22';
let store: Store;
const ctx = (today = '2022-11-30') => ({ today, now: cst(2022, 10, 30, 20), actor: 'county' });
let n = 100;
function arrive(over: Record<string, string>) {
  n++;
  return registerArrival(store, { name: '人员甲', id_number: makeId('440305', '19800101', String(n)), phone: '13800138000', origin: '广东省深圳市', arrival_date: '2022-11-10', transport: 'train', destination: '城关镇', township: '城关镇', ...over }, ctx());
}

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'r.db'));
  return () => store.close();
});

/** A hand-built county where every count of the report for 2022-11-22 is known. */
function county() {
  addSite(store, { name: '党校', capacity: 50 }, ctx());
  addCheckpoint(store, { name: '高速卡点', kind: 'road' }, ctx());
  // A: 5+3 from 11-15: home quarantine 11-20..11-22 — its last day is D, still under the measure
  const a = arrive({ contact_type: 'close', exposure_date: '2022-11-14', arrival_date: '2022-11-12' });
  assign(store, String(a.id), {}, ctx('2022-11-15'));
  // B: 5+3 from 11-14: home 11-19..11-21, released on D (normal release)
  const b = arrive({ contact_type: 'close', exposure_date: '2022-11-13', arrival_date: '2022-11-12' });
  assign(store, String(b.id), {}, ctx('2022-11-15'));
  // C: 5+3 from D: a centralised phase starting today, at the site
  const c = arrive({ contact_type: 'close', exposure_date: '2022-11-21', arrival_date: '2022-11-21' });
  assign(store, String(c.id), { site: '党校' }, ctx(D));
  // E: 7 days at home from 11-18, released early on D
  const e = arrive({ arrival_date: '2022-11-18' });
  assign(store, String(e.id), { policy: 'high-risk-area-7' }, ctx('2022-11-18'));
  release(store, String(e.id), { reason: '研判解除', date: D }, ctx(D));
  // F arrives at 23:59 the day before, G at 00:00 on D
  arrive({ arrival_date: '2022-11-21 23:59', transport: 'bus', township: '河口镇' });
  const g = arrive({ arrival_date: '2022-11-22 00:00', transport: 'car', township: '' });
  // tests: A is due on D but tested the day before; C is due on D and tested; G positive on D
  recordResult(store, String(a.id), { date: '2022-11-21', result: 'negative' }, ctx(D));
  recordResult(store, String(c.id), { date: D, result: 'negative' }, ctx(D));
  recordResult(store, String(g.id), { date: D, result: 'positive' }, ctx(D));
  // inspections: two on D (one yellow), one the day before
  logInspection(store, '高速卡点', { vehicle: '粤B1', passengers: '3', code: 'green', test_result: 'negative', test_time: '2022-11-21 08:00', time: '2022-11-22 08:00' }, ctx(D));
  logInspection(store, '高速卡点', { id_number: a.id_number, code: 'yellow', time: '2022-11-22 23:59' }, ctx(D));
  logInspection(store, '高速卡点', { vehicle: '粤B2', code: 'green', test_result: 'negative', test_time: '2022-11-21 08:00', time: '2022-11-21 23:59' }, ctx('2022-11-21'));
}

describe('the daily report', () => {
  it('gets every count of a hand-built day right, edges included', () => {
    county();
    const r = dailyReport(store, D, '城关县');
    const none = { moved_in: 0, moved_out: 0, transferred: 0, ended_by_rule: 0, cancelled: 0 , recorded_late: 0 };
    expect(r).toEqual({
      schema_version: 2,
      date: D,
      unit: '城关县',
      county: null,
      zero_report: false,
      arrivals: {
        new: 1,
        late_registrations: 0,
        expected_next_day: 0,
        by_risk: { high: 0, medium: 0, low: 1, inbound: 0 },
        by_transport: { train: 0, plane: 0, car: 1, bus: 0, ship: 0, other: 0 },
        by_township: { '(unspecified)': 1 },
      },
      measures: {
        centralized: { active: 1, started: 1, ...none, released: 0 },
        home_quarantine: { active: 1, started: 0, ...none, released: 2 },
        health_monitoring: { active: 0, started: 0, ...none, released: 0 },
      },
      awaiting_site: 0,
      tests: { due: 2, done: 1, pending: 0, missing: 1, positive: 1 },
      inspections: { total: 2, people: 4, vehicles: 1, anomalies: 1, by_checkpoint: [{ name: '高速卡点', inspections: 2, people: 4, vehicles: 1, anomalies: 1 }] },
      sites: [{ name: '党校', capacity: 50, occupied: 1 }],
    });
    // the JSON's keys in a fixed order: the same data gives the same bytes
    expect(Object.keys(r.measures.centralized)).toEqual(['active', 'started', 'moved_in', 'moved_out', 'released', 'transferred', 'ended_by_rule', 'cancelled', 'recorded_late']);
    expect(Object.keys(r.tests)).toEqual(['due', 'done', 'pending', 'missing', 'positive']);
  });

  it('counts the 23:59 arrival on its own day, and the risk level of the origin on that day', () => {
    county();
    const before = dailyReport(store, '2022-11-21', 'x');
    expect(before.arrivals).toMatchObject({ new: 2, by_township: { 城关镇: 1, 河口镇: 1 } });
    expect(before.inspections).toMatchObject({ total: 1, anomalies: 0 });
  });

  it('says zero report when nothing new happened, and not when something did', () => {
    county();
    const quiet = dailyReport(store, '2023-03-01', '城关县');
    expect(quiet.zero_report).toBe(true);
    expect(quiet.arrivals.new).toBe(0);
    // people still under a measure do not break a zero report; a measure starting does
    const d = dailyReport(store, '2022-11-21', 'x');
    expect(d.zero_report).toBe(false);
  });

  it('is the same, byte for byte, for the same data', () => {
    county();
    expect(JSON.stringify(dailyReport(store, D, 'u'))).toBe(JSON.stringify(dailyReport(store, D, 'u')));
  });

  it('one row a day for a range', () => {
    county();
    const rows = reportRange(store, '2022-11-20', D);
    expect(rows.map((r) => [r.date, r.arrivals, r.centralized_active, r.anomalies])).toEqual([
      ['2022-11-20', 0, 0, 0],
      ['2022-11-21', 2, 0, 0],
      ['2022-11-22', 1, 1, 1],
    ]);
    expect(() => reportRange(store, D, '2022-11-20')).toThrow(/after/);
  });

  it('takes the unit name from --unit, else the setting', () => {
    expect(unitName(store)).toBe('(unit not set)');
    setUnit(store, '城关县', ctx());
    expect(unitName(store)).toBe('城关县');
    expect(unitName(store, '河口县')).toBe('河口县');
  });
});

describe('merging units', () => {
  it('adds reports of one date, keeping each unit', () => {
    county();
    const a = dailyReport(store, D, '城关县');
    const b = { ...dailyReport(store, '2023-03-01', '河口县'), date: D };
    const m = merge([{ file: 'a.json', report: a }, { file: 'b.json', report: b }], '某市');
    expect(m.units).toEqual(['城关县', '河口县']);
    expect(m.arrivals.new).toBe(a.arrivals.new + b.arrivals.new);
    expect(m.measures.home_quarantine.released).toBe(2);
    expect(m.sites.map((s) => s.name)).toEqual(['城关县/党校', '河口县/党校']);
    expect(m.by_unit['河口县'].zero_report).toBe(true);
    expect(m.zero_report).toBe(false);
  });

  it('refuses mismatched dates, schema versions, a unit twice, and files that are not reports', () => {
    county();
    const a = dailyReport(store, D, '城关县');
    expect(mergeReports([a, { ...a, unit: '河口县', date: '2022-11-21' }], 'x').problem).toMatchObject({ code: 'merge_date' });
    expect(mergeReports([a, { ...a, unit: '河口县', schema_version: 3 }], 'x').problem).toMatchObject({ code: 'merge_schema', params: { version: 3, expected: '1, 2' } });
    expect(mergeReports([a, a], 'x').problem).toMatchObject({ code: 'merge_duplicate_unit' });
    expect(() => merge([{ file: 'a.json', report: a }, { file: 'x.json', report: { hello: 1 } }], 'x')).toThrow(ValidationError);
  });
});

/** What a verb's run() and view() get, on this test's store: no terminal unless asked. */
function verbCtx(o: { lang?: Lang; now?: Date; tty?: boolean } = {}): Ctx {
  const lang = o.lang ?? 'zh';
  const now = o.now ?? cst(2022, 10, 22, 20);
  return {
    ...ctx(),
    now,
    lang,
    t: translator(lang),
    todayGiven: false,
    io: { stdoutIsTTY: Boolean(o.tty) },
    openStore: async () => store,
  } as unknown as Ctx;
}

const md = async (v: View | Promise<View>) => render(await v, 'markdown', 'zh', false);

describe('the report on paper (run, then view, then the one renderer)', () => {
  it('daily: Markdown to paste into a message, byte for byte', async () => {
    county();
    setUnit(store, '城关县', ctx());
    const c = verbCtx();
    const r = await daily.run({ date: D }, c);
    expect(r).toMatchObject({ chosen: undefined, unit_set: true });
    expect(await md(daily.view(r, c))).toBe(
      [
        '# 城关县 疫情防控日报（2022-11-22）',
        '',
        '## 来返人员',
        '',
        '| 项目 | 人数 |',
        '|---|---:|',
        '| 新增来返人员 | 1 |',
        '| 　来自高风险地区 | 0 |',
        '| 　来自中风险地区 | 0 |',
        '| 　来自低风险地区 | 1 |',
        '| 　境外输入 | 0 |',
        '| 　火车 | 0 |',
        '| 　飞机 | 0 |',
        '| 　自驾 | 1 |',
        '| 　客车 | 0 |',
        '| 　轮船 | 0 |',
        '| 　其他 | 0 |',
        '| 　乡镇未填 | 1 |',
        '| 今日补报（抵达一天以上后登记） | 0 |',
        '| 提前报备、预计次日抵达 | 0 |',
        '',
        '## 管控措施',
        '',
        '| 措施 | 前日在管 | 新增 | 补录 | 转入 | 转出 | 解除 | 转运 | 按规定终止 | 撤销 | 在管 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        '| 集中隔离 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |',
        '| 居家隔离 | 3 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 1 |',
        '| 居家健康监测 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '| 合计 | 3 | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 2 |',
        '',
        '## 核酸检测',
        '',
        '| 应检 | 已出结果 | 待出结果（已采样） | 未采样 | 核酸阳性 |',
        '|---:|---:|---:|---:|---:|',
        '| 2 | 1 | 0 | 1 | 1 |',
        '',
        '## 卡点查验',
        '',
        '| 卡点 | 查验（次） | 人数 | 车辆 | 异常 |',
        '|---|---:|---:|---:|---:|',
        '| 高速卡点 | 2 | 4 | 1 | 1 |',
        '| 合计 | 2 | 4 | 1 | 1 |',
        '',
        '## 隔离点',
        '',
        '| 隔离点 | 容量 | 在住 | 空余 |',
        '|---|---:|---:|---:|',
        '| 党校 | 50 | 1 | 49 |',
        '',
        // the audit head of the moment (issue 23): the log's last row and its hash's first 16 characters
        `审计链：${store.audit.head().rows} 条，末条哈希 ${store.audit.head().head.slice(0, 16)}…`,
        '',
      ].join('\n'),
    );
  });

  it('daily: the JSON is the report itself, CSV one metric a row; the default date and a missing unit go to stderr', async () => {
    county();
    const c = verbCtx({ lang: 'en', now: cst(2022, 10, 23, 8, 30) });
    const r = await daily.run({}, c);
    const v = daily.view(r, c);
    expect(JSON.parse(await render(v, 'json', 'en', false))).toEqual({ ...dailyReport(store, D, '(unit not set)'), audit: store.audit.head() });
    const csv = (await render(v, 'csv', 'en', false)).split('\n');
    expect(csv.slice(0, 6)).toEqual(['metric,label,value', 'date,date,2022-11-22', 'unit,unit,(unit not set)', 'zero_report,zero report,false', 'arrivals.new,new arrivals,1', 'arrivals.by_risk.high,new arrivals: from high-risk areas,0']);
    // every section: each kind with all its flows, the tests, every checkpoint and every site
    for (const line of ['measures.home_quarantine.released,home quarantine: released,2', 'measures.centralized.moved_in,centralised quarantine: moved in,0', 'tests.pending,tests: awaiting result (sampled),0', 'tests.missing,tests: not sampled,1', 'inspections.by_checkpoint.高速卡点.people,checkpoint 高速卡点: people,4', 'sites.党校.occupied,site 党校: occupied,1', 'arrivals.late_registrations,registered late today (more than a day after arriving),0']) {
      expect(csv).toContain(line);
    }
    // in Chinese the labels are Chinese, the keys stay the stable English ones; an unset unit is said in Chinese
    const zh = verbCtx({ now: cst(2022, 10, 23, 8, 30) });
    const zv = daily.view(await daily.run({}, zh), zh);
    const zcsv = (await render(zv, 'csv', 'zh', false)).split('\n');
    expect(zcsv.slice(0, 3)).toEqual(['metric,label,value', 'date,日期,2022-11-22', 'unit,单位,（单位未设置）']);
    expect(zcsv).toContain('measures.centralized.cancelled,集中隔离：撤销,0');
    expect((await render(zv, 'table', 'zh', false)).split('\n')[0]).toBe('（单位未设置） 疫情防控日报（2022-11-22）');
    expect(v.before).toEqual(['report date: 2022-11-22 (before noon: yesterday)', 'note: the unit name is not set; set it with fangkong config set unit NAME']);
  });

  it('daily: a zero report says so, on screen too', async () => {
    const c = verbCtx({ lang: 'en' });
    const screen = await render(daily.view(await daily.run({ date: '2023-03-01' }, c), c), 'table', 'en', false);
    expect(screen.split('\n').slice(0, 2)).toEqual(['(unit not set) daily epidemic-prevention report (2023-03-01)', 'Zero report: no new arrivals, no one newly under a measure or recorded late under one, no one waiting for a quarantine site, no positive test, no anomaly at a checkpoint, and every test due was sampled.']);
  });

  it('range: a row a day, and the charts only on a terminal (not in a file, a pipe or Markdown)', async () => {
    county();
    const piped = await range.run({ from: '2022-11-20', to: D }, verbCtx());
    expect(await md(range.view(piped, verbCtx()))).toBe(
      [
        '| 日期 | 新增来返 | 补报 | 补录 | 集中隔离 | 居家隔离 | 健康监测 | 应检 | 待出结果 | 未采样 | 阳性 | 卡点异常 | 零报告 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
        '| 2022-11-20 | 0 | 0 | 0 | 0 | 3 | 0 | 2 | 0 | 2 | 0 | 0 |  |',
        '| 2022-11-21 | 2 | 0 | 0 | 0 | 3 | 0 | 1 | 0 | 1 | 0 | 0 |  |',
        '| 2022-11-22 | 1 | 0 | 0 | 1 | 1 | 0 | 2 | 0 | 1 | 1 | 1 |  |',
        '',
        '## 集中隔离',
        '',
        '| 日期 | 前日在管 | 新增 | 转入 | 转出 | 解除 | 转运 | 按规定终止 | 撤销 | 在管 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        '| 2022-11-20 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |',
        '| 2022-11-21 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '| 2022-11-22 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |',
        '',
        '## 居家隔离',
        '',
        '| 日期 | 前日在管 | 新增 | 转入 | 转出 | 解除 | 转运 | 按规定终止 | 撤销 | 在管 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        '| 2022-11-20 | 2 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 3 |',
        '| 2022-11-21 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 3 |',
        '| 2022-11-22 | 3 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 1 |',
        '',
        '## 居家健康监测',
        '',
        '| 日期 | 前日在管 | 新增 | 转入 | 转出 | 解除 | 转运 | 按规定终止 | 撤销 | 在管 |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        '| 2022-11-20 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '| 2022-11-21 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '| 2022-11-22 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '',
      ].join('\n'),
    );
    expect(await md(range.view(await range.run({ from: '2023-03-01', to: '2023-03-01' }, verbCtx()), verbCtx()))).toContain('| 2023-03-01 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 是 |');
    const tty = verbCtx({ tty: true, lang: 'en' });
    const v = await range.view(await range.run({ from: '2022-11-20', to: D }, tty), tty);
    const screen = await render(v, 'table', 'en', false, true);
    expect(screen).toContain('\n\nin centralised quarantine  2022-11-20 → 2022-11-22\n');
    expect(screen).toMatch(/┼/);
    // the same view in a file or a pipe, or as Markdown on a terminal: no chart
    expect(await render(v, 'table', 'en', false, false)).not.toMatch(/┼|in centralised quarantine/);
    expect(await render(v, 'markdown', 'en', false, true)).not.toMatch(/┼/);
    const csv = (await render(await range.view(piped, tty), 'csv', 'en', false)).split('\n');
    expect(csv[0]).toBe(
      'date,arrivals,late_registrations,recorded_late,awaiting_site,centralized_active,centralized_started,centralized_moved_in,centralized_moved_out,centralized_released,centralized_transferred,centralized_ended_by_rule,centralized_cancelled,home_quarantine_active,home_quarantine_started,home_quarantine_moved_in,home_quarantine_moved_out,home_quarantine_released,home_quarantine_transferred,home_quarantine_ended_by_rule,home_quarantine_cancelled,health_monitoring_active,health_monitoring_started,health_monitoring_moved_in,health_monitoring_moved_out,health_monitoring_released,health_monitoring_transferred,health_monitoring_ended_by_rule,health_monitoring_cancelled,tests_due,tests_done,tests_pending,tests_missing,positive,anomalies,zero_report',
    );
    expect(csv[1]).toBe('2022-11-20,0,0,0,0,0,0,0,1,0,0,0,0,3,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,2,0,0,2,0,0,false');
  });

  it('merge: reads the files, a column per unit, and keeps its CSV', async () => {
    county();
    const dir = tmpDir();
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    fs.writeFileSync(a, JSON.stringify(dailyReport(store, D, '城关县')));
    fs.writeFileSync(b, '\uFEFF' + JSON.stringify({ ...dailyReport(store, '2023-03-01', '河口县'), date: D }));
    const c = verbCtx();
    const m = await mergeVerb.run({ files: [a, b], unit: '某市' }, c);
    const text = await md(mergeVerb.view(m, c));
    expect(text.split('\n').slice(0, 6)).toEqual(['# 某市 疫情防控日报汇总（2022-11-22）', '', '| 项目 | 城关县 | 河口县 | 某市 |', '|---|---:|---:|---:|', '| 零报告 | 否 | 是 | 否 |', '| 新增来返人员 | 1 | 0 | 1 |']);
    expect(text).toContain('| 　自驾 | 1 | 0 | 1 |');
    const csv = (await render(mergeVerb.view(m, verbCtx({ lang: 'en' })), 'csv', 'en', false)).split('\n');
    expect(csv.slice(0, 3)).toEqual(['metric,城关县,河口县,某市', 'zero_report,no,yes,no', 'arrivals.new,1,0,1']);
    await expect(mergeVerb.run({ files: [a] }, c)).rejects.toThrow('至少给出两个日报文件');
    expect(mergeFiles([a, b], 'x').unit).toBe('x');
  });

  it('merge: a file that cannot be read fails; one that is not JSON is refused by name', () => {
    const dir = tmpDir();
    expect(() => readReports([path.join(dir, 'none.json')])).toThrow(StoreError);
    expect(() => readReports([path.join(dir, 'none.json')])).toThrow(/none\.json: no such file/);
    fs.writeFileSync(path.join(dir, 'x.json'), 'not json');
    expect(readReports([path.join(dir, 'x.json')])).toEqual([{ file: path.join(dir, 'x.json'), report: null }]);
  });
});
