/**
 * Issue 24, points 9 and 10: reports that follow from one another, and a centralised measure
 * without a site. A county's days from 11-20 to 11-25, each evening's report issued as it was
 * that evening; then what every command says of those days, the same under TZ=UTC,
 * Asia/Shanghai and America/Los_Angeles (the process's zone, and the zone of the spawned
 * program), on SQLite and PostgreSQL:
 * - (a) a close contact found late (arrived 11-20, registered and sent to a site on 11-24) is
 *   补录 on 11-24 — the one thing that day, which is no zero report — and on no other day; one
 *   registered and assigned on the day of their arrival is 新增, not 补录;
 * - (b) arrivals from abroad and Hong Kong are 境外输入, never 来自低风险地区;
 * - (c) what 11-22 expected for 11-23 stays what it was once the person came (and one who came a
 *   day early was not expected), so report diff of 11-22 names no change there;
 * - (d) quarantine show --today D and quarantine list --date D agree for a measure cancelled after D;
 * - (10) assign --pending with a centralised measure says 待安排隔离点, and so do the ledger,
 *   site list and the daily report (集中隔离待安排 N) until the site is given.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activeBefore, type DailyReport } from '../../src/domain/report.js';
import { setArea } from '../../src/services/areas.js';
import { confirmArrival } from '../../src/services/corrections.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { cancel } from '../../src/services/quarantine/cancel.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { quarantineShow } from '../../src/services/quarantine/show.js';
import { transfer } from '../../src/services/quarantine/transfer.js';
import { registerArrival } from '../../src/services/registration.js';
import { daily, dailyReport, recordIssue, reportDiff, setUnit } from '../../src/services/reporting.js';
import { addSite } from '../../src/services/sites.js';
import { recordResult } from '../../src/services/testing.js';
import type { Store } from '../../src/store/db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { cst, makeId, openTestStore, runBin, runMain, TEST_BACKEND, tmpDir } from '../helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];
const OFFICE = 'Asia/Shanghai';
const on = (date: string, hour = 10) => ({ today: date, now: cst(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour), actor: 'clerk', tz: OFFICE });

const NAMES: Record<string, string> = {};
const P = {
  late: makeId('440305', '19800101', '201'), // close contact found late
  abroad: makeId('440305', '19800101', '202'), // from 英国
  hk: makeId('440305', '19800101', '203'), // from 香港
  beijing: makeId('440305', '19800101', '204'), // from a low-risk area
  expected: makeId('440305', '19800101', '205'), // registered in advance for 11-23, comes 11-23
  early: makeId('440305', '19800101', '206'), // registered in advance for 11-23, comes 11-22
  cancelled: makeId('440305', '19800101', '207'), // home quarantine, cancelled on 11-23
  waiting: makeId('440305', '19800101', '208'), // close contact, assign --pending: no site until 11-24
};

Object.assign(NAMES, { [P.late]: '周晚', [P.abroad]: '吴英', [P.hk]: '郑港', [P.beijing]: '王京', [P.expected]: '冯期', [P.early]: '陈早', [P.cancelled]: '褚撤', [P.waiting]: '卫待' });

const DAYS = ['2022-11-20', '2022-11-21', '2022-11-22', '2022-11-23', '2022-11-24', '2022-11-25'];

function arrive(store: Store, id: string, over: Record<string, string>, day: string, hour = 10) {
  return registerArrival(store, { name: NAMES[id], id_number: id, phone: '13800138000', destination: '城关镇', township: '城关镇', transport: 'train', origin: '北京市朝阳区', ...over }, on(day, hour));
}

/** Every person's test of the day, sampled and negative: no test left unsampled on the days checked. */
function sampleAll(store: Store, day: string, who: string[]) {
  for (const id of who) recordResult(store, id, { date: day, result: 'negative' }, on(day, 18));
}

/**
 * The days, each as it happens, and each evening's report issued (kept as sent) at 21:00.
 * assign --pending goes through the program (its output is checked).
 */
