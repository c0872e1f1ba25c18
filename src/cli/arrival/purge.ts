/** fangkong arrival purge — remove the personal data of people whose measures ended before a date. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { PurgeResult } from '../../services/maintenance.js';
import { addYesOption, confirm, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  before: string;
  dryRun?: boolean;
  yes?: boolean;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('purge')
    .description(t('清除个人信息：管控措施在某日之前全部结束的人员（以及该日前抵达且从未分配措施的），保留报告所需的统计', 'remove personal data of people whose measures all ended before a date (and of arrivals before it that never had one), keeping what the reports count'))
    .requiredOption('--before <date>', t('在此日期之前结束的', 'ended before this date'))
    .option('--dry-run', t('只统计，不清除', 'count only'))
    .addHelpText('after', examples(cli, 'fangkong arrival purge --before 2023-01-08 --dry-run', 'fangkong arrival purge --before 2023-01-08 --yes'));
  return addYesOption(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<PurgeResult> {
  const { purge } = await import('../../services/maintenance.js');
  const store = await ctx.openStore();
  if (!opts.dryRun && !opts.yes) {
    const would = purge(store, opts.before, true, ctx);
    await confirm(ctx, opts.yes, ctx.t(`将清除 ${would.arrivals} 条报备的个人信息（${would.before} 前结束），不可撤销`, `this purges the personal data of ${would.arrivals} arrival(s) (ended before ${would.before}), for good`));
  }
  return purge(store, opts.before, Boolean(opts.dryRun), ctx);
}

export function view(r: PurgeResult, ctx: Ctx): View {
  return {
    kind: 'done',
    data: r,
    text: r.dry_run
      ? ctx.t(`试运行：将清除 ${r.arrivals} 条报备的个人信息（${r.before} 前结束）`, `dry run: would purge the personal data of ${r.arrivals} arrival(s) (ended before ${r.before})`)
      : ctx.t(`已清除 ${r.arrivals} 条报备、${r.inspections} 条查验、${r.test_results} 条检测记录中的个人信息`, `purged personal data from ${r.arrivals} arrival(s), ${r.inspections} inspection(s), ${r.test_results} test result(s)`),
    after:
      !r.dry_run && r.arrivals > 0
        ? [ctx.t('注意：此前的备份（含恢复前另存的副本）和导出文件中仍有这些个人信息：请删除，或对其同样执行 arrival purge', 'note: backups taken before now (and before-restore copies) and exported files still hold this personal data: delete them, or purge them too')]
        : undefined,
    // the rows are purged, but the old values may still be in the WAL: a failure, to be run again
    ...(r.scrubbed === false
      ? {
          outcome: 'failed' as const,
          failure: ctx.t(
            '另一个程序正在读取数据库，旧数据仍可能留在 WAL 文件中：待其结束后再运行一次 arrival purge',
            'another program is reading the database, so the old values may still be in its WAL file: run arrival purge again when it has finished',
          ),
        }
      : {}),
  };
}
