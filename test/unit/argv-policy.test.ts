/** argv → options for the policy verbs: `policy rules` lists, `policy rules set` adds. */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import * as add from '../../src/cli/policy/add.js';
import * as rules from '../../src/cli/policy/rules.js';
import * as show from '../../src/cli/policy/show.js';
import { cli, parseArgv, type Parsed } from './argv-helper.js';

const table: Array<[() => Command, string[], Parsed | { error: RegExp }]> = [
  [() => rules.command(cli), [], { command: 'rules', args: [], flags: {} }],
  [() => rules.command(cli), ['--date', '2022-11-20', '--out', 'rules.csv'], { command: 'rules', args: [], flags: { date: '2022-11-20', out: 'rules.csv' } }],
  [
    () => rules.command(cli),
    ['set', '--category', 'close', '--policy', 'county-close-5+5', '--from', '2022-11-20', '--note', '县指挥部通知'],
    { command: 'rules set', args: [], flags: { category: 'close', policy: 'county-close-5+5', from: '2022-11-20', note: '县指挥部通知' } },
  ],
  [() => rules.command(cli), ['set', '--category', 'low', '--policy', 'none', '--from', '2022-11-25'], { command: 'rules set', args: [], flags: { category: 'low', policy: 'none', from: '2022-11-25' } }],
  [() => rules.command(cli), ['set', '--category', 'vip', '--policy', 'none', '--from', '2022-11-25'], { error: /option '--category <category>' argument 'vip' is invalid\. Allowed choices are close, secondary, inbound, high, medium, low/ }],
  [() => rules.command(cli), ['set', '--policy', 'none', '--from', '2022-11-25'], { error: /required option '--category <category>' not specified/ }],
  [() => add.command(cli), ['--file', 'county-close.json'], { command: 'add', args: [], flags: { file: 'county-close.json' } }],
  [() => add.command(cli), [], { error: /required option '--file <file>' not specified/ }],
  [() => show.command(cli), ['close-contact-5+3'], { command: 'show', args: ['close-contact-5+3'], flags: {} }],
  [() => show.command(cli), [], { error: /missing required argument 'id'/ }],
];

describe('policy argv', () => {
  for (const [make, argv, expected] of table) {
    it(`${make().name()} ${argv.join(' ')}`, async () => {
      const got = await parseArgv(make(), argv);
      if ('error' in expected) expect(got).toEqual({ error: expect.stringMatching(expected.error) });
      else expect(got).toEqual(expected);
    });
  }
});
