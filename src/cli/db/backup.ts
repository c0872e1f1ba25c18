/** fangkong db backup — an online backup, safe while another process writes. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('backup')
    .description(L('在线备份数据库（其他进程写入时也安全），备份文件仅本人可读', 'online backup (safe while another process writes); the file is readable by its owner only'))
    .argument('<file>', L('备份文件（不能已存在）', 'backup file (must not exist)'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong db backup /srv/fangkong/backup/county-2022-11-22.db\n`)
    .action(
      action<object>(deps, async (_o, ctx, [file]) => {
        const { backup } = await import('../../services/backup.js');
        const r = await backup(await ctx.openStore(), file, ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r) + '\n');
        else ctx.io.stdout.write(ctx.t(`已备份到 ${r.file}（${r.bytes} 字节）\n`, `backed up to ${r.file} (${r.bytes} bytes)\n`));
      }),
    );
}