async function county(file: string): Promise<{ issued: Record<string, DailyReport>; pending: { code: number; stdout: string; stderr: string } }> {
  const issued: Record<string, DailyReport> = {};
  let store = openTestStore(file);
  const evening = (d: string) => {
    const made = daily(store, { date: d, record: true }, on(d, 21));
    recordIssue(store, made.report, { text: JSON.stringify(made.report), format: 'json', file: null, marks: made.record!.marks }, on(d, 21));
    issued[d] = made.report;
  };
  setUnit(store, '城关县', on('2022-11-20', 9));
  addSite(store, { name: '党校', capacity: 10 }, on('2022-11-20', 9));
  setArea(store, { region: '广东省广州市海珠区', level: 'high', from: '2022-11-01' }, on('2022-11-20', 9));
  // 11-20: one from a high-risk area under home quarantine
  arrive(store, P.cancelled, { arrival_date: '2022-11-20', origin: '广东省广州市海珠区' }, '2022-11-20');
  assign(store, P.cancelled, { policy: 'high-risk-area-7' }, on('2022-11-20'));
  sampleAll(store, '2022-11-20', [P.cancelled]);
  evening('2022-11-20');
  // 11-21: two inbound, one from a low-risk area; two registered in advance for 11-23
  arrive(store, P.abroad, { arrival_date: '2022-11-21', origin: '英国伦敦', transport: 'plane' }, '2022-11-21');
  arrive(store, P.hk, { arrival_date: '2022-11-21', origin: '香港', transport: 'plane' }, '2022-11-21');
  arrive(store, P.beijing, { arrival_date: '2022-11-21' }, '2022-11-21');
  arrive(store, P.expected, { arrival_date: '2022-11-23' }, '2022-11-21');
  arrive(store, P.early, { arrival_date: '2022-11-23' }, '2022-11-21');
  sampleAll(store, '2022-11-21', [P.cancelled]);
  evening('2022-11-21');
  // 11-22: one expected comes a day early; a close contact arrives and is assigned by the rule table, no site
  confirmArrival(store, P.early, { date: '2022-11-22' }, on('2022-11-22', 9));
  arrive(store, P.waiting, { arrival_date: '2022-11-22', contact_type: 'close', exposure_date: '2022-11-21' }, '2022-11-22');
  store.close();
  const pending = await runMain(['--db', file, '--today', '2022-11-22', '--lang', 'zh', '--format', 'table', 'quarantine', 'assign', '--pending', '--date', '2022-11-22'], { now: cst(2022, 10, 22, 11) });
  store = openTestStore(file);
  sampleAll(store, '2022-11-22', [P.cancelled, P.waiting]);
  evening('2022-11-22');
  // 11-23: the one expected comes; the home quarantine is cancelled (assigned in error)
  confirmArrival(store, P.expected, {}, on('2022-11-23', 9));
  cancel(store, P.cancelled, { reason: '分配有误' }, on('2022-11-23'));
  sampleAll(store, '2022-11-23', [P.waiting]);
  evening('2022-11-23');
  // 11-24: the close contact of 11-20 is found, registered and sent to the site; the waiting one gets a site
  arrive(store, P.late, { arrival_date: '2022-11-20', contact_type: 'close', exposure_date: '2022-11-19' }, '2022-11-24');
  assign(store, P.late, { site: '党校' }, on('2022-11-24', 11));
  transfer(store, P.waiting, { site: '党校' }, on('2022-11-24', 12));
  sampleAll(store, '2022-11-24', [P.waiting, P.late]);
  evening('2022-11-24');
  sampleAll(store, '2022-11-25', [P.waiting, P.late]);
  evening('2022-11-25');
  store.close();
  return { issued, pending };
}

const centralized = (r: DailyReport) => r.measures.centralized;

let restoreTz: string | undefined;
afterEach(() => {
  if (restoreTz === undefined) delete process.env.TZ;
  else process.env.TZ = restoreTz;
});

