/** fangkong db backup — an online backup, safe while another process writes. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { BackupResult } from '../../services/backup.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** The backup file; it must not exist. */
  file: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('backup')
    .description(t('在线备份数据库（其他进程写入时也安全），备份文件仅本人可读', 'online backup (safe while another process writes); the file is readable by its owner only'))
    .argument('<file>', t('备份文件（不能已存在）', 'backup file (must not exist)'))
    .addHelpText('after', examples(cli, 'fangkong db backup /srv/fangkong/backup/county-2022-11-22.db'))
    .action(verb(cli, { parse: ([file]) => ({ file }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<BackupResult> {
  const { backup } = await import('../../services/backup.js');
  return backup(await ctx.openStore(), opts.file, ctx);
}

export function view(r: BackupResult, ctx: Ctx): View {
  return { kind: 'done', data: r, text: ctx.t(`已备份到 ${r.file}（${r.bytes} 字节）`, `backed up to ${r.file} (${r.bytes} bytes)`) };
}
