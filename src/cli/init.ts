/** fangkong init — create the database (the only command that does, with demo). */
import { Command } from 'commander';
import type { View } from '../io/output.js';
import type { InitResult } from '../services/maintenance.js';
import { examples, flagsOnly, verb } from './command.js';
import type { Cli, Ctx } from './context.js';

export type Options = Record<string, never>;

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('init')
    .description(t('创建数据库（其他命令都不会新建数据库）：仅本人可读，WAL 模式', 'create the database (no other command creates one): owner-only, WAL mode'))
    .addHelpText('after', examples(cli, 'fangkong --db county.db init'))
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<InitResult> {
  const { initDatabase } = await import('../services/maintenance.js');
  return initDatabase((await ctx.db()).path, () => ctx.openStore({ create: true }));
}

export function view(r: InitResult, ctx: Ctx): View {
  return {
    kind: 'done',
    data: r,
    text: r.created
      ? ctx.t(`已创建数据库 ${r.path}（结构版本 ${r.schema_version}）`, `created database ${r.path} (schema version ${r.schema_version})`)
      : ctx.t(`数据库已存在：${r.path}（结构版本 ${r.schema_version}）`, `database already exists: ${r.path} (schema version ${r.schema_version})`),
  };
}
