/** `--global` of the config verbs: the user's config file (io/config.ts) instead of the database's settings. */
import type { Command } from 'commander';
import type { Cli, Ctx } from '../context.js';

export function addGlobalOption(cmd: Command, cli: Cli): Command {
  return cmd.option(
    '--global',
    cli.t(
      '用户配置文件（所有数据库的默认值：database、lang、unit、timezone、format），而非本数据库的设置',
      "the user's config file (defaults for every database: database, lang, unit, timezone, format) instead of this database's settings",
    ),
  );
}

/** The config file's path: what main() read (FANGKONG_CONFIG, XDG_CONFIG_HOME, the per-user folder). */
export async function globalFile(ctx: Ctx): Promise<string> {
  if (ctx.deps.configFile) return ctx.deps.configFile;
  const { configPath } = await import('../../io/config.js');
  return configPath(ctx.deps.env);
}
