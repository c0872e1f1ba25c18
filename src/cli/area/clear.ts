/** fangkong area clear — end a risk area; history is kept. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  return (
    new Command('clear')
      .description(L('解除风险区：从 --date（默认今天）起不再有效，历史保留', 'end a risk area: not in force from --date (default today); history is kept'))
      .argument('<region>', L('地区名称', 'region name'))
      .option('--date <date>', L('从这一天起解除', 'no longer in force from this date'))
      .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong area clear 广东省广州市海珠区 --date 2022-11-25\n`)
      .action(
        action<{ date?: string }>(deps, async (opts, ctx, [region]) => {
          const { clearArea } = await import('../../services/areas.js');
          const date = dateOption('--date', opts.date) ?? ctx.today;
          const rows = clearArea(await ctx.openStore(), region, date, ctx);
          ctx.io.stdout.write(ctx.t(`已解除 ${region}：自 ${date} 起不再是风险区（${rows.length} 条记录）\n`, `cleared ${region}: not a risk area from ${date} (${rows.length} record(s))\n`));
        }),
      )
  );
}
