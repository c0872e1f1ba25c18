/** argv → options for the quarantine verbs, and `fangkong assign` as an alias of `quarantine assign`. */
import { describe, expect, it } from 'vitest';
import * as alias from '../../src/cli/assign.js';
import * as assign from '../../src/cli/quarantine/assign.js';
import * as list from '../../src/cli/quarantine/list.js';
import * as reassess from '../../src/cli/quarantine/reassess.js';
import * as release from '../../src/cli/quarantine/release.js';
import * as cancel from '../../src/cli/quarantine/cancel.js';
import * as transfer from '../../src/cli/quarantine/transfer.js';
import { cli, parseArgv, type Parsed } from './argv-helper.js';

describe('quarantine assign', () => {
  const table: Array<[string[], assign.Options]> = [
    [['1'], { who: '1' }],
    [['11010519491231002X', '--site', '县委党校隔离点', '--force'], { who: '11010519491231002X', site: '县委党校隔离点', force: true }],
    [['12', '--policy', 'close-contact-5+3', '--start', '2022-11-19', '--home'], { who: '12', policy: 'close-contact-5+3', start: '2022-11-19', home: true }],
    [['--pending'], { pending: true, who: undefined }],
    [['--pending', '--date', '2022-11-20'], { pending: true, date: '2022-11-20', who: undefined }],
    // --out is for the output pipeline, not an option of the verb
    [['--out', 'plan.json', '1'], { who: '1' }],
    // which flags go together is run()'s to say, with its messages
    [['--pending', '1', '--policy', 'x'], { pending: true, who: '1', policy: 'x' }],
  ];
  for (const [argv, expected] of table) {
    it(`${argv.join(' ') || '(nothing)'}`, async () => {
      const p = (await parseArgv(assign.command(cli), argv)) as Parsed;
      expect(assign.parse(p.args as string[], p.flags)).toEqual(expected);
    });
  }

  it('refuses what commander can tell is wrong', async () => {
    expect(await parseArgv(assign.command(cli), ['1', '2'])).toEqual({ error: expect.stringMatching(/too many arguments/) });
    expect(await parseArgv(assign.command(cli), ['1', '--site'])).toEqual({ error: expect.stringMatching(/option '--site <name>' argument missing/) });
    expect(await parseArgv(assign.command(cli), ['1', '--sight', 'x'])).toEqual({ error: expect.stringMatching(/unknown option '--sight'/) });
  });

  it('`fangkong assign` is the same command, described as the alias, left out of help', async () => {
    const old = alias.command(cli);
    expect(old.name()).toBe('assign');
    expect(alias.hidden).toBe(true);
    expect(old.description()).toBe(`alias of quarantine assign: ${assign.command(cli).description()}`);
    expect(old.options.map((o) => o.long)).toEqual(assign.command(cli).options.map((o) => o.long));
    for (const [argv, expected] of table) {
      const p = (await parseArgv(alias.command(cli), argv)) as Parsed;
      expect(assign.parse(p.args as string[], p.flags)).toEqual(expected);
    }
  });
});

describe('the other quarantine verbs', () => {
  const table: Array<[string, () => import('commander').Command, string[], Parsed | { error: RegExp }]> = [
    ['list', () => list.command(cli), [], { command: 'list', args: [], flags: {} }],
    ['list', () => list.command(cli), ['--date', '2022-11-21', '--phase', 'centralized', '--site', '党校'], { command: 'list', args: [], flags: { date: '2022-11-21', phase: 'centralized', site: '党校' } }],
    ['list', () => list.command(cli), ['--phase', 'hotel'], { error: /Allowed choices are centralized, home_quarantine, health_monitoring/ }],
    ['transfer', () => transfer.command(cli), ['1', '--home', '--date', '2022-11-22'], { command: 'transfer', args: ['1'], flags: { home: true, date: '2022-11-22' } }],
    ['transfer', () => transfer.command(cli), ['1', '--site', '河口镇隔离点', '--force'], { command: 'transfer', args: ['1'], flags: { site: '河口镇隔离点', force: true } }],
    ['transfer', () => transfer.command(cli), ['--home'], { error: /missing required argument 'who'/ }],
    ['release', () => release.command(cli), ['1', '--reason', '排除', '--date', '2022-11-22'], { command: 'release', args: ['1'], flags: { reason: '排除', date: '2022-11-22' } }],
    ['release', () => release.command(cli), ['1'], { error: /required option '--reason <text>' not specified/ }],
    ['cancel', () => cancel.command(cli), ['2', '--reason', '分配有误'], { command: 'cancel', args: ['2'], flags: { reason: '分配有误' } }],
    ['cancel', () => cancel.command(cli), ['2', '--reason', '分配有误', '--date', '2022-11-20'], { command: 'cancel', args: ['2'], flags: { reason: '分配有误', date: '2022-11-20' } }],
    ['cancel', () => cancel.command(cli), ['2'], { error: /required option '--reason <text>' not specified/ }],
    ['cancel', () => cancel.command(cli), ['--reason', 'x'], { error: /missing required argument 'who'/ }],
    ['reassess', () => reassess.command(cli), ['--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--dry-run'], { command: 'reassess', args: [], flags: { fromPolicy: 'close-contact-7+3', toPolicy: 'close-contact-5+3', dryRun: true } }],
    ['reassess', () => reassess.command(cli), ['--from-policy', 'close-contact-7+3'], { error: /required option '--to-policy <id>' not specified/ }],
  ];
  for (const [name, make, argv, expected] of table) {
    it(`${name} ${argv.join(' ')}`, async () => {
      const got = await parseArgv(make(), argv);
      if ('error' in expected) expect(got).toEqual({ error: expect.stringMatching(expected.error) });
      else expect(got).toEqual(expected);
    });
  }
});
