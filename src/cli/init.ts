/** fangkong init — create the database (also done on first use). */
import { Command } from 'commander';
import { action, L } from './command.js';
import type { Ctx, Deps } from './context.js';

export interface InitResult {
  path: string;
  created: boolean;
  schema_version: number;
}

export function command(deps: Deps): Command {
  return new Command('init')
    .description(L('创建数据库（首次使用时也会自动创建）：仅本人可读，WAL 模式', 'create the database (also done on first use): owner-only, WAL mode'))
    .action(
      action<object>(deps, async (_opts, ctx) => {
        const r = await run(ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r) + '\n');
        else
          ctx.io.stdout.write(
            r.created
              ? ctx.t(`已创建数据库 ${r.path}（结构版本 ${r.schema_version}）\n`, `created database ${r.path} (schema version ${r.schema_version})\n`)
              : ctx.t(`数据库已存在：${r.path}（结构版本 ${r.schema_version}）\n`, `database already exists: ${r.path} (schema version ${r.schema_version})\n`),
          );
      }),
    );
}

export async function run(ctx: Ctx): Promise<InitResult> {
  const fs = await import('node:fs');
  const { path } = await ctx.db();
  const created = !fs.existsSync(path);
  const store = await ctx.openStore();
  return { path, created, schema_version: store.schemaVersion() };
}
