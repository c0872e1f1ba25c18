/**
 * The verbs of `inspect`, `checkpoint` and `test` at the level of run(opts, ctx) and view(result,
 * ctx): on a temporary database, with a fake terminal or a pipe, without spawning anything.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import * as checkpointAdd from '../../src/cli/checkpoint/add.js';
import * as checkpointList from '../../src/cli/checkpoint/list.js';
import { cliFrom, makeContext, type Ctx, type Prompter } from '../../src/cli/context.js';
import * as list from '../../src/cli/inspect/list.js';
import * as log from '../../src/cli/inspect/log.js';
import * as session from '../../src/cli/inspect/session.js';
import * as unregistered from '../../src/cli/inspect/unregistered.js';
import * as due from '../../src/cli/nat/due.js';
import * as record from '../../src/cli/nat/record.js';
import { buildProgram } from '../../src/cli/program.js';
import { maskDeep } from '../../src/io/mask.js';
import { render } from '../../src/io/output.js';
import { makeId, tmpDir, VALID, initDb, cst, dbFor } from '../helpers.js';

const STRANGER = makeId('440524', '18800101', '001');
const STRANGER_MASKED = `${STRANGER.slice(0, 6)}********${STRANGER.slice(-4)}`;

let db: string;
let contexts: Ctx[] = [];

beforeEach(async () => {
  db = initDb(path.join(tmpDir(), 'v.db'));
  const { ctx } = await ctxFor([]);
  await checkpointAdd.run({ name: '高速卡点', kind: 'road' }, ctx);
  return () => {
    for (const c of contexts) c.close();
    contexts = [];
  };
});

/** A Ctx as verb() builds it, from global options, on a fake terminal (tty) or a pipe; what is printed is kept. */
async function ctxFor(globals: string[], o: { tty?: boolean; prompter?: Prompter } = {}) {
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
    'en',
  );
  let ctx!: Ctx;
  const leaf = new Command('x').action((_flags, cmd: Command) => {
    ctx = makeContext(cmd, cli);
  });
  await buildProgram(cli, [leaf]).parseAsync(['--db', dbFor(db), '--today', '2022-11-22', '--no-color', ...globals, 'x'], { from: 'user' });
  contexts.push(ctx);
  return { ctx, seen };
}

/** Answers prompts in order, each to a prompt whose message contains its text; a select not answered takes its default. */
function scripted(answers: Array<[string, string]>): Prompter {
  const next = (message: string) => (answers.length > 0 && message.includes(answers[0][0]) ? answers.shift()![1] : undefined);
  return {
    async input(p) {
      const a = next(p.message);
      if (a === undefined) throw new Error(`unexpected prompt ${p.message}`);
      const v = a === '' && p.default ? p.default : a;
      const ok = p.validate ? p.validate(v) : true;
      if (ok !== true) throw new Error(`${p.message}: ${ok}`);
      return v;
    },
    async select(p) {
      return next(p.message) ?? p.default!;
    },
  };
}

async function person(ctx: Ctx, over: Record<string, string> = {}) {
  const { registerArrival } = await import('../../src/services/registration.js');
  return registerArrival(await ctx.openStore(), { name: '张三', id_number: VALID.id, phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-20', transport: 'car', destination: VALID.destination, ...over }, ctx);
}

describe('inspect log', () => {
  it('run logs the inspection and returns it; the view is the record for programs and the verdict for people', async () => {
    const { ctx } = await ctxFor([]);
    await person(ctx);
    const r = await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, code: 'red', temp: '37.6', testResult: 'negative', testTime: '2022-11-22 07:00', time: '2022-11-22 09:00' }, ctx);
    expect(r).toMatchObject({ id: 1, checkpoint: '高速卡点', id_number: VALID.id, arrival_id: 1, anomalies: ['red_code', 'fever'], action: 'quarantine' });
    const v = log.view(maskDeep(r), ctx);
    expect(v.kind).toBe('document');
    expect(JSON.parse(await render(v, 'json', 'en', false))).toMatchObject({ id_number: '110105********002X', anomalies: ['red_code', 'fever'], arrival_id: 1 });
    expect(await render(v, 'table', 'en', false)).toBe('✘ NOT LET THROUGH: red code, fever → quarantine  张三 110105********002X red 37.6℃\n  linked to arrival 1\n');
    // when the output is the data (JSON, CSV), the verdict line goes to stderr too; the pipeline
    // shows it only then, so on a terminal it is not said twice (test/unit/output.test.ts)
    expect(v.whenData).toEqual(['✘ NOT LET THROUGH: red code, fever → quarantine  张三 110105********002X red 37.6℃']);
    expect(v.after).toBeUndefined();
  });

  it('nothing on stderr for an inspection with no anomaly', async () => {
    const { ctx } = await ctxFor([]);
    const r = await log.run({ checkpoint: '高速卡点', vehicle: '粤B12345', passengers: '3', code: 'green', testResult: 'negative', testTime: '2022-11-21 09:00', time: '2022-11-22 09:00' }, ctx);
    const v = log.view(r, ctx);
    expect(v.after).toBeUndefined();
    expect(v.whenData).toBeUndefined();
    expect(await render(v, 'table', 'en', false)).toBe('✔ pass  粤B12345 green 3 people\n');
  });

  it('a missing checkpoint or code is a usage error before anything is opened', async () => {
    const { ctx } = await ctxFor([]);
    await expect(log.run({ vehicle: 'A1', code: 'green' }, ctx)).rejects.toThrow('missing --checkpoint');
    await expect(log.run({ checkpoint: '高速卡点', vehicle: 'A1' }, ctx)).rejects.toThrow('missing --code (green|yellow|red)');
  });
});

