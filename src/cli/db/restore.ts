/** fangkong db restore — replace the database with a backup (the current one is kept beside it). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import type { RestoreResult } from '../../services/backup.js';
import { addYesOption, confirm, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** The backup to restore from. */
  file: string;
  yes?: boolean;
  /** Restore a backup whose audit chain is broken all the same: why (kept in the audit row). */
  acceptBrokenAudit?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('restore')
    .description(t('从备份恢复数据库：拒绝不是 fangkong 数据库或未通过完整性检查的文件；当前数据库先另存一份', 'restore from a backup: refuses a file that is not a fangkong database or fails the integrity check; the current database is saved first'))
    .argument('<file>', t('备份文件', 'backup file'))
    .option('--accept-broken-audit <reason>', t('备份的审计链已断时仍要恢复，并说明原因（记入审计日志）；不加则拒绝恢复', 'restore a backup whose audit chain is broken all the same, saying why (kept in the audit log); without it such a backup is refused'))
    .addHelpText('after', examples(cli, 'fangkong db restore /srv/fangkong/backup/county-2022-11-22.db --yes'));
  return addYesOption(cmd, cli).action(verb(cli, { parse: ([file], flags) => ({ file, yes: flags.yes as boolean | undefined, acceptBrokenAudit: flags.acceptBrokenAudit as string | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<RestoreResult> {
  if (opts.acceptBrokenAudit !== undefined && !opts.acceptBrokenAudit.trim()) {
    throw new UsageError('--accept-broken-audit needs a reason: why this backup is restored although its audit chain is broken', '--accept-broken-audit 要写明原因：为何审计链已断仍要恢复此备份');
  }
  const { checkPgRestorable, checkRestorable, restore } = await import('../../services/backup.js');
  const store = await ctx.openStore();
  // a file that cannot be restored is refused before anyone is asked (PostgreSQL: a db backup dump,
  // and pg_restore on the PATH; checkPgRestorable says which is missing)
  const info = store.backend === 'postgres' ? await checkPgRestorable(store, opts.file) : checkRestorable(opts.file);
  await confirm(ctx, opts.yes, ctx.t(`将用 ${opts.file}（${info.arrivals} 条报备）替换当前数据库（当前的先另存一份）`, `this replaces the database with ${opts.file} (${info.arrivals} arrivals; the current one is saved first)`));
  return restore(store, opts.file, ctx, info, { acceptBrokenAudit: opts.acceptBrokenAudit });
}

export function view(r: RestoreResult, ctx: Ctx): View {
  const a = r.accepted_broken_audit;
  return {
    kind: 'done',
    data: r,
    ...(a && { after: [ctx.t(`注意：备份的审计链已断，按 --accept-broken-audit 恢复（原因：${a.reason}）；恢复后 audit verify 仍会报告此问题`, `note: the backup's audit chain is broken, restored with --accept-broken-audit (reason: ${a.reason}); audit verify still reports it`)] }),
    text: ctx.t(
      `已从 ${r.restored} 恢复（${r.arrivals} 条报备）；原数据库另存为 ${r.saved}\n已核对：完整性 ${r.verified.integrity}，外键问题 ${r.verified.foreign_keys}，结构版本 ${r.verified.schema_version}，各表行数与备份一致，审计链${r.verified.audit_chain === 'intact' ? '完整' : '已损坏'}（${r.verified.audit_rows} 条）`,
      `restored from ${r.restored} (${r.arrivals} arrivals); the database before it is saved as ${r.saved}\nchecked: integrity ${r.verified.integrity}, ${r.verified.foreign_keys} foreign-key problems, schema ${r.verified.schema_version}, every table's rows as in the backup, audit chain ${r.verified.audit_chain} (${r.verified.audit_rows} rows)`,
    ),
  };
}
