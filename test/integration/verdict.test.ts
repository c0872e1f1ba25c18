/**
 * The checkpoint verdict uses what the register knows (issue 11): a positive on record, the phase
 * of the person's measure, the kind of checkpoint; overrides need a reason and are audited; the
 * session offers the test on record and never assumes a negative; the checks are dated data with a
 * county's own test-age limit.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import * as checkpointAdd from '../../src/cli/checkpoint/add.js';
import * as configSet from '../../src/cli/config/set.js';
import { cliFrom, makeContext, type Ctx, type Prompter } from '../../src/cli/context.js';
import * as checks from '../../src/cli/inspect/checks.js';
import * as log from '../../src/cli/inspect/log.js';
import * as session from '../../src/cli/inspect/session.js';
import * as record from '../../src/cli/nat/record.js';
import * as review from '../../src/cli/nat/review.js';
import * as show from '../../src/cli/quarantine/show.js';
import { buildProgram } from '../../src/cli/program.js';
import { ValidationError } from '../../src/domain/errors.js';
import { maskDeep } from '../../src/io/mask.js';
import { render } from '../../src/io/output.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { registerArrival } from '../../src/services/registration.js';
import { addSite } from '../../src/services/sites.js';
import { cst, dbFor, initDb, makeId, query, tmpDir, VALID } from '../helpers.js';

let db: string;
let contexts: Ctx[] = [];
const OTHER = makeId('440305', '19800101', '123');

beforeEach(async () => {
  db = initDb(path.join(tmpDir(), 'v.db'));
  const { ctx } = await ctxFor([]);
  await checkpointAdd.run({ name: '高速卡点', kind: 'road' }, ctx);
  await checkpointAdd.run({ name: '火车站', kind: 'rail' }, ctx);
  return () => {
    for (const c of contexts) c.close();
    contexts = [];
  };
});

async function ctxFor(globals: string[], o: { tty?: boolean; prompter?: Prompter; lang?: 'zh' | 'en' } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const seen = { out: '', err: '' };
  stdout.on('data', (c) => (seen.out += c));
  stderr.on('data', (c) => (seen.err += c));
  const cli = cliFrom(
    {
      io: { stdout, stderr, stdin: new PassThrough(), stdoutIsTTY: !!o.tty, stdinIsTTY: !!o.tty, stderrIsTTY: !!o.tty },
      env: { LANG: 'C' },
      now: () => cst(2022, 10, 22, 10, 0),
      prompter: o.prompter ?? { input: async () => Promise.reject(new Error('unexpected prompt')), select: async () => Promise.reject(new Error('unexpected prompt')) },
      username: () => 'officer',
    },
    o.lang ?? 'en',
  );
  let ctx!: Ctx;
  const leaf = new Command('x').action((_flags, cmd: Command) => {
    ctx = makeContext(cmd, cli);
  });
  await buildProgram(cli, [leaf]).parseAsync(['--db', dbFor(db), '--today', '2022-11-22', '--no-color', '--lang', o.lang ?? 'en', ...globals, 'x'], { from: 'user' });
  contexts.push(ctx);
  return { ctx, seen };
}

/** Registers 张三 (arrived 2022-11-20) and puts him under a policy from a start date. */
async function under(ctx: Ctx, policy: string | null, start = '2022-11-20', who = { name: '张三', id: VALID.id }) {
  const store = await ctx.openStore();
  const a = registerArrival(store, { name: who.name, id_number: who.id, phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-20', transport: 'car', destination: '城关镇幸福路8号', township: '城关镇' }, ctx);
  if (!policy) return a;
  if (!store.sites.byName('党校')) addSite(store, { name: '党校', capacity: 10 }, ctx);
  assign(store, String(a.id), { policy, start, site: policy.startsWith('close') ? '党校' : undefined }, ctx);
  return a;
}

const NEGATIVE = { code: 'green', temp: '36.5', testResult: 'negative', testTime: '2022-11-22 07:00', time: '2022-11-22 09:00' };
const table = async (r: Parameters<typeof log.view>[0], ctx: Ctx) => render(log.view(maskDeep(r), ctx), 'table', ctx.lang, false);

describe('the verdict uses what the register knows', () => {
  it('a positive on record is not let through, whatever the codes say: transfer, notify; not even --action pass with a reason', async () => {
    const { ctx } = await ctxFor([]);
    await under(ctx, null);
    await record.run({ who: VALID.id, date: '2022-11-21', result: 'positive' }, ctx);
    const r = await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE }, ctx);
    expect(r).toMatchObject({ verdict: 'stop', anomalies: ['positive_on_record'], action: 'transfer', suggested_action: 'transfer', notify: ['health', 'township'], register: { positive: { test_date: '2022-11-21', decision: null } } });
    expect(await table(r, ctx)).toBe(
      [
        '✘ NOT LET THROUGH: positive test on record → transfer  张三 110105********002X green 36.5℃',
        '  positive test (2022-11-21, awaiting decision): transfer to the designated hospital',
        '  notify the health authority, notify 城关镇',
        '  linked to arrival 1',
        '',
      ].join('\n'),
    );
    await expect(log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE, time: '2022-11-22 09:01', action: 'pass', reason: '他说复检阴性' }, ctx)).rejects.toThrow(ValidationError);
    expect(query(db, 'SELECT count(*) AS n FROM inspections')).toEqual([{ n: 1 }]);
  });

  it('in the officer’s language: the loud verdict names the reason', async () => {
    const { ctx } = await ctxFor([], { lang: 'zh' });
    await under(ctx, 'close-contact-5+3');
    const r = await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE }, ctx);
    expect(await table(r, ctx)).toBe(
      [
        '✘ 不得放行：集中隔离期间 → 送返  张三 110105********002X 绿码 36.5℃',
        '  集中隔离第3天（close-contact-5+3），隔离点：党校：送返隔离点 党校',
        '  通知城关镇',
        '  已关联报备 1',
        '',
      ].join('\n'),
    );
  });

  it('each phase kind: centralised and home quarantine are returned (site, home address); monitoring is let through with restrictions', async () => {
    const { ctx } = await ctxFor([]);
    await under(ctx, 'close-contact-5+3', '2022-11-16'); // 11-16…11-20 centralised, 11-21…11-23 home quarantine
    const home = await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE }, ctx);
    expect(home).toMatchObject({ verdict: 'stop', anomalies: ['in_home_quarantine'], action: 'return', notify: ['township'], register: { phase: { kind: 'home_quarantine', day: 2 } } });
    expect(await table(home, ctx)).toContain('  day 2 of home quarantine (close-contact-5+3): return home (城关镇幸福路8号)\n');
    await expect(log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE, time: '2022-11-22 09:30', action: 'pass', reason: '买菜' }, ctx)).rejects.toMatchObject({ problems: [{ field: 'action', code: 'not_let_through', params: { anomalies: 'in_home_quarantine' } }] });

    const { ctx: c2 } = await ctxFor([]);
    await under(c2, 'high-risk-post-5', '2022-11-21', { name: '李四', id: OTHER });
    const road = await log.run({ checkpoint: '高速卡点', idNumber: OTHER, ...NEGATIVE }, c2);
    expect(road).toMatchObject({ verdict: 'restricted', anomalies: ['home_monitoring'], action: 'refer', restrictions: ['necessities_only', 'no_public_transport', 'no_crowded_places'], notify: [] });
    expect(await table(road, c2)).toBe(
      [
        `! restricted: under home health monitoring → refer  李四 ${OTHER.slice(0, 6)}********${OTHER.slice(-4)} green 36.5℃`,
        '  day 2 of home health monitoring (high-risk-post-5)',
        '  out for necessities only; no public transport; no crowded places',
        '  linked to arrival 2',
        '',
      ].join('\n'),
    );
  });

  it('home health monitoring at a railway station: no public transport; pass is an override the rules allow, with a reason, audited', async () => {
    const { ctx } = await ctxFor([]);
    await under(ctx, 'high-risk-post-5', '2022-11-21');
    const rail = await log.run({ checkpoint: '火车站', idNumber: VALID.id, ...NEGATIVE }, ctx);
    expect(rail).toMatchObject({ verdict: 'stop', action: 'refer', checkpoint_kind: 'rail', notify: ['township'] });
    expect(await table(rail, ctx)).toMatch(/^✘ NO PUBLIC TRANSPORT: under home health monitoring → refer {2}张三/);
    // without a reason: refused, in words, and nothing written
    const noReason = log.run({ checkpoint: '火车站', idNumber: VALID.id, ...NEGATIVE, time: '2022-11-22 09:10', action: 'pass' }, ctx);
    await expect(noReason).rejects.toThrow(ValidationError);
    const err = await noReason.catch((e: ValidationError) => e);
    expect(ctx.describe((err as ValidationError).problems[0])).toBe('Reason: the rules say refer (under home health monitoring): to pass instead, give --reason (it is audited)');
    const ok = await log.run({ checkpoint: '火车站', idNumber: VALID.id, ...NEGATIVE, time: '2022-11-22 09:10', action: 'pass', reason: '到站旅客，家属接回家' }, ctx);
    expect(ok).toMatchObject({ verdict: 'stop', action: 'pass', suggested_action: 'refer', override_reason: '到站旅客，家属接回家' });
    expect(await table(ok, ctx)).toContain('  action taken instead: pass: 到站旅客，家属接回家 (audited)\n');
    expect(query(db, 'SELECT action, override_reason FROM inspections ORDER BY id')).toEqual([
      { action: 'refer', override_reason: null },
      { action: 'pass', override_reason: '到站旅客，家属接回家' },
    ]);
    const audit = query<{ after: string }>(db, "SELECT after FROM audit_log WHERE action = 'inspection.add' ORDER BY id").map((r) => JSON.parse(r.after));
    expect(audit[0].override).toBeUndefined();
    expect(audit[1]).toMatchObject({ action: 'pass', override_reason: '到站旅客，家属接回家', override: { suggested: 'refer', action: 'pass', reason: '到站旅客，家属接回家' } });
    // the audit holds the ID number starred whole, never the number (store/audit.ts)
    expect(audit[1].id_number).toBe('*'.repeat(18));
    expect(JSON.stringify(audit)).not.toContain('11010519491231002X');
  });

  it('a positive decided: a false positive clears the flag and no longer stops; confirmed and transferred still do; quarantine show tells which', async () => {
    const { ctx } = await ctxFor([]);
    await under(ctx, 'high-risk-post-5', '2022-11-21');
    await record.run({ who: VALID.id, date: '2022-11-21', result: 'positive' }, ctx);
    const confirmed = await review.run({ who: VALID.id, decision: 'confirmed', note: '市疾控复核阳性' }, ctx);
    expect(confirmed).toMatchObject({ decision: 'confirmed', test_date: '2022-11-21', flagged: true, measure_id: 1 });
    const stillStopped = await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE, time: '2022-11-22 08:00' }, ctx);
    expect(stillStopped).toMatchObject({ verdict: 'stop', action: 'transfer', register: { positive: { decision: 'confirmed' } } });
    expect(await table(stillStopped, ctx)).toContain('  positive test (2022-11-21, confirmed): transfer to the designated hospital\n');

    const cleared = await review.run({ who: VALID.id, decision: 'false-positive', note: '11-22 复检阴性' }, ctx);
    expect(cleared).toMatchObject({ decision: 'false_positive', previous: 'confirmed', flagged: false });
    const after = await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, ...NEGATIVE, time: '2022-11-22 08:30' }, ctx);
    expect(after).toMatchObject({ verdict: 'restricted', anomalies: ['home_monitoring'], register: { positive: null, cleared: { test_date: '2022-11-21', note: '11-22 复检阴性' } } });
    expect(await table(after, ctx)).toContain('  positive test (2022-11-21) ruled out on retest: 11-22 复检阴性\n');
    const shown = await show.run({ who: VALID.id }, ctx);
    expect(shown).toMatchObject({ flag: null, flag_decision: 'false_positive', positives: [{ test_date: '2022-11-21', decision: 'false_positive', note: '11-22 复检阴性', decided_on: '2022-11-22' }] });
    expect(await render(show.view(maskDeep(shown), ctx), 'table', 'en', false)).toContain('positive test (2022-11-21): false positive (ruled out on retest), 2022-11-22: 11-22 复检阴性');
    expect(query(db, "SELECT action FROM audit_log WHERE action LIKE 'test.%' ORDER BY id")).toEqual([{ action: 'test.record' }, { action: 'test.review' }, { action: 'test.review' }]);
  });

  it('test review: a decision needs a positive and a note; the view says what it did', async () => {
    const { ctx } = await ctxFor([]);
    await under(ctx, null);
    await expect(review.run({ who: VALID.id, decision: 'confirmed', note: 'x' }, ctx)).rejects.toThrow(/no_positive|has no positive/);
    await record.run({ who: VALID.id, date: '2022-11-21', result: 'positive' }, ctx);
    await expect(review.run({ who: VALID.id, decision: 'maybe', note: 'x' }, ctx)).rejects.toThrow(ValidationError);
    await expect(review.run({ who: VALID.id, decision: 'transferred', note: ' ' }, ctx)).rejects.toThrow(ValidationError);
    const r = await review.run({ who: VALID.id, decision: 'transferred', note: '送县人民医院' }, ctx);
    expect(review.view(maskDeep(r), ctx)).toMatchObject({ kind: 'done', text: 'decided: 张三, positive test of 2022-11-21: transferred to hospital (送县人民医院)' });
  });
});

