/** fangkong arrival purge — remove the personal data of people whose measures ended before a date. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('purge')
    .description(L('清除个人信息：管控措施在某日之前全部结束的人员（以及该日前抵达且从未分配措施的），保留报告所需的统计', 'remove personal data of people whose measures all ended before a date (and of arrivals before it that never had one), keeping what the reports count'))
    .requiredOption('--before <date>', L('在此日期之前结束的', 'ended before this date'))
    .option('--dry-run', L('只统计，不清除', 'count only'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong arrival purge --before 2023-01-08 --dry-run\n`)
    .action(
      action<{ before: string; dryRun?: boolean }>(deps, async (opts, ctx) => {
        const { purge } = await import('../../services/maintenance.js');
        const r = purge(await ctx.openStore(), opts.before, Boolean(opts.dryRun), ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r) + '\n');
        else if (r.dry_run) ctx.io.stdout.write(ctx.t(`试运行：将清除 ${r.arrivals} 条报备的个人信息（${r.before} 前结束）\n`, `dry run: would purge the personal data of ${r.arrivals} arrival(s) (ended before ${r.before})\n`));
        else ctx.io.stdout.write(ctx.t(`已清除 ${r.arrivals} 条报备、${r.inspections} 条查验、${r.test_results} 条检测记录中的个人信息\n`, `purged personal data from ${r.arrivals} arrival(s), ${r.inspections} inspection(s), ${r.test_results} test result(s)\n`));
      }),
    );
}
