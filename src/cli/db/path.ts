/** fangkong db path — which database file this command would use, and why. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Ctx, Deps, DbLocation } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('path')
    .description(L('显示所用数据库文件的路径（--db，否则 FANGKONG_DB，否则用户数据目录）', 'print the database file in use (--db, else FANGKONG_DB, else the per-user data folder)'))
    .action(
      action<object>(deps, async (_opts, ctx) => {
        render(await run(ctx), ctx);
      }),
    );
}

export async function run(ctx: Ctx): Promise<DbLocation> {
  return ctx.db();
}

export function render(loc: DbLocation, ctx: Ctx): void {
  if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(loc) + '\n');
  else {
    ctx.io.stdout.write(loc.path + '\n');
    const why = { option: '--db', env: 'FANGKONG_DB', default: ctx.t('默认位置', 'default location') }[loc.source];
    if (ctx.io.stderrIsTTY) ctx.io.stderr.write(ctx.t(`（来自 ${why}）\n`, `(from ${why})\n`));
  }
}
