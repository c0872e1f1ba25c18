/** fangkong test overdue — scheduled tests with no result by the end of their day. */
import { Command } from 'commander';
import { action, addOutputOptions, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';
import { renderFollowUps } from './render.js';

export function command(deps: Deps): Command {
  const cmd = new Command('overdue')
    .description(L('逾期未检：应检日期在 --date（默认今天）之前、至今没有结果的检测（默认往前看30天）', 'overdue: tests due before --date (default today) with no result (looking back 30 days unless --since)'))
    .option('--date <date>', L('截至日期（不含）', 'up to (not including) this date'))
    .option('--since <date>', L('从这一天起', 'from this date'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong test overdue --date 2022-11-23\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; since?: string; out?: string }>(deps, async (opts, ctx) => {
      const { testsOverdue } = await import('../../services/testing.js');
      const rows = testsOverdue(await ctx.openStore(), dateOption('--date', opts.date) ?? ctx.today, dateOption('--since', opts.since));
      await renderFollowUps(rows, ctx, opts.out, true);
      if (ctx.listFormat() === 'table') ctx.io.stderr.write(ctx.t(`逾期未检 ${rows.length} 次\n`, `${rows.length} overdue test(s)\n`));
    }),
  );
}