describe('inspect import judges by the same register', () => {
  it('a row for someone in quarantine is recorded with its anomaly and the suggested action; a pass for them is refused', async () => {
    const { ctx } = await ctxFor([]);
    await under(ctx, 'close-contact-5+3');
    const { importInspections } = await import('../../src/services/inspection.js');
    const fs = await import('node:fs');
    const file = path.join(path.dirname(db), 'sheet.csv');
    const header = '卡点,查验时间,身份证号,健康码,体温,核酸结果,核酸时间,处置';
    fs.writeFileSync(file, [header, `高速卡点,2022-11-22 08:00,${VALID.id},绿码,36.5,阴性,2022-11-21 08:00,`, `高速卡点,2022-11-22 08:10,${VALID.id},绿码,36.5,阴性,2022-11-21 08:00,放行`].join('\n'));
    const problems: string[] = [];
    await expect(importInspections(await ctx.openStore(), file, ctx, { describe: ctx.describe, onProblem: (p) => problems.push(`${p.row} ${p.code}`) })).rejects.toThrow();
    expect(problems).toEqual(['3 not_let_through']);
    const r = await importInspections(await ctx.openStore(), file, ctx, { describe: ctx.describe, skipInvalid: true });
    expect(r).toMatchObject({ inserted: 1, rejected: 1, anomalies: 1 });
    expect(query(db, 'SELECT anomalies, action FROM inspections')).toEqual([{ anomalies: 'in_centralized', action: 'return' }]);
  });
});