describe('inspect session', () => {
  it('prints each verdict as it goes, masked, and counts the not-let-through by the one rule (a positive test too)', async () => {
    // no test on record for either: the result is asked (no default), and a negative's sampling time
    const prompter = scripted([
      ['[0] ID number', VALID.id], ['test result', '1'], ['sampled at', '08:00'], ['temperature', ''],
      ['[1] ID number', STRANGER], ['test result', '2'], ['temperature', '36.6'],
      ['[2] ID number', ''],
    ]);
    const { ctx, seen } = await ctxFor([], { tty: true, prompter });
    await person(ctx);
    const s = await session.run({ checkpoint: '高速卡点', temp: '36.5' }, ctx);
    expect(s).toEqual({ checkpoint: '高速卡点', inspected: 2, anomalies: 1, blocked: 1, unregistered: 1, interrupted: false });
    expect(seen.out).toContain('✔ pass  张三 110105********002X green 36.5℃\n  linked to arrival 1\n');
    expect(seen.out).toContain(`✘ NOT LET THROUGH: positive test → transfer  ${STRANGER_MASKED} green 36.6℃\n  notify the health authority, notify the township\n  no arrival registered`);
    expect(seen.out).not.toContain(VALID.id);
    expect(seen.err).toBe('高速卡点 session: enter an ID number; an empty one ends the session\n');
    expect(session.view(s, ctx)).toMatchObject({ kind: 'done', text: 'session ended: 高速卡点, 2 inspected, 1 anomalies, 1 not let through, 1 not registered' });
  });

  it('--reveal shows the full ID number in each verdict', async () => {
    const { ctx, seen } = await ctxFor(['--reveal'], { tty: true, prompter: scripted([['[0] ID number', VALID.id], ['test result', '1'], ['sampled at', '08:00'], ['temperature', ''], ['[1] ID number', '']]) });
    await session.run({ checkpoint: '高速卡点', temp: '36.5' }, ctx);
    expect(seen.out).toContain(`✔ pass  ${VALID.id} green 36.5℃`);
  });

  it('Ctrl-C ends it, keeping those saved; a temperature not human is asked again', async () => {
    const cancel = Object.assign(new Error('cancelled'), { name: 'ExitPromptError' });
    let asked = 0;
    const prompter: Prompter = {
      async input(p) {
        if (p.message.includes('temperature')) {
          expect(p.validate!('52')).toBe('"52" is not a human temperature (34 to 43 °C)');
          expect(p.validate!('')).toBe(true);
          return '36.8';
        }
        if (p.message.includes('test result')) return '0';
        if (asked++ === 0) return VALID.id;
        throw cancel;
      },
      async select(p) {
        return p.default!;
      },
    };
    const { ctx, seen } = await ctxFor([], { tty: true, prompter });
    const s = await session.run({ checkpoint: '高速卡点', temp: '36.5' }, ctx);
    expect(s).toMatchObject({ inspected: 1, interrupted: true });
    expect(seen.err.endsWith('session\n\n')).toBe(true);
  });

  it('needs a terminal; an unknown checkpoint is refused before any prompt', async () => {
    const piped = await ctxFor([]);
    await expect(session.run({ checkpoint: '高速卡点', temp: '36.5' }, piped.ctx)).rejects.toThrow('a session needs a terminal');
    const tty = await ctxFor([], { tty: true });
    await expect(session.run({ checkpoint: '火车站', temp: '36.5' }, tty.ctx)).rejects.toThrow(/unknown_checkpoint|火车站/);
  });
});

