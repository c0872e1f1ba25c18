/**
 * argv → Options for the verbs of `inspect`, `checkpoint` and `test`: each verb's command(cli) is
 * parsed with its action replaced by a spy, and the verb's own parse() turns what commander
 * gave into Options.
 */
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import * as checkpointAdd from '../../src/cli/checkpoint/add.js';
import * as checkpointList from '../../src/cli/checkpoint/list.js';
import { cliFrom, type Cli } from '../../src/cli/context.js';
import * as checks from '../../src/cli/inspect/checks.js';
import * as exp from '../../src/cli/inspect/export.js';
import * as inspect from '../../src/cli/inspect/index.js';
import * as list from '../../src/cli/inspect/list.js';
import * as log from '../../src/cli/inspect/log.js';
import * as session from '../../src/cli/inspect/session.js';
import * as unregistered from '../../src/cli/inspect/unregistered.js';
import * as due from '../../src/cli/nat/due.js';
import * as overdue from '../../src/cli/nat/overdue.js';
import * as record from '../../src/cli/nat/record.js';
import * as review from '../../src/cli/nat/review.js';
import { cst } from '../helpers.js';

const cli: Cli = cliFrom(
  {
    io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: {},
    now: () => cst(2022, 10, 22, 10, 0),
    prompter: { input: async () => '', select: async () => '' },
    username: () => 'argv',
  },
  'en',
);

interface VerbModule<O> {
  command(cli: Cli): Command;
  parse(args: string[], flags: Record<string, unknown>): O;
}

/** The Options a command line gives a verb (commander's errors thrown, not printed). */
async function optionsOf<O>(verb: VerbModule<O>, argv: string[]): Promise<O> {
  const cmd = verb.command(cli).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  let got: O | undefined;
  cmd.action((...all: unknown[]) => {
    got = verb.parse(all.slice(0, -2) as string[], all[all.length - 2] as Record<string, unknown>);
  });
  await cmd.parseAsync(argv, { from: 'user' });
  return got as O;
}