describe('the session uses the same rules and never assumes a negative', () => {
  /** Answers by the prompt's text; a select answered with '' takes its default; what was offered is kept. */
  function scripted(answers: Array<[string, string]>, offered: string[]) {
    const next = (message: string) => (answers.length > 0 && message.includes(answers[0][0]) ? answers.shift()![1] : undefined);
    const prompter: Prompter = {
      async input(p) {
        const a = next(p.message);
        if (a === undefined) throw new Error(`unexpected prompt ${p.message}`);
        offered.push(`${p.message} [${p.default ?? ''}]`);
        const v = a === '' && p.default ? p.default : a;
        const ok = p.validate ? p.validate(v) : true;
        if (ok !== true) throw new Error(`${p.message}: ${ok}`);
        return v;
      },
      async select(p) {
        offered.push(`${p.message} [${p.choices.find((c) => c.value === p.default)?.name ?? ''}]`);
        const a = next(p.message);
        return a || p.default!;
      },
    };
    return prompter;
  }

  it('the last result on record is offered with its sampling time; with none the test is asked, with no default', async () => {
    const offered: string[] = [];
    const prompter = scripted(
      [
        ['[0] ID number', VALID.id], ['test', ''], ['temperature', ''],
        ['[1] ID number', OTHER], ['test result', '1'], ['sampled at', ''], ['temperature', ''],
        ['[2] ID number', ''],
      ],
      offered,
    );
    const { ctx, seen } = await ctxFor([], { tty: true, prompter });
    await under(ctx, null);
    await record.run({ who: VALID.id, date: '2022-11-21', result: 'negative', sampleTime: '2022-11-21 08:00' }, ctx);
    await record.run({ who: VALID.id, date: '2022-11-22', result: 'pending', sampleTime: '2022-11-22 07:00' }, ctx);
    const s = await session.run({ checkpoint: '高速卡点', temp: '36.5' }, ctx);
    expect(offered).toEqual([
      '[0] ID number []',
      'health code [green]',
      // the latest final result (a pending one is not a negative)
      'test [on record: negative, sampled 2022-11-21 08:00]',
      'temperature [36.5]',
      '[1] ID number []',
      'health code [green]',
      'test result (1 negative / 2 positive / 0 none) []',
      'sampled at (e.g. 11-21 09:00; Enter if unknown) []',
      'temperature [36.5]',
      '[2] ID number []',
    ]);
    expect(s).toMatchObject({ inspected: 2, anomalies: 1, blocked: 0, unregistered: 1 });
    expect(query(db, 'SELECT id_number, test_result, test_time, anomalies, action FROM inspections ORDER BY id')).toEqual([
      { id_number: VALID.id, test_result: 'negative', test_time: '2022-11-21T08:00', anomalies: '', action: 'pass' },
      { id_number: OTHER, test_result: 'negative', test_time: null, anomalies: 'test_time_unknown', action: 'refer' },
    ]);
    expect(seen.out).toContain('! anomaly: test time unknown → refer');
  });

  it('a quarantined person and a positive are stopped in a session as at the command line', async () => {
    const offered: string[] = [];
    const prompter = scripted(
      [
        ['[0] ID number', VALID.id], ['test result', '1'], ['sampled at', '11-22 07:00'], ['temperature', ''],
        ['[1] ID number', OTHER], ['test', ''], ['temperature', ''],
        ['[2] ID number', ''],
      ],
      offered,
    );
    const { ctx, seen } = await ctxFor([], { tty: true, prompter });
    await under(ctx, 'close-contact-5+3');
    await under(ctx, null, '', { name: '李四', id: OTHER });
    await record.run({ who: OTHER, date: '2022-11-21', result: 'positive' }, ctx);
    const s = await session.run({ checkpoint: '高速卡点', temp: '36.5' }, ctx);
    expect(s).toMatchObject({ inspected: 2, anomalies: 2, blocked: 2 });
    expect(offered).toContain('test [on record: positive, 2022-11-21 (no sampling time)]');
    expect(seen.out).toContain('✘ NOT LET THROUGH: in centralised quarantine → return  张三');
    expect(seen.out).toContain('✘ NOT LET THROUGH: positive test, positive test on record → transfer  李四');
  });
});