describe('inspect unregistered', () => {
  async function inspected(ctx: Ctx) {
    await log.run({ checkpoint: '高速卡点', idNumber: STRANGER, name: '李四', phone: '13900139000', code: 'green', time: '2022-11-22 08:00' }, ctx);
    await log.run({ checkpoint: '高速卡点', idNumber: STRANGER, code: 'green', time: '2022-11-22 09:00' }, ctx);
  }

  it('one row per person, from their first inspection, in the columns arrival import takes', async () => {
    const { ctx } = await ctxFor([]);
    await inspected(ctx);
    const r = await unregistered.run({}, ctx);
    expect(r.people).toEqual([
      { name: '李四', doc_type: 'resident_id', id_number: STRANGER, phone: '+8613900139000', origin: '', arrival_date: '2022-11-22', transport: 'car', destination: '', township: '', vehicle: '', checkpoint: '高速卡点', inspected_at: '2022-11-22T08:00' },
    ]);
    const v = unregistered.view(maskDeep(r), ctx);
    expect(v).toMatchObject({ kind: 'list', tally: '1 person(s) not registered' });
    expect(await render(v, 'csv', 'en', false)).toContain(`李四,resident_id,${STRANGER_MASKED},'+86 139****9000,,2022-11-22,car,,,,高速卡点,2022-11-22T08:00`);
  });

  it('--township fills the township column of the sheet arrival import takes', async () => {
    const { ctx } = await ctxFor([]);
    await inspected(ctx);
    const r = await unregistered.run({ township: '河口镇' }, ctx);
    expect(r.people.map((p) => p.township)).toEqual(['河口镇']);
    expect(await render(unregistered.view(maskDeep(r), ctx), 'csv', 'en', false)).toContain(',河口镇,,高速卡点,');
  });

  it('--register with --township registers each one there without asking for it', async () => {
    const prompter = scripted([['Origin', '广东省深圳市'], ['Destination', '城关镇幸福路9号'], ['Contact', 'none']]);
    const { ctx } = await ctxFor([], { tty: true, prompter });
    await inspected(ctx);
    const r = await unregistered.run({ register: true, township: '河口镇' }, ctx);
    expect(r.registered!.map((a) => a.township)).toEqual(['河口镇']);
  });

  it('--register registers each one through arrival add, asking for what is missing', async () => {
    const prompter = scripted([['Township', '城关镇'], ['Origin', '广东省深圳市'], ['Destination', '城关镇幸福路9号'], ['Contact', 'none']]);
    const { ctx, seen } = await ctxFor([], { tty: true, prompter });
    await inspected(ctx);
    const r = await unregistered.run({ register: true }, ctx);
    expect(r.registered!.map((a) => [a.name, a.id_number, a.transport, a.arrival_date, a.destination, a.township])).toEqual([['李四', STRANGER, 'car', '2022-11-22', '城关镇幸福路9号', '城关镇']]);
    expect(seen.err).toContain(`\nregistering: 李四 ${STRANGER_MASKED}\n`);
    expect(seen.err).toContain('registered arrival 1: 李四, 2022-11-22');
    expect(seen.out).toContain(`${STRANGER_MASKED}`);
    expect(seen.out).not.toContain(STRANGER);
    expect(unregistered.view(r, ctx)).toMatchObject({ kind: 'done', data: { registered: 1, arrivals: [1] }, text: 'registered 1' });
    expect((await unregistered.run({}, ctx)).people).toEqual([]);
  });

  it('--register needs a terminal', async () => {
    const { ctx } = await ctxFor([]);
    await expect(unregistered.run({ register: true }, ctx)).rejects.toThrow('--register needs a terminal');
  });
});

