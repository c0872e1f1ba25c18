/** fangkong db roles [--apply] — the PostgreSQL roles for registrar, inspector, office and admin. */
import { Command } from 'commander';
import { StoreError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  apply?: boolean;
}

export interface RolesResult {
  sql: string;
  applied: boolean;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('roles')
    .description(t('PostgreSQL：输出（加 --apply 则执行）登记员、查验员、防控办、管理员四个角色的授权 SQL', 'PostgreSQL: print (with --apply, run) the SQL of the registrar, inspector, office and admin roles'))
    .option('--apply', t('在数据库中执行（需要表的所有者或超级用户）', 'run it in the database (as the tables\' owner or a superuser)'))
    .addHelpText('after', examples(cli, 'fangkong --db postgres://admin@db.county.lan/fangkong db roles --apply'))
    .action(verb(cli, { parse: (_args, flags) => ({ apply: flags.apply as boolean | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<RolesResult> {
  const store = await ctx.openStore();
  if (store.backend !== 'postgres') throw new StoreError("db roles is for PostgreSQL: an SQLite file has no roles (its file permissions are the owner's only)", 'db roles 只用于 PostgreSQL：SQLite 文件没有角色（它的文件权限只给所有者）');
  const { rolesSql } = await import('../../store/roles.js');
  const sql = rolesSql(store.db);
  if (opts.apply) store.db.exec(sql);
  return { sql, applied: Boolean(opts.apply) };
}

export function view(r: RolesResult, ctx: Ctx): View {
  if (!r.applied) return { kind: 'text', text: r.sql.trimEnd() };
  return { kind: 'done', data: r, text: ctx.t('已在数据库中建立并授权四个角色：fangkong_registrar、fangkong_inspector、fangkong_office、fangkong_admin', 'created and granted the four roles in the database: fangkong_registrar, fangkong_inspector, fangkong_office, fangkong_admin') };
}
