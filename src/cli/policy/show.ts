/** fangkong policy show — one policy: phases, days, test days, source, in force from. */
import { Command } from 'commander';
import type { Policy } from '../../domain/policy.js';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { policyView } from './render.js';

export interface Options {
  id: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('show')
    .description(t('查看一种管控措施：各阶段、天数、检测日、依据、施行日期', 'show a policy: phases, days, test days, source, in force from'))
    .argument('<id>', t('措施编号，如 close-contact-5+3', 'policy id, e.g. close-contact-5+3'))
    .addHelpText('after', examples(cli, 'fangkong policy show close-contact-5+3'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: ([id]) => ({ id }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Policy> {
  const { getPolicy } = await import('../../services/policy.js');
  return getPolicy(await ctx.openStore(), opts.id);
}

export function view(p: Policy, ctx: Ctx): View {
  return policyView(p, ctx);
}
