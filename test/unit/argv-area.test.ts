/** argv → options for area set / list / clear and site add / list. */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import * as clear from '../../src/cli/area/clear.js';
import * as list from '../../src/cli/area/list.js';
import * as set from '../../src/cli/area/set.js';
import * as siteAdd from '../../src/cli/site/add.js';
import * as siteList from '../../src/cli/site/list.js';
import { cli, parseArgv, type Parsed } from './argv-helper.js';

const table: Array<[() => Command, string[], Parsed | { error: RegExp }]> = [
  [() => set.command(cli), ['广东省广州市海珠区', '--level', 'high', '--from', '2022-11-05'], { command: 'set', args: ['广东省广州市海珠区'], flags: { level: 'high', from: '2022-11-05' } }],
  [() => set.command(cli), ['上海市', '--level', 'low', '--to', '2022-11-30'], { command: 'set', args: ['上海市'], flags: { level: 'low', to: '2022-11-30' } }],
  [() => set.command(cli), ['广东省广州市', '--level', 'extreme'], { error: /Allowed choices are high, medium, low/ }],
  [() => set.command(cli), ['广东省广州市'], { error: /required option '--level <level>' not specified/ }],
  [() => list.command(cli), ['--date', '2022-11-12'], { command: 'list', args: [], flags: { date: '2022-11-12' } }],
  [() => clear.command(cli), ['北京市朝阳区', '--date', '2022-11-20'], { command: 'clear', args: ['北京市朝阳区'], flags: { date: '2022-11-20' } }],
  [() => clear.command(cli), [], { error: /missing required argument 'region'/ }],
  [() => siteAdd.command(cli), ['县委党校隔离点', '--capacity', '120', '--head', '王明'], { command: 'add', args: ['县委党校隔离点'], flags: { capacity: '120', head: '王明' } }],
  [() => siteAdd.command(cli), ['县委党校隔离点'], { error: /required option '--capacity <n>' not specified/ }],
  [() => siteList.command(cli), [], { command: 'list', args: [], flags: {} }],
];

describe('area and site argv', () => {
  for (const [make, argv, expected] of table) {
    it(`${make().name()} ${argv.join(' ')}`, async () => {
      const got = await parseArgv(make(), argv);
      if ('error' in expected) expect(got).toEqual({ error: expect.stringMatching(expected.error) });
      else expect(got).toEqual(expected);
    });
  }
});
