/** argv → Options for config set and list. */
import { describe, expect, it } from 'vitest';
import * as list from '../../src/cli/config/list.js';
import * as set from '../../src/cli/config/set.js';
import { cli, flags, options } from './argv-helper.js';

const setParse = (args: string[]) => ({ key: args[0], value: args[1] });

describe('config set', () => {
  it('takes a key and a value, the value as typed (spaces and all)', async () => {
    expect(await options(set.command(cli), setParse, ['unit', '城关县'])).toEqual({ key: 'unit', value: '城关县' });
    expect(await options(set.command(cli), setParse, ['unit', ' 某某 县 '])).toEqual({ key: 'unit', value: ' 某某 县 ' });
  });

  it('refuses a line without a value', async () => {
    await expect(options(set.command(cli), setParse, ['unit'])).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});

describe('config list', () => {
  it('takes --out and nothing else', async () => {
    expect(await options(list.command(cli), flags<list.Options>, ['--out', 's.json'])).toEqual({ out: 's.json' });
    await expect(options(list.command(cli), flags<list.Options>, ['unit'])).rejects.toMatchObject({ code: 'commander.excessArguments' });
  });
});
