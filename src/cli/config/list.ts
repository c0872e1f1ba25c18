/** fangkong config list — the unit's settings, or (--global) the user's config file. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addGlobalOption, globalFile } from './global.js';

export interface Options {
  global?: boolean;
}

/** The settings by key: { unit: '城关县' }. */
export type Settings = Record<string, string>;

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出全部设置（--global：用户配置文件中的）', "list the settings (--global: the user's config file's)"))
    .addHelpText('after', examples(cli, 'fangkong config list', 'fangkong config list --global'));
  return addOutputOptions(addGlobalOption(cmd, cli), cli).action(verb(cli, { parse: (_args, flags) => ({ global: flags.global as boolean | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Settings> {
  if (opts.global) {
    const { readConfig } = await import('../../io/config.js');
    return readConfig(await globalFile(ctx), ctx.t) as Settings;
  }
  const { listSettings } = await import('../../services/reporting.js');
  return Object.fromEntries(listSettings(await ctx.openStore()).map((r) => [r.key, r.value]));
}

/** JSON is the settings by key; on screen one "key = value" line each. */
export function view(s: Settings, ctx: Ctx): View {
  const lines = Object.entries(s).map(([k, v]) => `${k} = ${v}`);
  return { kind: 'document', data: s, blocks: [{ text: lines.length ? lines.join('\n') : ctx.t('（尚无设置）', '(no settings)') }] };
}
