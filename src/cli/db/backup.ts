/** fangkong db backup — an online backup, safe while another process writes. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { BackupResult } from '../../services/backup.js';
import type { PgBackupResult } from '../../services/pg-tools.js';
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

export async function run(opts: Options, ctx: Ctx): Promise<BackupResult | PgBackupResult> {
  const { backup } = await import('../../services/backup.js');
  return backup(await ctx.openStore(), opts.file, ctx);
}

export function view(r: BackupResult | PgBackupResult, ctx: Ctx): View {
  if ('tool' in r) {
    return {
      kind: 'done',
      data: r,
      text: ctx.t(
        `已用 pg_dump 备份到 ${r.file}（${r.bytes} 字节，custom 格式，pg_restore 可读出 ${r.entries} 项）`,
        `backed up to ${r.file} with pg_dump (${r.bytes} bytes, custom format, ${r.entries} entries pg_restore can read)`,
      ),
    };
  }
  const v = r.verified;
  // the pseudonym key is not in the backup (store/keys.ts): said every time, with where it is
  const key = r.key_file
    ? ctx.t(
        `\n化名密钥不在备份中：请把 ${r.key_file} 另行备份，与数据库备份分开存放（没有它，已清除的人无法再对应）`,
        `\nthe pseudonym key is not in the backup: back up ${r.key_file} apart from the database's backups (without it a purged person cannot be matched again)`,
      )
    : '';
  return {
    kind: 'done',
    data: r,
    text:
      ctx.t(
        `已备份到 ${r.file}（${r.bytes} 字节）\n已核对备份：完整性 ${v.integrity}，结构版本 ${v.schema_version}，${v.rows.arrivals ?? 0} 条报备，审计链${v.audit_chain === 'intact' ? '完整' : '已损坏'}（${v.audit_rows} 条）`,
        `backed up to ${r.file} (${r.bytes} bytes)\nchecked the backup: integrity ${v.integrity}, schema ${v.schema_version}, ${v.rows.arrivals ?? 0} arrivals, audit chain ${v.audit_chain} (${v.audit_rows} rows)`,
      ) + key,
  };
}
