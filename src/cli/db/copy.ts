/** fangkong db copy --to TARGET — the county's database into PostgreSQL, or back into a file, checked. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { CopyResult } from '../../services/pg-tools.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** A new SQLite file, or a PostgreSQL database URL with no fangkong data yet. */
  to: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('copy')
    .description(t('把数据库整体复制到 PostgreSQL（或从 PostgreSQL 复制回文件），核对各表行数和审计链', 'copy the database into PostgreSQL (or back into a file), checked by the rows of every table and the audit chain'))
    .requiredOption('--to <target>', t('目标：postgres://用户@主机:端口/库名，或新的数据库文件', 'target: postgres://user@host:port/db, or a new database file'))
    .addHelpText('after', examples(cli, 'fangkong --db county.db db copy --to postgres://fangkong@db.county.lan:5432/fangkong'))
    .action(verb(cli, { parse: (_args, flags) => ({ to: flags.to as string }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<CopyResult> {
  const { copyDatabase } = await import('../../services/pg-tools.js');
  return copyDatabase(await ctx.openStore(), opts.to, ctx);
}

export function view(r: CopyResult, ctx: Ctx): View {
  const v = r.verified;
  return {
    kind: 'done',
    data: r,
    text: ctx.t(
      `已复制到 ${r.to}：${r.rows.arrivals ?? 0} 条报备，${v.tables} 张表行数一致，审计链完整（${v.audit_rows} 条，末条哈希相同）`,
      `copied to ${r.to}: ${r.rows.arrivals ?? 0} arrivals, the rows of ${v.tables} tables equal, audit chain intact (${v.audit_rows} rows, the same last hash)`,
    ),
  };
}
