/** fangkong config list — the unit's settings. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export type Options = Record<string, never>;

/** The settings by key: { unit: '城关县' }. */
export type Settings = Record<string, string>;

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出全部设置', 'list the settings'))
    .addHelpText('after', examples(cli, 'fangkong config list'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<Settings> {
  const { listSettings } = await import('../../services/reporting.js');
  return Object.fromEntries(listSettings(await ctx.openStore()).map((r) => [r.key, r.value]));
}

/** JSON is the settings by key; on screen one "key = value" line each. */
export function view(s: Settings, ctx: Ctx): View {
  const lines = Object.entries(s).map(([k, v]) => `${k} = ${v}`);
  return { kind: 'document', data: s, blocks: [{ text: lines.length ? lines.join('\n') : ctx.t('（尚无设置）', '(no settings)') }] };
}