describe('reports that follow from one another, and a centralised measure awaiting a site (issue 24: 9, 10)', () => {
  const seen: Record<string, unknown> = {};
  for (const TZ of ZONES) {
    it(`every day of the county, under TZ=${TZ}`, async () => {
      restoreTz = process.env.TZ;
      process.env.TZ = TZ;
      const file = path.join(tmpDir(), 'follow.db');
      const { issued, pending } = await county(file);
      const store = openTestStore(file);
      let now: Record<string, DailyReport>;
      try {
        now = Object.fromEntries(DAYS.map((d) => [d, dailyReport(store, d, '城关县')]));
      } finally {
        store.close();
      }

      // (10) assign --pending: the centralised measure without a site says so
      expect(pending.code, pending.stderr).toBe(0);
      expect(pending.stdout).toContain('待安排隔离点');
      expect(pending.stdout).toContain('其中集中隔离 1 人待安排隔离点：请用 fangkong quarantine transfer 报备编号 --site 隔离点名称 安排');

      // (a) 补录: on the day the measure is recorded, and only then; the issued reports follow from one another
      expect(DAYS.map((d) => centralized(now[d]).recorded_late)).toEqual([0, 0, 0, 0, 1, 0]);
      expect(DAYS.map((d) => issued[d].measures.home_quarantine.recorded_late + issued[d].measures.health_monitoring.recorded_late)).toEqual([0, 0, 0, 0, 0, 0]);
      // recorded the day it starts: 新增, not 补录
      expect(centralized(issued['2022-11-22'])).toMatchObject({ started: 1, recorded_late: 0, active: 1 });
      // 11-24: nothing else to report (the arrival was on 11-20, every test sampled), yet no zero report
      const d24 = issued['2022-11-24'];
      expect(d24).toMatchObject({ arrivals: { new: 0, late_registrations: 1 }, awaiting_site: 0, tests: { missing: 0, positive: 0 }, inspections: { anomalies: 0 } });
      expect(centralized(d24)).toMatchObject({ started: 0, recorded_late: 1, active: 2 });
      expect(d24.zero_report).toBe(false);
      expect(issued['2022-11-25'].zero_report).toBe(true);
      // the evening before as the day's report implies it = the day before as issued + 补录
      for (let i = 1; i < DAYS.length; i++) {
        const [y, d] = [issued[DAYS[i - 1]], issued[DAYS[i]]];
        for (const k of ['centralized', 'home_quarantine', 'health_monitoring'] as const) {
          expect(activeBefore(d.measures[k]), `${DAYS[i]} ${k}`).toBe(y.measures[k].active + d.measures[k].recorded_late);
        }
      }
      // as it stands now the late one is 新增 on 11-20 (his arrival), in the balance of every day
      expect(centralized(now['2022-11-20'])).toMatchObject({ started: 1, recorded_late: 0 });

      // (b) 境外输入: their own line, never from a low-risk area
      expect(DAYS.map((d) => now[d].arrivals.by_risk.inbound)).toEqual([0, 2, 0, 0, 0, 0]);
      expect(now['2022-11-21'].arrivals).toMatchObject({ new: 3, by_risk: { high: 0, medium: 0, low: 1, inbound: 2 } });
      for (const d of DAYS) expect(Object.values(now[d].arrivals.by_risk).reduce((a, b) => a + b, 0), d).toBe(now[d].arrivals.new);

      // (c) what a day expected stays what it was: the one who came early was not expected on 11-22's evening
      expect(DAYS.map((d) => issued[d].arrivals.expected_next_day)).toEqual([0, 0, 1, 0, 0, 0]);
      expect(DAYS.map((d) => now[d].arrivals.expected_next_day)).toEqual([0, 0, 1, 0, 0, 0]);

      // (10) awaiting a site from the day of the assignment until the day before the site
      expect(DAYS.map((d) => now[d].awaiting_site)).toEqual([0, 0, 1, 1, 0, 0]);
      expect(issued['2022-11-23']).toMatchObject({ awaiting_site: 1, zero_report: false });

      // what the program says, spawned under the zone
      const bin = (args: string[]) => {
        const r = runBin(['--db', file, '--lang', 'zh', ...args], { env: { TZ } });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      const diff22 = JSON.parse(bin(['report', 'diff', '--date', '2022-11-22', '--format', 'json']).stdout) as { changes: Array<{ key: string }>; causes: Array<{ kind: string; record: string }> };
      expect(diff22.changes.map((c) => c.key)).not.toContain('arrivals.expected_next_day');
      // the late one's measure reaches back into 11-22: that, and nothing else, is named
      expect(diff22.changes.map((c) => c.key)).toEqual(expect.arrayContaining(['measures.centralized.active', 'sites.党校.occupied']));
      expect(new Set(diff22.causes.map((c) => c.kind))).toEqual(new Set(['assignment']));
      const md = bin(['report', 'daily', '--date', '2022-11-23', '--format', 'markdown']).stdout;
      expect(md).toContain('集中隔离待安排 1 人：尚未安排隔离点');
      expect(md).toContain('| （待安排隔离点） |  | 1 |  |');
      expect(bin(['report', 'daily', '--date', '2022-11-23', '--format', 'csv']).stdout).toContain('\nawaiting_site,集中隔离待安排（待安排隔离点）,1\n');
      const md21 = bin(['report', 'daily', '--date', '2022-11-21', '--format', 'markdown']).stdout;
      expect(md21).toContain('| 　来自低风险地区 | 1 |\n| 　境外输入 | 2 |');
      const md24 = bin(['report', 'daily', '--date', '2022-11-24', '--format', 'markdown']).stdout;
      expect(md24).toContain('| 措施 | 前日在管 | 新增 | 补录 | 转入 | 转出 | 解除 | 转运 | 按规定终止 | 撤销 | 在管 |');
      expect(md24).toContain('| 集中隔离 | 2 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 |');
      expect(md24).not.toContain('零报告');
      const sites23 = bin(['site', 'list', '--date', '2022-11-23', '--format', 'json']);
      // the site as it stands now (the late one is there from 11-20); the one waiting is not in it
      expect(JSON.parse(sites23.stdout)).toEqual([expect.objectContaining({ name: '党校', occupied: 1 })]);
      expect(sites23.stderr).toContain('集中隔离待安排隔离点：1 人（2022-11-23；名单：fangkong quarantine list --date 2022-11-23 --phase centralized）');
      expect(bin(['site', 'list', '--date', '2022-11-24', '--format', 'json']).stderr).not.toContain('待安排');
      const ledger23 = bin(['quarantine', 'list', '--date', '2022-11-23', '--format', 'table']);
      expect(ledger23.stdout).toContain('待安排隔离点');
      expect(ledger23.stderr).toContain('其中集中隔离待安排隔离点 1 人');

      // (d) show --today D and list --date D answer as of D, on each side of the cancellation
      const show = (d: string) => JSON.parse(bin(['quarantine', 'show', P.cancelled, '--today', d, '--format', 'json', '--reveal']).stdout) as { status: string; today: { state: string } };
      const listed = (d: string) => (JSON.parse(bin(['quarantine', 'list', '--date', d, '--format', 'json', '--reveal']).stdout) as Array<{ id_number: string }>).some((r) => r.id_number === P.cancelled);
      expect([show('2022-11-22').status, listed('2022-11-22')]).toEqual(['active', true]);
      expect(show('2022-11-22').today.state).toBe('in');
      expect([show('2022-11-23').status, listed('2022-11-23')]).toEqual(['cancelled', false]);
      const text22 = bin(['quarantine', 'show', P.cancelled, '--today', '2022-11-22', '--format', 'table']).stdout;
      expect(text22).not.toContain('已撤销');
      expect(bin(['quarantine', 'show', P.cancelled, '--today', '2022-11-23', '--format', 'table']).stdout).toContain('已撤销');

      // the same figures and bytes whatever the zone
      // the audit head is a keyed hash, its key each database's own: its row count is compared, not its hash
      const headless = (text: string) => text.replace(/"head":"[0-9a-f]{64}"/g, '"head":"<head>"').replace(/(末条哈希 )[0-9a-f]{16}…/g, '$1<head>…');
      const same = { now: JSON.parse(headless(JSON.stringify(now))) as unknown, issued: Object.fromEntries(Object.entries(issued).map(([d, r]) => [d, headless(JSON.stringify(r))])), md: headless(md), md24: headless(md24) };
      seen[TZ] = same;
      for (const other of Object.values(seen)) expect(other).toEqual(same);
    });
  }
});

describe('(d) a reassessment after the day: show --today answers with the measure of that day', () => {
  it('the old measure is the one on the day before the new one is in force', () => {
    const file = path.join(tmpDir(), 'reassess.db');
    const store = openTestStore(file);
    try {
      arrive(store, P.waiting, { arrival_date: '2022-11-17', contact_type: 'close', exposure_date: '2022-11-16' }, '2022-11-17');
      addSite(store, { name: '党校', capacity: 10 }, on('2022-11-17', 9));
      assign(store, P.waiting, { policy: 'close-contact-7+3', site: '党校' }, on('2022-11-17'));
      reassess(store, { from: 'close-contact-7+3', to: 'close-contact-5+3', date: '2022-11-20', dryRun: false }, on('2022-11-20'));
      const show = (d: string) => quarantineShow(store, P.waiting, { today: d });
      expect([show('2022-11-19').policy, show('2022-11-19').status]).toEqual(['close-contact-7+3', 'active']);
      expect(show('2022-11-19').history.map((h) => h.status)).toEqual(['active', 'active']);
      expect([show('2022-11-20').policy, show('2022-11-20').status]).toEqual(['close-contact-5+3', 'active']);
      expect(show('2022-11-20').history.map((h) => h.status)).toEqual(['superseded', 'active']);
    } finally {
      store.close();
    }
  });
});

describe('(c) migration: arrivals confirmed before it get the date they were expected on', () => {
  it('from their arrival.confirm audit row; an arrival never registered in advance, or still expected, gets none', () => {
    const file = path.join(tmpDir(), 'old.db');
    let store = openTestStore(file);
    try {
      arrive(store, P.expected, { arrival_date: '2022-11-23' }, '2022-11-21');
      arrive(store, P.early, { arrival_date: '2022-11-24' }, '2022-11-21');
      arrive(store, P.beijing, { arrival_date: '2022-11-21' }, '2022-11-21');
      confirmArrival(store, P.expected, { date: '2022-11-22' }, on('2022-11-22'));
      // the table as the version before this migration left it (no expected_on), then the migration
      // itself on it (the migrations after it have run already: only this one is run again)
      const m = MIGRATIONS.find((x) => x.name === 'expected-on')!;
      if (TEST_BACKEND === 'postgres') {
        store.db.exec('ALTER TABLE arrivals DROP COLUMN expected_on');
        m.pgUp!(store.db);
      } else {
        store.db.exec('DROP INDEX arrivals_by_expected_on; ALTER TABLE arrivals DROP COLUMN expected_on');
        const db = store.db as unknown as import('better-sqlite3').Database;
        db.exec(m.sql!);
        m.up!(db);
      }
    } finally {
      store.close();
    }
    store = openTestStore(file);
    try {
      expect(store.schemaVersion()).toBe(LATEST_VERSION);
      expect(store.db.prepare('SELECT id_number, arrival_date, expected, expected_on FROM arrivals ORDER BY id').all()).toEqual([
        { id_number: P.expected, arrival_date: '2022-11-22', expected: 0, expected_on: '2022-11-23' },
        { id_number: P.early, arrival_date: '2022-11-24', expected: 1, expected_on: null },
        { id_number: P.beijing, arrival_date: '2022-11-21', expected: 0, expected_on: null },
      ]);
      // came a day early: not expected on 11-22's evening (arrived that day); 11-23 expected the other one
      expect(['2022-11-21', '2022-11-22', '2022-11-23'].map((d) => dailyReport(store, d, 'x').arrivals.expected_next_day)).toEqual([0, 0, 1]);
    } finally {
      store.close();
    }
  });
});

describe('(10) quarantine assign says when a centralised measure has no site', () => {
  it('without --site or --home: 待安排隔离点, and how to give one; not with a site, at home, or a measure with no centralised phase', async () => {
    const file = path.join(tmpDir(), 'assign.db');
    const store = openTestStore(file);
    try {
      addSite(store, { name: '党校', capacity: 10 }, on('2022-11-22', 9));
      arrive(store, P.waiting, { arrival_date: '2022-11-22', contact_type: 'close', exposure_date: '2022-11-21' }, '2022-11-22');
      arrive(store, P.late, { arrival_date: '2022-11-22', contact_type: 'close', exposure_date: '2022-11-21' }, '2022-11-22');
      arrive(store, P.hk, { arrival_date: '2022-11-22', contact_type: 'close', exposure_date: '2022-11-21' }, '2022-11-22');
      arrive(store, P.cancelled, { arrival_date: '2022-11-22', origin: '北京市朝阳区' }, '2022-11-22');
    } finally {
      store.close();
    }
    const run = (args: string[]) => runMain(['--db', file, '--today', '2022-11-22', '--lang', 'zh', '--format', 'table', 'quarantine', 'assign', ...args], { now: cst(2022, 10, 22, 11) });
    const none = await run([P.waiting]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('隔离点：待安排隔离点（集中隔离尚未指定隔离点；安排：fangkong quarantine transfer 1 --site 隔离点名称）');
    const shown = await runMain(['--db', file, '--today', '2022-11-22', 'quarantine', 'show', P.waiting, '--format', 'table', '--lang', 'zh'], { now: cst(2022, 10, 22, 11) });
    expect(shown.stdout).toContain('地点：待安排隔离点');
    for (const args of [[P.late, '--site', '党校'], [P.hk, '--home'], [P.cancelled, '--policy', 'high-risk-area-7']]) {
      const r = await run(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, args.join(' ')).not.toContain('待安排');
    }
    const s = openTestStore(file);
    try {
      expect(s.sites.awaiting('2022-11-22')).toBe(1);
      expect(s.sites.awaiting('2022-11-21')).toBe(0);
    } finally {
      s.close();
    }
  });
});

describe('(a) a measure replaced on the day it is found wrong', () => {
  for (const [cancelledOn, late] of [['2022-11-22', 0], ['2022-11-20', 1]] as const) {
    it(`cancelled from ${cancelledOn} and assigned again from the arrival: 补录 ${late}`, () => {
      const file = path.join(tmpDir(), 'replace.db');
      const store = openTestStore(file);
      try {
        addSite(store, { name: '党校', capacity: 10 }, on('2022-11-20', 9));
        arrive(store, P.late, { arrival_date: '2022-11-20', contact_type: 'close', exposure_date: '2022-11-19' }, '2022-11-20');
        assign(store, P.late, { policy: 'high-risk-area-7' }, on('2022-11-20'));
        cancel(store, P.late, { reason: '类别有误', date: cancelledOn }, on('2022-11-22'));
        assign(store, P.late, { site: '党校' }, on('2022-11-22', 11));
        const r = dailyReport(store, '2022-11-22', 'x');
        // on the books every evening through the first measure: not new to the reports as issued;
        // taken off them from its start, the second one is new to them today
        expect(r.measures.centralized).toMatchObject({ active: 1, started: 0, recorded_late: late });
        expect(r.measures.home_quarantine.recorded_late).toBe(0);
      } finally {
        store.close();
      }
    });
  }
});