describe('the checks in force, and a county’s own test-age limit', () => {
  it('inspect checks lists the periods, or those of a date; config set test-validity-hours changes the limit, audited', async () => {
    const { ctx } = await ctxFor([]);
    const all = await checks.run({}, ctx);
    expect(all.map((c) => [c.from, c.test_validity_hours, c.travel_star, c.test_check])).toEqual([['2020-01-01', 48, true, true], ['2022-06-29', 48, false, true], ['2022-12-07', 48, false, false]]);
    expect((await checks.run({ date: '2022-06-28' }, ctx)).map((c) => c.travel_star)).toEqual([true]);
    const v = checks.view(await checks.run({ date: '2022-11-22' }, ctx), ctx);
    expect(JSON.parse(await render(v, 'json', 'en', false))).toEqual([{ from: '2022-06-29', test_check: true, test_validity_hours: 48, local_validity: false, travel_star: false, fever_celsius: 37.3, red: 'stop', yellow: 'refer', green: 'pass', source: "the travel code's star removed on 2022-06-29" }]);

    // a test 60 hours old: expired at 48, valid once the county allows 72
    const old = { code: 'green', temp: '36.5', testResult: 'negative', testTime: '2022-11-19 21:00' };
    expect((await log.run({ checkpoint: '高速卡点', vehicle: 'A1', ...old, time: '2022-11-22 09:00' }, ctx)).anomalies).toEqual(['test_expired']);
    await expect(configSet.run({ key: 'test-validity-hours', value: '200' }, ctx)).rejects.toThrow(ValidationError);
    expect(await configSet.run({ key: 'test-validity-hours', value: '72' }, ctx)).toEqual({ key: 'test-validity-hours', value: '72' });
    const later = await log.run({ checkpoint: '高速卡点', vehicle: 'A1', ...old, time: '2022-11-22 09:01' }, ctx);
    expect(later).toMatchObject({ anomalies: [], checks: { test_validity_hours: 72 } });
    expect((await checks.run({ date: '2022-11-22' }, ctx))[0]).toMatchObject({ test_validity_hours: 72, local_validity: true });
    expect(query(db, "SELECT record, after FROM audit_log WHERE action = 'settings.set'")).toEqual([{ record: 'settings:test-validity-hours', after: '"72"' }]);
  });
});
