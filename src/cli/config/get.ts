/** fangkong config get — one setting's value: the database's, or (--global) the user's config file's. */
import { Command } from 'commander';
import { FangkongError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addGlobalOption, globalFile } from './global.js';

export interface Options {
  key: string;
  global?: boolean;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('get')
    .description(t('显示一项设置的值（未设置时退出码为 1）', "print one setting's value (exit code 1 when it is not set)"))
    .argument('<key>', t('设置名', 'the setting'))
    .addHelpText('after', examples(cli, 'fangkong config get unit', 'fangkong config get --global database'));
  return addOutputOptions(addGlobalOption(cmd, cli), cli).action(verb(cli, { parse: ([key], flags) => ({ key, global: flags.global as boolean | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<{ key: string; value: string }> {
  let value: string | undefined;
  let where: string;
  if (opts.global) {
    const { readConfig } = await import('../../io/config.js');
    where = await globalFile(ctx);
    value = readConfig(where, ctx.t)[opts.key as keyof ReturnType<typeof readConfig>];
  } else {
    const { listSettings } = await import('../../services/reporting.js');
    const store = await ctx.openStore();
    where = store.path;
    value = listSettings(store).find((s) => s.key === opts.key)?.value;
  }
  if (value === undefined) throw new FangkongError(ctx.t(`${opts.key} 未设置（${where}）`, `${opts.key} is not set (${where})`));
  return { key: opts.key, value };
}

/** The value alone, for a script: `unit=$(fangkong config get unit)`. */
export function view(r: { key: string; value: string }): View {
  return { kind: 'done', data: r, text: r.value };
}
