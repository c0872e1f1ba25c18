/** fangkong db restore — replace the database with a backup (the current one is kept beside it). */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('restore')
    .description(L('从备份恢复数据库：拒绝不是 fangkong 数据库或未通过完整性检查的文件；当前数据库先另存一份', 'restore from a backup: refuses a file that is not a fangkong database or fails the integrity check; the current database is saved first'))
    .argument('<file>', L('备份文件', 'backup file'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong db restore /srv/fangkong/backup/county-2022-11-22.db\n`)
    .action(
      action<object>(deps, async (_o, ctx, [file]) => {
        const { restore } = await import('../../services/backup.js');
        const r = await restore(await ctx.openStore(), file, ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r) + '\n');
        else ctx.io.stdout.write(ctx.t(`已从 ${r.restored} 恢复（${r.arrivals} 条报备）；原数据库另存为 ${r.saved}\n`, `restored from ${r.restored} (${r.arrivals} arrivals); the database before it is saved as ${r.saved}\n`));
      }),
    );
}
