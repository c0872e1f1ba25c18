/** fangkong quarantine transfer — move a person to another site, or home. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('transfer')
    .description(L('转移：换到另一个隔离点，或转为居家（历史保留）', 'move a person to another site, or home (history is kept)'))
    .argument('<who>', L('报备编号或身份证号', 'arrival number or ID number'))
    .option('--site <name>', L('新的隔离点', 'the new site'))
    .option('--home', L('转为居家', 'move home'))
    .option('--date <date>', L('转移日期（默认今天）', 'from this date (default today)'))
    .option('--force', L('隔离点已满也转入', 'even if the site is full'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong quarantine transfer 11010519491231002X --site 河口镇隔离点\n`)
    .action(
      action<{ site?: string; home?: boolean; date?: string; force?: boolean }>(deps, async (opts, ctx, [who]) => {
        const { transfer } = await import('../../services/quarantine/transfer.js');
        const v = transfer(await ctx.openStore(), who, opts, ctx);
        const last = v.placements[v.placements.length - 1];
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(v, null, 2) + '\n');
        else ctx.io.stdout.write(ctx.t(`已转移：措施 ${v.measure_id}，自 ${last.from} 起在${last.site ?? '家'}\n`, `moved: measure ${v.measure_id}, from ${last.from} at ${last.site ?? 'home'}\n`));
      }),
    );
}
