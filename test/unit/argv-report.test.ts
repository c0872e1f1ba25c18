/** argv → Options for report daily, range and merge: what each command line gives run(). */
import { describe, expect, it } from 'vitest';
import * as daily from '../../src/cli/report/daily.js';
import * as diff from '../../src/cli/report/diff.js';
import * as history from '../../src/cli/report/history.js';
import * as merge from '../../src/cli/report/merge.js';
import * as range from '../../src/cli/report/range.js';
import { cli, flags, options } from './argv-helper.js';

describe('report daily', () => {
  it.each([
    [[], {}],
    [['--date', '2022-11-22'], { date: '2022-11-22' }],
    [['--unit', '城关县', '--out', 'r.json'], { unit: '城关县', out: 'r.json' }],
    [['--record'], { record: true }],
    [['--date', '2022-11-22', '--out', '日报.html', '--record'], { date: '2022-11-22', out: '日报.html', record: true }],
  ])('%j', async (argv, want) => {
    expect(await options(daily.command(cli), flags<daily.Options>, argv)).toEqual(want);
  });
});

describe('report range', () => {
  it('takes --from and --to', async () => {
    expect(await options(range.command(cli), flags<range.Options>, ['--from', '2022-11-18', '--to', '2022-11-24'])).toEqual({ from: '2022-11-18', to: '2022-11-24' });
  });

  it('refuses a line without --to', async () => {
    await expect(options(range.command(cli), flags<range.Options>, ['--from', '2022-11-18'])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });
});

describe('report merge', () => {
  it.each([
    [['a.json', 'b.json'], { files: ['a.json', 'b.json'], unit: undefined }],
    [['a.json', 'b.json', 'c.json', '--unit', '某市'], { files: ['a.json', 'b.json', 'c.json'], unit: '某市' }],
    [['--unit', '某市', 'a.json'], { files: ['a.json'], unit: '某市' }],
  ])('%j', async (argv, want) => {
    expect(await options(merge.command(cli), merge.parse, argv)).toEqual(want);
  });

  it('refuses a line with no file', async () => {
    await expect(options(merge.command(cli), merge.parse, [])).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});

describe('report history', () => {
  it.each([
    [[], {}],
    [['--date', '2022-11-22'], { date: '2022-11-22' }],
    [['--from', '2022-11-01', '--to', '2022-11-30', '--out', 'h.csv'], { from: '2022-11-01', to: '2022-11-30', out: 'h.csv' }],
  ])('%j', async (argv, want) => {
    expect(await options(history.command(cli), flags<history.Options>, argv)).toEqual(want);
  });
});

describe('report diff', () => {
  it.each([
    [['--date', '2022-11-20'], { date: '2022-11-20' }],
    [['--date', '2022-11-20', '--unit', '城关县', '--issue', '3'], { date: '2022-11-20', unit: '城关县', issue: '3' }],
  ])('%j', async (argv, want) => {
    expect(await options(diff.command(cli), flags<diff.Options>, argv)).toEqual(want);
  });

  it('refuses a line without --date', async () => {
    await expect(options(diff.command(cli), flags<diff.Options>, [])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });
});