describe('inspect log', () => {
  it.each<[string[], log.Options]>([
    [['--checkpoint', '高速卡点', '--id-number', '11010519491231002X', '--code', 'green', '--temp', '36.5'], { checkpoint: '高速卡点', idNumber: '11010519491231002X', code: 'green', temp: '36.5' }],
    [['--checkpoint', 'K', '--vehicle', '粤B12345', '--passengers', '3', '--code', 'yellow', '--travel-star'], { checkpoint: 'K', vehicle: '粤B12345', passengers: '3', code: 'yellow', travelStar: true }],
    [['--checkpoint', 'K', '--vehicle', 'A1', '--code', 'red', '--action', 'turn_back', '--test-result', 'none', '--test-time', '2022-11-20 09:00', '--time', '2022-11-21 08:00'], { checkpoint: 'K', vehicle: 'A1', code: 'red', action: 'turn_back', testResult: 'none', testTime: '2022-11-20 09:00', time: '2022-11-21 08:00' }],
    [['--vehicle', 'A1'], { vehicle: 'A1' }],
    [['--checkpoint', 'K', '--id-number', 'X', '--code', 'green', '--action', 'return', '--reason', '送返隔离点'], { checkpoint: 'K', idNumber: 'X', code: 'green', action: 'return', reason: '送返隔离点' }],
    [['--checkpoint', 'K', '--vehicle', 'A1', '--code', 'green', '--action', 'transfer'], { checkpoint: 'K', vehicle: 'A1', code: 'green', action: 'transfer' }],
  ])('%j', async (argv, want) => {
    expect(await optionsOf(log, argv)).toEqual(want);
  });

  it('refuses a colour, a result or an action not in the list', async () => {
    await expect(optionsOf(log, ['--code', 'purple'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(optionsOf(log, ['--code', 'green', '--test-result', 'maybe'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(optionsOf(log, ['--code', 'red', '--action', 'wave'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('the options become the input of an inspection', () => {
    expect(log.toInput({ idNumber: 'X', temp: '36.5', travelStar: undefined, passengers: '2' })).toMatchObject({ id_number: 'X', temperature: '36.5', travel_star: false, passengers: '2' });
  });

  it('is what `fangkong inspect` runs without a subcommand', async () => {
    const noun = inspect.command(cli).exitOverride();
    const leaf = noun.commands.find((c) => c.name() === 'log')!;
    let got: unknown;
    leaf.action((flags: unknown) => {
      got = flags;
    });
    await noun.parseAsync(['--checkpoint', 'K', '--vehicle', 'A1', '--code', 'green'], { from: 'user' });
    expect(got).toEqual({ checkpoint: 'K', vehicle: 'A1', code: 'green' });
  });
});

describe('inspect session, list, unregistered, export', () => {
  it('session: the checkpoint is required, the temperature Enter takes is 36.5 unless --temp', async () => {
    expect(await optionsOf(session, ['--checkpoint', 'K'])).toEqual({ checkpoint: 'K', temp: '36.5' });
    expect(await optionsOf(session, ['--checkpoint', 'K', '--temp', '36.2'])).toEqual({ checkpoint: 'K', temp: '36.2' });
    await expect(optionsOf(session, [])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });

  it.each<[string[], list.Options]>([
    [[], { date: undefined, checkpoint: undefined, anomalies: undefined }],
    [['--date', '2022-11-21', '--checkpoint', 'K', '--anomalies'], { date: '2022-11-21', checkpoint: 'K', anomalies: true }],
    [['--date', '2022-1-5'], { date: '2022-01-05', checkpoint: undefined, anomalies: undefined }],
  ])('list %j', async (argv, want) => {
    expect(await optionsOf(list, argv)).toEqual(want);
  });

  it('unregistered: a date, or every date; --register', async () => {
    expect(await optionsOf(unregistered, [])).toEqual({ date: undefined, register: false });
    expect(await optionsOf(unregistered, ['--date', '2022-11-21', '--register'])).toEqual({ date: '2022-11-21', register: true });
  });

  it('export: --out is the file, else stdout', async () => {
    expect(await optionsOf(exp, ['--out', 'x.csv', '--anomalies'])).toEqual({ date: undefined, checkpoint: undefined, anomalies: true, file: 'x.csv' });
    expect(await optionsOf(exp, ['--date', '2022-11-21'])).toMatchObject({ date: '2022-11-21', file: undefined });
  });

  it('a date that is not a date is a usage error naming the option', async () => {
    for (const verb of [list, unregistered, exp] as Array<VerbModule<unknown>>) {
      await expect(optionsOf(verb, ['--date', '2022-13-01'])).rejects.toThrow('--date "2022-13-01" is not a real date: use YYYY-MM-DD');
    }
  });
});

describe('checkpoint add, list', () => {
  it('add: the name, a kind from the list (required), a location', async () => {
    expect(await optionsOf(checkpointAdd, ['高速卡点', '--kind', 'road', '--location', 'G72'])).toEqual({ name: '高速卡点', kind: 'road', location: 'G72' });
    expect(await optionsOf(checkpointAdd, ['火车站', '--kind', 'rail'])).toEqual({ name: '火车站', kind: 'rail', location: undefined });
    await expect(optionsOf(checkpointAdd, ['K'])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
    await expect(optionsOf(checkpointAdd, ['K', '--kind', 'boat'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(optionsOf(checkpointAdd, ['--kind', 'road'])).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });

  it('list: a date, default today', async () => {
    expect(await optionsOf(checkpointList, [])).toEqual({ date: undefined });
    expect(await optionsOf(checkpointList, ['--date', '2022-11-21'])).toEqual({ date: '2022-11-21' });
  });
});

describe('test record, due, overdue', () => {
  it('record: who, the date and the result (required), a sample time and a lab', async () => {
    expect(await optionsOf(record, ['11010519491231002X', '--date', '2022-11-22', '--result', 'negative', '--lab', '县疾控中心', '--sample-time', '2022-11-22 08:00'])).toEqual({
      who: '11010519491231002X',
      date: '2022-11-22',
      result: 'negative',
      lab: '县疾控中心',
      sampleTime: '2022-11-22 08:00',
    });
    expect(await optionsOf(record, ['12', '--date', '2022-11-22', '--result', 'pending'])).toEqual({ who: '12', date: '2022-11-22', result: 'pending', lab: undefined, sampleTime: undefined });
    await expect(optionsOf(record, ['12', '--date', '2022-11-22'])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
    await expect(optionsOf(record, ['12', '--date', '2022-11-22', '--result', 'maybe'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });

  it('due and overdue: dates checked at the edge', async () => {
    expect(await optionsOf(due, ['--date', '2022-11-22'])).toEqual({ date: '2022-11-22' });
    expect(await optionsOf(overdue, ['--date', '2022-11-23', '--since', '2022-11-01'])).toEqual({ date: '2022-11-23', since: '2022-11-01' });
    await expect(optionsOf(overdue, ['--since', 'yesterday'])).rejects.toThrow('--since "yesterday" is not a real date');
  });
});

describe('test review, inspect checks', () => {
  it('review: who, the decision (one of three) and a note, both required; the date of the positive', async () => {
    expect(await optionsOf(review, ['12', '--decision', 'false-positive', '--note', '复检阴性'])).toEqual({ who: '12', decision: 'false-positive', note: '复检阴性', date: undefined });
    expect(await optionsOf(review, ['12', '--decision', 'transferred', '--note', '县医院', '--date', '2022-11-22'])).toEqual({ who: '12', decision: 'transferred', note: '县医院', date: '2022-11-22' });
    await expect(optionsOf(review, ['12', '--decision', 'maybe', '--note', 'x'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(optionsOf(review, ['12', '--decision', 'confirmed'])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });

  it('checks: every period, or those of a date checked at the edge', async () => {
    expect(await optionsOf(checks, [])).toEqual({ date: undefined });
    expect(await optionsOf(checks, ['--date', '2022-06-29'])).toEqual({ date: '2022-06-29' });
    await expect(optionsOf(checks, ['--date', '2022-06-31'])).rejects.toThrow('--date "2022-06-31" is not a real date');
  });
});
