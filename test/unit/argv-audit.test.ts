/** argv → Options → filter for audit list: --by filters by who acted (the global --actor names who acts). */
import { describe, expect, it } from 'vitest';
import * as list from '../../src/cli/audit/list.js';
import * as verify from '../../src/cli/audit/verify.js';
import { UsageError } from '../../src/domain/errors.js';
import { cli, flags, options } from './argv-helper.js';

describe('audit list', () => {
  it.each([
    [[], {}, { since: undefined, actor: undefined, record: undefined, limit: undefined, offset: undefined }],
    [['--since', '2022/11/22', '--by', '李干部'], { since: '2022/11/22', by: '李干部' }, { since: '2022-11-22', actor: '李干部', record: undefined, limit: undefined, offset: undefined }],
    [['--record', 'arrival:12', '--limit', '4', '--offset', '8'], { record: 'arrival:12', limit: 4, offset: 8 }, { since: undefined, actor: undefined, record: 'arrival:12', limit: 4, offset: 8 }],
  ])('%j', async (argv, opts, filter) => {
    const o = await options(list.command(cli), flags<list.Options>, argv);
    expect(o).toEqual(opts);
    expect(list.toFilter(o)).toEqual(filter);
  });

  it.each([['-1'], ['2.5'], ['ten']])('refuses --limit %s', async (limit) => {
    await expect(options(list.command(cli), flags<list.Options>, ['--limit', limit])).rejects.toThrow(/--limit takes a whole number/);
  });

  it('refuses a --since that is not a date', () => {
    expect(() => list.toFilter({ since: '2022-02-30' })).toThrow(/--since "2022-02-30" is not a real date/);
  });
});

describe('audit verify --head', () => {
  const H = 'b8652e95d5288bb9a1b2c3d4e5f60718b8652e95d5288bb9a1b2c3d4e5f60718';
  it.each([
    [[], {}, undefined],
    [['--head', 'B8652E95D5288BB9…'], { head: 'B8652E95D5288BB9…' }, { hash: 'b8652e95d5288bb9', rows: undefined }],
    [['--head', H, '--rows', '5'], { head: H, rows: '5' }, { hash: H, rows: 5 }],
  ])('%j', async (argv, opts, kept) => {
    const o = await options(verify.command(cli), flags<verify.Options>, argv);
    expect(o).toEqual(opts);
    expect(verify.keptHead(o)).toEqual(kept);
  });

  it.each([[{ head: 'b8652e95' }], [{ head: 'not-a-hash-at-all!' }], [{ head: H, rows: '0' }], [{ rows: '5' }]])('refuses %j', (o) => {
    expect(() => verify.keptHead(o)).toThrow(UsageError);
  });
});
