/** argv → Options for report daily, range and merge: what each command line gives run(). */
import { describe, expect, it } from 'vitest';
import * as daily from '../../src/cli/report/daily.js';
import * as merge from '../../src/cli/report/merge.js';
import * as range from '../../src/cli/report/range.js';
import { cli, flags, options } from './argv-helper.js';

describe('report daily', () => {
  it.each([
    [[], {}],
    [['--date', '2022-11-22'], { date: '2022-11-22' }],
    [['--unit', '城关县', '--out', 'r.json'], { unit: '城关县', out: 'r.json' }],
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
