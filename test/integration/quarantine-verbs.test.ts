/**
 * The quarantine, policy, site and area verbs at the level of run(): a temporary database, a fake
 * context, the result, and its view rendered as on a terminal (table) and piped (JSON) — masked
 * first, as verb() does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as quarantineAssign from '../../src/cli/quarantine/assign.js';
import * as quarantineCancel from '../../src/cli/quarantine/cancel.js';
import * as quarantineList from '../../src/cli/quarantine/list.js';
import * as quarantineReassess from '../../src/cli/quarantine/reassess.js';
import * as quarantineRelease from '../../src/cli/quarantine/release.js';
import * as quarantineShow from '../../src/cli/quarantine/show.js';
import * as quarantineTransfer from '../../src/cli/quarantine/transfer.js';
import * as policyAdd from '../../src/cli/policy/add.js';
import * as policyList from '../../src/cli/policy/list.js';
import * as policyRules from '../../src/cli/policy/rules.js';
import * as policyRulesSet from '../../src/cli/policy/rules-set.js';
import * as policyShow from '../../src/cli/policy/show.js';
import * as siteAdd from '../../src/cli/site/add.js';
import * as siteList from '../../src/cli/site/list.js';
import * as areaClear from '../../src/cli/area/clear.js';
import * as areaList from '../../src/cli/area/list.js';
import * as areaSet from '../../src/cli/area/set.js';
import { cliFrom, makeContext, type Ctx, type Deps } from '../../src/cli/context.js';
import { StoreError, UsageError } from '../../src/domain/errors.js';
import type { Lang } from '../../src/domain/i18n.js';
import { maskDeep } from '../../src/io/mask.js';
import { render, type View } from '../../src/io/output.js';
import { readPolicyFile } from '../../src/services/policy.js';
import { registerArrival } from '../../src/services/registration.js';
import { recordResult } from '../../src/services/testing.js';
import { makeId, tmpDir, VALID, cst, openTestStore, dbFor } from '../helpers.js';

let dir: string;
let db: string;
const open: Ctx[] = [];

/** A context as the command line `--db DB --today TODAY [--lang L]` gives it. */
function ctxOn(today: string, lang: Lang = 'en'): Ctx {
  const deps: Deps = {
    io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: { LANG: 'C' },
    now: () => cst(2022, 10, 21, 10),
    prompter: { input: async () => '', select: async () => '' },
    username: () => 'officer',
  };
  const cmd = new Command().option('--db <path>').option('--today <date>').option('--lang <lang>');
  cmd.parse(['--db', dbFor(db), '--today', today, '--lang', lang], { from: 'user' });
  const ctx = makeContext(cmd, cliFrom(deps, lang));
  open.push(ctx);
  return ctx;
}

interface VerbModule<R> {
  view: (r: R, ctx: Ctx) => View;
}

/** What a person sees (table) and a program reads (JSON, parsed), masked as verb() masks. */
async function shown<R>(m: VerbModule<R>, result: R, ctx: Ctx): Promise<{ view: View; table: string; json: unknown; csv: string }> {
  const view = m.view(maskDeep(result), ctx);
  return { view, table: await render(view, 'table', ctx.lang, false), json: JSON.parse(await render(view, 'json', ctx.lang, false)), csv: await render(view, 'csv', ctx.lang, false) };
}

async function arrival(ctx: Ctx, over: Record<string, string> = {}) {
  return registerArrival(await ctx.openStore(), { name: VALID.name, id_number: VALID.id, phone: VALID.phone, origin: VALID.origin, arrival_date: VALID.date, transport: 'train', destination: VALID.destination, ...over }, ctx);
}

