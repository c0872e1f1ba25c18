/** argv → Options → filter for audit list: --actor here filters (the global one names who acts). */
import { describe, expect, it } from 'vitest';
import * as list from '../../src/cli/audit/list.js';
import { UsageError } from '../../src/domain/errors.js';
import { cli, flags, options } from './argv-helper.js';

describe('audit list', () => {
  it.each([
    [[], {}, { since: undefined, actor: undefined, record: undefined, limit: undefined }],
    [['--since', '2022/11/22', '--actor', '李干部'], { since: '2022/11/22', actor: '李干部' }, { since: '2022-11-22', actor: '李干部', record: undefined, limit: undefined }],
    [['--record', 'arrival:12', '--limit', '4'], { record: 'arrival:12', limit: '4' }, { since: undefined, actor: undefined, record: 'arrival:12', limit: 4 }],
  ])('%j', async (argv, opts, filter) => {
    const o = await options(list.command(cli), flags<list.Options>, argv);
    expect(o).toEqual(opts);
    expect(list.toFilter(o)).toEqual(filter);
  });

  it.each([['0'], ['-1'], ['2.5'], ['ten']])('refuses --limit %s', (limit) => {
    expect(() => list.toFilter({ limit })).toThrow(UsageError);
  });

  it('refuses a --since that is not a date', () => {
    expect(() => list.toFilter({ since: '2022-02-30' })).toThrow(/--since "2022-02-30" is not a real date/);
  });
});
