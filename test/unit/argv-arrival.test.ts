/** argv → Options for the arrival verbs: what each command line gives run(). */
import { describe, expect, it } from 'vitest';
import * as add from '../../src/cli/arrival/add.js';
import * as exp from '../../src/cli/arrival/export.js';
import * as imp from '../../src/cli/arrival/import.js';
import * as list from '../../src/cli/arrival/list.js';
import * as show from '../../src/cli/arrival/show.js';
import { parseImport } from '../../src/cli/imports.js';
import { cli, flags, options } from './argv-helper.js';

describe('arrival add', () => {
  it.each([
    [['--name', '张三', '--id-number', '11010519491231002X'], { name: '张三', idNumber: '11010519491231002X' }],
    [['--arrival-date', '2022-11-20', '--arrival-time', '08:30', '--transport', 'train'], { arrivalDate: '2022-11-20', arrivalTime: '08:30', transport: 'train' }],
    [['--contact', 'close', '--exposure-date', '2022-11-18', '--out', 'a.json'], { contact: 'close', exposureDate: '2022-11-18', out: 'a.json' }],
  ])('%j', async (argv, want) => {
    expect(await options(add.command(cli), flags<add.Options>, argv)).toEqual(want);
  });

  it('refuses a transport it does not know', async () => {
    await expect(options(add.command(cli), flags<add.Options>, ['--transport', 'rocket'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});

describe('arrival list, show, export, import', () => {
  it('list takes the filters', async () => {
    expect(await options(list.command(cli), flags<list.Options>, ['--from', '2022-11-01', '--to', '2022-11-30', '--origin', '广东省', '--contact', 'close'])).toEqual({ from: '2022-11-01', to: '2022-11-30', origin: '广东省', contact: 'close' });
  });

  it('show takes who as its argument', async () => {
    expect(await options(show.command(cli), ([who]) => ({ who }), ['12'])).toEqual({ who: '12' });
  });

  it('export writes --out as its file, and nothing else', async () => {
    const parse = (_a: string[], { out, ...f }: Record<string, unknown>) => ({ ...f, file: out });
    expect(await options(exp.command(cli), parse, ['--out', 'x.csv', '--date', '2022-11-20'])).toEqual({ file: 'x.csv', date: '2022-11-20' });
  });

  it('import takes the file and the shared import options', async () => {
    expect(await options(imp.command(cli), parseImport, ['报备.csv', '--skip-invalid', '--rejects', 'r.csv', '--encoding', 'gbk', '--dry-run'])).toEqual({
      file: '报备.csv',
      skipInvalid: true,
      rejects: 'r.csv',
      encoding: 'gbk',
      dryRun: true,
    });
  });
});
