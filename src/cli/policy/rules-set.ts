/** fangkong policy rules set — add a local row to the rule table. */
import { Command } from 'commander';
import { CATEGORIES, type Rule } from '../../domain/policy.js';
import type { View } from '../../io/output.js';
import { choiceOption, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { rulesView } from './render.js';

export interface Options {
  category: string;
  /** A policy id, or none. */
  policy: string;
  from: string;
  note?: string;
  sinceArrival?: string;
}

// no --out here: `policy rules` has one, and commander would give it to the parent
export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('set')
    .description(t('添加一条本地规则：从某日起，某类人员适用某措施（none 为不采取措施）', 'add a local rule: from a date, a category gets a policy (none: no measure)'))
    .addOption(choiceOption(cli, '--category <category>', t('人员类别', 'category'), 'category', CATEGORIES).makeOptionMandatory())
    .requiredOption('--policy <id>', t('措施编号，或 none', 'policy id, or none'))
    .requiredOption('--from <date>', t('起始日期', 'in force from'))
    .option('--note <text>', t('依据（文件名、通知）', 'source (a notice, a document)'))
    .option('--since-arrival <cond>', t('只适用于抵达若干天后才纳入管理的人员，如 "<14"、">=14"', 'only for people brought under management this many days after arriving, e.g. "<14", ">=14"'))
    .addHelpText(
      'after',
      examples(
        cli,
        'fangkong policy rules set --category close --policy county-close-5+5 --from 2022-11-20 --note "县指挥部通知"',
        'fangkong policy rules set --category close --policy guangxi-2021-close-lt14 --from 2021-08-01 --since-arrival "<14"',
      ),
    )
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Rule> {
  const { setRule } = await import('../../services/policy.js');
  const { category, policy, from, note, sinceArrival } = opts;
  return setRule(await ctx.openStore(), { category, policy, from, note, sinceArrival }, ctx);
}

export function view(r: Rule, ctx: Ctx): View {
  const since = r.since_arrival ? ctx.t(`（抵达${r.since_arrival}天）`, ` (arrived ${r.since_arrival} d)`) : '';
  return { ...rulesView([r], ctx), before: [ctx.t(`已添加规则：${r.from} 起 ${r.category}${since} → ${r.policy ?? 'none'}`, `rule added: from ${r.from} ${r.category}${since} → ${r.policy ?? 'none'}`)] };
}
