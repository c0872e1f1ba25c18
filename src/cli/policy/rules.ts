/** fangkong policy rules — the rule table (category × period → policy); `rules set` (rules-set.ts) adds a local row. */
import { Command } from 'commander';
import type { Rule } from '../../domain/policy.js';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { rulesView } from './render.js';
import * as set from './rules-set.js';

export interface Options {
  /** Only the rules in force on this date. */
  date?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('rules')
    .description(t('规则表：按人员类别和时期选择措施（--date：当天适用的规则）', 'the rule table: category × period → policy (--date: the rules in force that day)'))
    .option('--date <date>', t('只列这一天适用的规则', 'only the rules in force on this date'))
    .addHelpText('after', examples(cli, 'fangkong policy rules --date 2022-11-20'));
  return addOutputOptions(cmd, cli)
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }))
    .addCommand(set.command(cli));
}

export async function run(opts: Options, ctx: Ctx): Promise<Rule[]> {
  const date = dateOption('--date', opts.date);
  const { ruleTable, rulesOn } = await import('../../services/policy.js');
  const store = await ctx.openStore();
  return date ? rulesOn(store, date) : ruleTable(store);
}

export function view(rules: Rule[], ctx: Ctx): View {
  return rulesView(rules, ctx);
}