beforeEach(() => {
  dir = tmpDir();
  db = path.join(dir, 'v.db');
  // a database exists before any verb runs (only init creates one)
  openTestStore(db).close();
});

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe('quarantine assign', () => {
  it('one arrival: the plan for people, the Assignment (masked) for programs', async () => {
    const ctx = ctxOn('2022-11-21');
    await arrival(ctx, { contact_type: 'close', exposure_date: '2022-11-19' });
    await siteAdd.run({ name: '党校', capacity: '5' }, ctx);
    const r = await quarantineAssign.run({ who: '1', site: '党校' }, ctx);
    expect(r).toMatchObject({ assigned: true, policy: 'close-contact-5+3', id_number: VALID.id, release_date: '2022-11-28' });
    const { table, json } = await shown(quarantineAssign, r, ctx);
    expect(table.split('\n').slice(0, 5)).toEqual([
      'assigned: 张三（110105********002X），arrival 1',
      'policy: close-contact-5+3 Close contact: 5 d centralised + 3 d home quarantine',
      'category: close contact; chosen by: 2022-11-11 close → close-contact-5+3',
      'start: 2022-11-20 (day after last exposure)',
      'site: 党校',
    ]);
    expect(table).toContain('│ centralised quarantine │ 2022-11-20 │ 2022-11-24 │ 5    │ 11-20 (day 1) 11-21 (day 2) 11-22 (day 3) 11-24 (day 5) │');
    expect(table.endsWith('release: 2022-11-28\n')).toBe(true);
    expect(json).toEqual({ ...r, id_number: '110105********002X' });
  });

  it('says so when the rule table gives no measure', async () => {
    const ctx = ctxOn('2023-01-10');
    await arrival(ctx, { arrival_date: '2023-01-10' });
    const { table } = await shown(quarantineAssign, await quarantineAssign.run({ who: '1' }, ctx), ctx);
    expect(table).toBe('张三（110105********002X），arrival 1: no measure applies\ncategory: low-risk area; chosen by: 2023-01-08 low → none\n');
  });

  it('--pending: a table and a count for people, { assigned, no_measure } for programs, the rows in CSV', async () => {
    const ctx = ctxOn('2022-11-21');
    await arrival(ctx, { contact_type: 'close' });
    await arrival(ctx, { id_number: makeId('310115', '19920315', '246') });
    const r = await quarantineAssign.run({ pending: true }, ctx);
    const { table, json, csv } = await shown(quarantineAssign, r, ctx);
    expect(table).toMatch(/│ 2\s+│ 张三 │ 310115\*+2463? │ low-risk area │ low-risk-3d2t/);
    // the close contact's centralised measure has no site: said in the table and under it (issue 24)
    expect(table).toMatch(/│ 1\s+│ 张三 │ 110105\*+002X │ close contact │ close-contact-5\+3 │ .* │ awaiting a site │/);
    expect(table.trimEnd().split('\n').slice(-2)).toEqual(['assigned 2; no measure applies to 0', '1 of them centralised, awaiting a site: give one with fangkong quarantine transfer ARRIVAL --site NAME']);
    expect(Object.keys(json as object)).toEqual(['assigned', 'no_measure', 'over_before_arrival', 'over_before_today']);
    expect(csv.split('\n')[0]).toBe('arrival_id,name,id_number,category,policy,start_date,release_date,awaiting_site');
    expect(csv.split('\n')[1]).toMatch(/,true$/);
    expect(csv.trim().split('\n')).toHaveLength(3);
    const none = await shown(quarantineAssign, await quarantineAssign.run({ pending: true }, ctx), ctx);
    expect(none.table).toBe('assigned 0; no measure applies to 0\n');
  });

  it('refuses flags that do not go together, before touching the database', async () => {
    const ctx = ctxOn('2022-11-21');
    const refused: Array<[quarantineAssign.Options, RegExp]> = [
      [{ pending: true, who: '1' }, /--pending takes no person/],
      [{ pending: true, policy: 'x' }, /--pending assigns by the rule table only/],
      [{ pending: true, home: true }, /--pending assigns by the rule table only/],
      [{ pending: true, date: '2022-13-01' }, /--date "2022-13-01" is not a real date/],
      [{}, /give an arrival number or ID number, or --pending/],
      [{ who: '1', date: '2022-11-20' }, /--date goes with --pending/],
    ];
    for (const [opts, message] of refused) {
      const err = await quarantineAssign.run(opts, ctx).catch((e: unknown) => e);
      expect(err, JSON.stringify(opts)).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('quarantine list, show, release, transfer, reassess', () => {
  async function assigned(ctx: Ctx) {
    await siteAdd.run({ name: '党校', capacity: '5' }, ctx);
    await arrival(ctx, { contact_type: 'close', exposure_date: '2022-11-19' });
    await quarantineAssign.run({ who: '1', site: '党校' }, ctx);
  }

  it('the ledger: day 3/5 and the site for people, the values as they are for programs', async () => {
    const ctx = ctxOn('2022-11-22');
    await assigned(ctx);
    const r = await quarantineList.run({}, ctx);
    expect(r.date).toBe('2022-11-22');
    const { view, table, json, csv } = await shown(quarantineList, r, ctx);
    expect(table).toContain('│ 1       │ 张三 │ 110105********002X │ centralised quarantine │ 3/5 │ 党校 │ close-contact-5+3 │ 2022-11-28 │');
    expect(table).not.toContain('Flag');
    expect(view.tally).toBe('2022-11-22: 1 person(s)');
    expect(json).toEqual([expect.objectContaining({ phase_day: 3, phase_days: 5, site: '党校', place: 'site', phone: '+86 138****8000', flag: null })]);
    expect(Object.keys((json as object[])[0])).toHaveLength(18);
    expect(csv.split('\n')[0]).toBe('measure_id,arrival_id,name,id_number,phone,policy,phase,phase_day,phase_days,phase_start,phase_end,site,place,address,township,release_date,flag,flag_decision');
    // a positive test: a column of warnings on screen, the flag in JSON
    recordResult(await ctx.openStore(), '1', { date: '2022-11-22', result: 'positive' }, ctx);
    const flagged = await shown(quarantineList, await quarantineList.run({ date: '2022-11-22' }, ctx), ctx);
    expect(flagged.table).toContain('⚠ POSITIVE');
    expect((flagged.json as Array<{ flag: string }>)[0].flag).toBe('positive');
    await expect(quarantineList.run({ date: '2022-11-31' }, ctx)).rejects.toThrow(/--date "2022-11-31" is not a real date/);
  });

  it('show: the measure in lines and a table of phases', async () => {
    const ctx = ctxOn('2022-11-22', 'zh');
    await assigned(ctx);
    await quarantineTransfer.run({ who: '1', home: true }, ctx);
    const { table, json } = await shown(quarantineShow, await quarantineShow.run({ who: VALID.id }, ctx), ctx);
    expect(table.split('\n').slice(0, 4)).toEqual([
      '张三（110105********002X），报备 1，广东省深圳市南山区，抵达 2022-11-20',
      '措施：close-contact-5+3（进行中）；依据：2022-11-11 close → close-contact-5+3',
      '地点：2022-11-20 党校; 2022-11-22 居家',
      '今天（2022-11-22）：集中隔离第3天',
    ]);
    expect(table.endsWith('解除日期：2022-11-28\n')).toBe(true);
    expect(json).toMatchObject({ id_number: '110105********002X', today: { phase: 'centralized', phase_day: 3 } });
  });

  it('release and transfer are done: a line for people, the measure for programs', async () => {
    const ctx = ctxOn('2022-11-23');
    await assigned(ctx);
    const moved = await shown(quarantineTransfer, await quarantineTransfer.run({ who: '1', home: true, date: '2022-11-22' }, ctx), ctx);
    expect(moved.table).toBe('moved: measure 1, from 2022-11-22 at home\n');
    expect(moved.json).toMatchObject({ measure_id: 1, placements: [{ from: '2022-11-20', site: '党校' }, { from: '2022-11-22', site: null, home: true }] });
    const released = await shown(quarantineRelease, await quarantineRelease.run({ who: '1', reason: '排除' }, ctx), ctx);
    expect(released.table).toBe('released early: measure 1, 2022-11-23 (planned 2022-11-28)\n');
    expect(released.json).toMatchObject({ measure_id: 1, status: 'released', released_on: '2022-11-23', planned_release_date: '2022-11-28', release_reason: '排除' });
  });

  it('cancel: void, not released; off the ledger and its tests from that day; audited; the right measure can then be assigned', async () => {
    const ctx = ctxOn('2022-11-22');
    await assigned(ctx);
    const store = await ctx.openStore();
    const done = await shown(quarantineCancel, await quarantineCancel.run({ who: VALID.id, reason: '身份核实有误' }, ctx), ctx);
    expect(done.table).toBe('cancelled: measure 1 (assigned in error, not a release), off the books from 2022-11-22\n');
    expect(done.json).toMatchObject({ measure_id: 1, status: 'cancelled', cancelled_on: '2022-11-22', cancel_reason: '身份核实有误', released_on: null });
    const audit = store.db.prepare("SELECT record, before, after FROM audit_log WHERE action = 'measure.cancel'").all() as Array<{ record: string; before: string; after: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0].record).toBe('measure:1');
    expect(JSON.parse(audit[0].after)).toEqual({ status: 'cancelled', cancelled_on: '2022-11-22', reason: '身份核实有误' });
    // on the books the days before, not from the day of the cancellation; no test due from then on, none overdue
    expect((await quarantineList.run({ date: '2022-11-21' }, ctx)).rows).toHaveLength(1);
    expect((await quarantineList.run({ date: '2022-11-22' }, ctx)).rows).toHaveLength(0);
    expect(store.tests.due('2022-11-21')).toHaveLength(1);
    expect(store.tests.due('2022-11-22')).toHaveLength(0);
    expect(store.tests.overdue('2022-11-01', '2022-11-30')).toHaveLength(0);
    // shown as cancelled, with no release date
    const shownCancelled = await shown(quarantineShow, await quarantineShow.run({ who: '1' }, ctx), ctx);
    expect(shownCancelled.table).toContain('policy: close-contact-5+3 (cancelled)');
    expect(shownCancelled.table.trimEnd().split('\n').pop()).toBe('cancelled: off the books from 2022-11-22 (身份核实有误; assigned in error, not a release)');
    expect(shownCancelled.json).toMatchObject({ status: 'cancelled', today: { state: 'over', phase: null } });
    // nothing to cancel any more; the right measure can be assigned
    await expect(quarantineCancel.run({ who: '1', reason: 'again' }, ctx)).rejects.toThrow(/no_active_measure/);
    const again = await quarantineAssign.run({ who: '1', policy: 'close-contact-home-5' }, ctx);
    expect(again).toMatchObject({ assigned: true, policy: 'close-contact-home-5' });
    const show = await quarantineShow.run({ who: '1' }, ctx);
    expect(show.history.map((h) => h.status)).toEqual(['cancelled', 'active']);
  });

  it('cancel refuses no reason, a future date, and a measure already served', async () => {
    const ctx = ctxOn('2022-11-22');
    await assigned(ctx);
    await expect(quarantineCancel.run({ who: '1', reason: ' ' }, ctx)).rejects.toThrow(/reason: required/);
    await expect(quarantineCancel.run({ who: '1', reason: 'x', date: '2022-11-23' }, ctx)).rejects.toThrow(/date_future/);
    const later = ctxOn('2022-12-01');
    await expect(quarantineCancel.run({ who: '1', reason: 'x' }, later)).rejects.toMatchObject({ problems: [{ code: 'cancel_after_end', params: { release: '2022-11-28' } }] });
    // before the start: as if never assigned
    const early = await quarantineCancel.run({ who: '1', reason: 'x', date: '2022-11-20' }, ctx);
    expect(early.cancelled_on).toBe('2022-11-20');
    expect((await quarantineList.run({ date: '2022-11-20' }, ctx)).rows).toHaveLength(0);
  });

  it('reassess: the changes and a summary for people; in CSV the changes only', async () => {
    const ctx = ctxOn('2022-11-10');
    for (const [i, exp] of ['2022-11-02', '2022-11-06'].entries()) {
      await arrival(ctx, { id_number: makeId('440305', '19800101', String(120 + i)), contact_type: 'close', exposure_date: exp, arrival_date: '2022-11-07' });
      await quarantineAssign.run({ who: String(i + 1), policy: 'close-contact-7+3', home: true }, ctx);
    }
    const later = ctxOn('2022-11-11');
    const dry = await shown(quarantineReassess, await quarantineReassess.run({ fromPolicy: 'close-contact-7+3', toPolicy: 'close-contact-5+3', dryRun: true }, later), later);
    expect(dry.table).toMatch(/│ C 11-03~11-09, M 11-10~11-12 │ 2022-11-13 +│ C 11-03~11-07, H 11-08~11-10 │ 2022-11-11 +│ released now │/);
    expect(dry.table.trimEnd().split('\n').pop()).toBe('dry run (nothing written): 2 person(s) under close-contact-7+3 on 2022-11-11 would move to close-contact-5+3: released now 1, shortened 1');
    expect(dry.csv.trim().split('\n')).toEqual([
      'arrival_id,name,id_number,start_date,old,old_release_date,new,new_release_date,effect',
      '1,张三,440305********1200,2022-11-03,"C 11-03~11-09, M 11-10~11-12",2022-11-13,"C 11-03~11-07, H 11-08~11-10",2022-11-11,released',
      '2,张三,440305********1219,2022-11-07,"C 11-07~11-13, M 11-14~11-16",2022-11-17,"C 11-07~11-11, H 11-12~11-14",2022-11-15,shortened',
    ]);
    expect(dry.json).toMatchObject({ dry_run: true, changes: [{ effect: 'released' }, { effect: 'shortened' }] });
    const none = await shown(quarantineReassess, await quarantineReassess.run({ fromPolicy: 'close-contact-5+3', toPolicy: 'close-contact-7+3', dryRun: true }, later), later);
    expect(none.table).toBe('dry run (nothing written): 0 person(s) under close-contact-5+3 on 2022-11-11 would move to close-contact-7+3\n');
    const done = await quarantineReassess.run({ fromPolicy: 'close-contact-7+3', toPolicy: 'close-contact-5+3', yes: true }, later);
    expect(done.changes.map((c) => c.new_measure_id)).toEqual([3, 4]);
    // quarantine show then has a history, after a blank line
    const { table } = await shown(quarantineShow, await quarantineShow.run({ who: '1' }, later), later);
    expect(table.trimEnd().split('\n').slice(-5)).toEqual([
      'release: 2022-11-11 (reassessed to close-contact-5+3: already over; planned 2022-11-11)',
      '',
      'history:',
      // exposed before arriving on 11-07: in force from the arrival
      '  #1 close-contact-7+3 2022-11-03 → 2022-11-13 superseded (from 2022-11-07)',
      '  #3 close-contact-5+3 2022-11-03 → 2022-11-11 released (from 2022-11-11)',
    ]);
  });
});

describe('policy', () => {
  it('list: the definitions for programs, the names and phases in words for people and in CSV', async () => {
    const ctx = ctxOn('2022-11-21');
    const { table, json, csv } = await shown(policyList, await policyList.run({}, ctx), ctx);
    const five = (json as Array<Record<string, unknown>>).find((p) => p.id === 'close-contact-5+3');
    expect(Object.keys(five!)).toEqual(['id', 'name', 'who', 'phases', 'tests', 'source', 'in_force_from', 'local']);
    expect(five).toMatchObject({ name: { zh: '密接 5天集中隔离+3天居家隔离' }, local: false });
    expect(table).toMatch(/│ close-contact-5\+3 +│ Close contact: 5 d centralised \+ 3 d home quarantine +│ 5 d centralised quarantine \(tests on days 1, 2, 3, 5\) \+ 3 d home quarantine \(tests on days 1, 3\) +│ 2022-11-11 +│ +│/);
    expect(csv.split('\n')[0]).toBe('id,name,phases,in_force_from,local');
    expect(csv).toContain('close-contact-5+3,Close contact: 5 d centralised + 3 d home quarantine,');
  });

  it('add from a file: the policy as show gives it, after a line on stderr; a missing file or bad JSON is said so', async () => {
    const ctx = ctxOn('2022-11-21');
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, '\uFEFF' + JSON.stringify({ id: 'county-5+5', name: { zh: '县 5+5', en: 'county 5+5' }, phases: [{ kind: 'centralized', days: 5, tests: [1, 5] }, { kind: 'health_monitoring', days: 5, tests: [5] }], source: '县', in_force_from: '2022-11-20' }));
    const { view, table, json } = await shown(policyAdd, await policyAdd.run({ file }, ctx), ctx);
    expect(view.before).toEqual(['added policy county-5+5']);
    expect(table).toBe(
      'ID: county-5+5\nPolicy name: county 5+5\nSource: 县\nIn force from: 2022-11-20\nLocal: yes\n' +
        '┌────────────────────────┬──────┬───────────┐\n│ Phase                  │ Days │ Test days │\n│ centralised quarantine │ 5    │ 1, 5      │\n│ home health monitoring │ 5    │ 5         │\n└────────────────────────┴──────┴───────────┘\n',
    );
    expect(json).toEqual((await shown(policyShow, await policyShow.run({ id: 'county-5+5' }, ctx), ctx)).json);
    expect(() => readPolicyFile(path.join(dir, 'missing.json'))).toThrow(StoreError);
    expect(() => readPolicyFile(path.join(dir, 'missing.json'))).toThrow(/cannot read .*missing.json: no such file/);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "id": ');
    expect(() => readPolicyFile(path.join(dir, 'broken.json'))).toThrow(UsageError);
  });

  it('rules: (none) and "local:" on screen, the values as they are for programs', async () => {
    const ctx = ctxOn('2022-11-21');
    const added = await policyRulesSet.run({ category: 'low', policy: 'none', from: '2022-11-20', note: '县指挥部' }, ctx);
    const set = await shown(policyRulesSet, added, ctx);
    expect(set.view.before).toEqual(['rule added: from 2022-11-20 low → none']);
    expect(set.json).toEqual([{ from: '2022-11-20', category: 'low', policy: null, source: '县指挥部', local: true }]);
    const { table, json, csv } = await shown(policyRules, await policyRules.run({ date: '2022-11-21' }, ctx), ctx);
    expect(table).toContain('│ 2022-11-20 │ low-risk area     │ (none)            │ local: 县指挥部');
    expect((json as object[]).map((r) => Object.keys(r))[0]).toEqual(['from', 'category', 'policy', 'source', 'local']);
    expect(csv.split('\n')[0]).toBe('from,category,policy,source,local');
    expect((await policyRules.run({}, ctx)).length).toBeGreaterThan((json as object[]).length);
  });
});

describe('sites and areas', () => {
  it('site add is done (the site for programs); site list shows occupancy', async () => {
    const ctx = ctxOn('2022-11-21');
    const added = await shown(siteAdd, await siteAdd.run({ name: '党校', capacity: '2', head: '王明' }, ctx), ctx);
    expect(added.table).toBe('added site 党校 (capacity 2)\n');
    expect(added.json).toEqual({ name: '党校', capacity: 2, address: null, head: '王明' });
    const { json } = await shown(siteList, await siteList.run({ date: '2022-11-21' }, ctx), ctx);
    expect(json).toEqual([{ name: '党校', capacity: 2, occupied: 0, free: 2, address: null, head: '王明' }]);
  });

  it('area set, list and clear (done: region, cleared_from, records)', async () => {
    const ctx = ctxOn('2022-11-21');
    const set = await shown(areaSet, await areaSet.run({ region: '广东省广州市海珠区', level: 'high', from: '2022-11-05' }, ctx), ctx);
    expect(set.view.before).toEqual(['risk area set: 广东省广州市海珠区']);
    expect(set.json).toEqual([{ region: '广东省广州市海珠区', level: 'high', valid_from: '2022-11-05', valid_to: null }]);
    const cleared = await shown(areaClear, await areaClear.run({ region: '广东省广州市海珠区', date: '2022-11-20' }, ctx), ctx);
    expect(cleared.table).toBe('cleared 广东省广州市海珠区: not a risk area from 2022-11-20 (1 record(s))\n');
    expect(cleared.json).toEqual({ region: '广东省广州市海珠区', cleared_from: '2022-11-20', records: 1 });
    expect(await areaList.run({ date: '2022-11-20' }, ctx)).toEqual([]);
    expect((await areaList.run({}, ctx)).map((a) => a.valid_to)).toEqual(['2022-11-19']);
  });
});
