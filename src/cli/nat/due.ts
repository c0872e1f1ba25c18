/** fangkong test due — the day's follow-up list. */
import { Command } from 'commander';
import { action, addOutputOptions, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';
import { renderFollowUps } from './render.js';

export function command(deps: Deps): Command {
  const cmd = new Command('due')
    .description(L('当天（默认今天）应做核酸的人员：在哪里（隔离点或住址）、哪个阶段第几天、是否已检', "the day's follow-up list: who is due a test, where (site or address), which day of which phase, done or not"))
    .option('--date <date>', L('日期', 'date'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong test due --date 2022-11-22\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; out?: string }>(deps, async (opts, ctx) => {
      const { testsDue } = await import('../../services/testing.js');
      const date = dateOption('--date', opts.date) ?? ctx.today;
      const rows = testsDue(await ctx.openStore(), date);
      await renderFollowUps(rows, ctx, opts.out, false);
      if (ctx.listFormat() === 'table') {
        const done = rows.filter((r) => r.done).length;
        ctx.io.stderr.write(ctx.t(`${date}：应检 ${rows.length} 人，已检 ${done}，未检 ${rows.length - done}\n`, `${date}: ${rows.length} due, ${done} done, ${rows.length - done} not yet\n`));
      }
    }),
  );
}
