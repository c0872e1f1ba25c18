/** fangkong checkpoint list — checkpoints with the day's counts. */
import { Command } from 'commander';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('列出卡点及当天（默认今天）查验人数、车辆、异常', "list checkpoints with the day's people, vehicles and anomalies (default today)"))
    .option('--date <date>', L('日期', 'date'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong checkpoint list --date 2022-11-21\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; out?: string }>(deps, async (opts, ctx) => {
      const { listCheckpoints } = await import('../../services/inspection.js');
      const { renderList } = await import('../../io/render.js');
      const rows = listCheckpoints(await ctx.openStore(), dateOption('--date', opts.date) ?? ctx.today);
      const format = ctx.listFormat();
      const columns = [{ key: 'name', label: 'checkpoint' }, { key: 'kind', enumField: 'kind' }, { key: 'location' }, { key: 'people' }, { key: 'vehicles' }, { key: 'anomalies' }];
      await emit(ctx, await renderList(rows, format === 'json' ? [...columns, { key: 'inspections' }] : columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
    }),
  );
}
