/** fangkong site list — sites with occupancy against capacity on a date. */
import { Command } from 'commander';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('列出隔离点及某日在住人数（默认今天）', 'list sites with occupancy against capacity on a date (default today)'))
    .option('--date <date>', L('日期', 'date'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong site list --date 2022-11-21\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; out?: string }>(deps, async (opts, ctx) => {
      const { listSites } = await import('../../services/sites.js');
      const { renderList } = await import('../../io/render.js');
      const rows = listSites(await ctx.openStore(), dateOption('--date', opts.date) ?? ctx.today);
      const format = ctx.listFormat();
      const columns = [{ key: 'name', label: 'site' }, { key: 'capacity' }, { key: 'occupied' }, { key: 'free' }, { key: 'address' }, { key: 'head' }];
      await emit(ctx, await renderList(rows, columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
    }),
  );
}
