/** fangkong area list — risk areas, all or those in force on a date. */
import { Command } from 'commander';
import { action, addOutputOptions, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';
import { renderAreas } from './render.js';

export function command(deps: Deps): Command {
  const list = new Command('list')
    .description(L('列出风险区（--date：当天有效的）', 'list risk areas (--date: those in force that day)'))
    .option('--date <date>', L('只列这一天有效的', 'only those in force on this date'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong area list --date 2022-11-20\n`);
  addOutputOptions(list);
  return list.action(
    action<{ date?: string; out?: string }>(deps, async (opts, ctx) => {
      const { listAreas } = await import('../../services/areas.js');
      await renderAreas(listAreas(await ctx.openStore(), dateOption('--date', opts.date)), ctx, opts.out);
    }),
  );
}
