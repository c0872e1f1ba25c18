/** fangkong db path — which database file this command would use, and why. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx, DbLocation } from '../context.js';

export type Options = Record<string, never>;

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('path')
    .description(t('显示所用数据库文件的路径（--db，否则 FANGKONG_DB，否则用户数据目录）', 'print the database file in use (--db, else FANGKONG_DB, else the per-user data folder)'))
    .addHelpText('after', examples(cli, 'FANGKONG_DB=/srv/fangkong/county.db fangkong db path'))
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<DbLocation> {
  return ctx.db();
}

/** The path and where it came from for programs; the path for people, and why under it on screen. */
export function view(loc: DbLocation, ctx: Ctx): View {
  const why = { option: '--db', env: 'FANGKONG_DB', config: ctx.deps.configFile ?? 'config', default: ctx.t('默认位置', 'default location') }[loc.source];
  return { kind: 'done', data: loc, text: loc.path, tally: ctx.t(`（来自 ${why}）`, `(from ${why})`) };
}
