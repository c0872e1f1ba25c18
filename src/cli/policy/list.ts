/** fangkong policy list — the policies: shipped presets and local ones. */
import { Command } from 'commander';
import type { Policy } from '../../domain/policy.js';
import type { Column, View } from '../../io/output.js';
import { pick } from '../../io/render.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { phasesText } from './render.js';

export type Options = Record<string, never>;

/** For programs: the definitions, these keys. */
const COLUMNS: Column[] = [{ key: 'id' }, { key: 'name' }, { key: 'who' }, { key: 'phases' }, { key: 'tests' }, { key: 'source' }, { key: 'in_force_from' }, { key: 'local' }];
/** For people, and in CSV: the name in their language, the phases as words. */
const SCREEN: Column[] = [{ key: 'id' }, { key: 'name', label: 'policy_name' }, { key: 'phases' }, { key: 'in_force_from' }, { key: 'local' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出全部管控措施（内置预设和本地添加的）', 'list the policies (shipped presets and local ones)'))
    .addHelpText('after', examples(cli, 'fangkong policy list'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<Policy[]> {
  const { allPolicies } = await import('../../services/policy.js');
  return allPolicies(await ctx.openStore());
}

/** A document, not a list: JSON keeps each name in both languages, a CSV cell cannot hold that. */
export function view(policies: Policy[], ctx: Ctx): View {
  const rows = policies.map((p) => ({ id: p.id, name: p.name[ctx.lang], phases: phasesText(p, ctx.lang), in_force_from: p.in_force_from, local: p.local ? ctx.t('是', 'yes') : '' }));
  return {
    kind: 'document',
    data: policies.map((p) => pick(p as unknown as Record<string, unknown>, COLUMNS)),
    blocks: [{ list: rows, columns: SCREEN }],
    csv: { rows, columns: SCREEN },
  };
}