describe('inspect list, checkpoint add and list', () => {
  it('programs get every field, anomalies as a list; a table the time and the anomalies in words', async () => {
    const { ctx } = await ctxFor([]);
    await log.run({ checkpoint: '高速卡点', idNumber: VALID.id, code: 'red', temp: '37.8', time: '2022-11-22 09:05' }, ctx);
    await log.run({ checkpoint: '高速卡点', vehicle: '粤B1', code: 'green', testResult: 'negative', testTime: '2022-11-22 07:00', time: '2022-11-22 09:06' }, ctx);
    const v = list.view(maskDeep(await list.run({ anomalies: true }, ctx)), ctx);
    const json = JSON.parse(await render(v, 'json', 'en', false));
    expect(json).toHaveLength(1);
    expect(Object.keys(json[0])).toEqual(['id', 'checkpoint', 'inspected_at', 'id_number', 'name', 'phone', 'vehicle', 'passengers', 'code', 'travel_star', 'test_time', 'test_result', 'temperature', 'action', 'override_reason', 'origin', 'anomalies', 'arrival_id']);
    expect(json[0]).toMatchObject({ id_number: '110105********002X', anomalies: ['red_code', 'fever', 'no_test'], travel_star: false });
    expect(await render(v, 'csv', 'en', false)).toContain(',"red_code,fever,no_test",');
    expect(await render(v, 'table', 'en', false)).toMatch(/09:05 +│ 高速卡点 .* red code, fever, no test +│ quarantine/);
    expect(await list.run({ date: '2022-11-21' }, ctx)).toEqual([]);
  });

  it('checkpoint add is done: its data for programs, a line for people', async () => {
    const { ctx } = await ctxFor([]);
    const c = await checkpointAdd.run({ name: '火车站', kind: 'rail', location: '站前路' }, ctx);
    const v = checkpointAdd.view(c, ctx);
    expect(JSON.parse(await render(v, 'json', 'en', false))).toEqual({ name: '火车站', kind: 'rail', location: '站前路' });
    expect(await render(v, 'table', 'en', false)).toBe('added checkpoint 火车站\n');
    await expect(checkpointAdd.run({ name: '火车站', kind: 'rail' }, ctx)).rejects.toThrow();
  });

  it("checkpoint list: the day's counts, the number of inspections for programs", async () => {
    const { ctx } = await ctxFor([]);
    await log.run({ checkpoint: '高速卡点', vehicle: '粤B1', passengers: '3', code: 'yellow', time: '2022-11-22 09:06' }, ctx);
    const v = checkpointList.view(await checkpointList.run({}, ctx), ctx);
    expect(JSON.parse(await render(v, 'json', 'en', false))).toEqual([{ name: '高速卡点', kind: 'road', location: null, people: 3, vehicles: 1, anomalies: 1, inspections: 1 }]);
    expect(await render(v, 'table', 'en', false)).not.toContain('Inspections');
  });
});

describe('test due and record', () => {
  async function underMeasure(ctx: Ctx) {
    const { addSite } = await import('../../src/services/sites.js');
    const { assign } = await import('../../src/services/quarantine/assign.js');
    const store = await ctx.openStore();
    addSite(store, { name: '党校', capacity: 10 }, ctx);
    const a = await person(ctx, { contact_type: 'close', exposure_date: '2022-11-19' });
    assign(store, String(a.id), { site: '党校' }, { ...ctx, today: '2022-11-21' });
  }

  it("due: the day's list with its date; the counts are a tally under the table", async () => {
    const { ctx } = await ctxFor([]);
    await underMeasure(ctx);
    const r = await due.run({}, ctx);
    expect(r.date).toBe('2022-11-22');
    expect(r.rows.map((x) => [x.name, x.where, x.phase_kind, x.day, x.done])).toEqual([['张三', '党校', 'centralized', 3, false]]);
    const v = await due.view(maskDeep(r), ctx);
    expect(v).toMatchObject({ kind: 'list', tally: '2022-11-22: 1 due, 0 done, 0 sampled awaiting result, 1 not yet' });
    expect(JSON.parse(await render(v, 'json', 'en', false))[0]).toMatchObject({ day: 3, phase_kind: 'centralized', id_number: '110105********002X', done: false, positive: false });
    expect(await render(v, 'table', 'en', false)).toContain('day 3 of centralised quarantine');
  });

  it('record: done; a positive is said on stderr with the measure it marked', async () => {
    const { ctx } = await ctxFor([]);
    await underMeasure(ctx);
    const r = await record.run({ who: VALID.id, date: '2022-11-22', result: 'positive', lab: '县疾控' }, ctx);
    expect(r).toMatchObject({ result: 'positive', measure_id: 1, flagged: true });
    const v = await record.view(maskDeep(r), ctx);
    expect(v).toMatchObject({ kind: 'done', text: 'recorded: 张三 2022-11-22 positive', after: ['⚠ POSITIVE: measure 1 marked for decision'] });
    expect(JSON.parse(await render(v, 'json', 'en', false))).toMatchObject({ id_number: '110105********002X', flagged: true });
    const neg = await record.view(await record.run({ who: VALID.id, date: '2022-11-21', result: 'negative' }, ctx), ctx);
    expect(neg.after).toBeUndefined();
  });
});
