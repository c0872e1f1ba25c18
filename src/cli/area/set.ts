/** fangkong area set — name a risk area for a period. */
import { Command } from 'commander';
import { normaliseLevel, RISK_LEVELS } from '../../domain/area.js';
import type { View } from '../../io/output.js';
import type { AreaRow } from '../../store/areas.js';
import { addOutputOptions, choiceOption, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { areasView } from './render.js';

export interface Options {
  region: string;
  level: string;
  from?: string;
  to?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('set')
    .description(t('设定一个风险区（按名称前缀匹配来源地：省包括其下的市、区）', 'name a risk area (matches origins by name prefix: a province covers its cities)'))
    .argument('<region>', t('地区名称，如 广东省广州市海珠区', 'region name, e.g. 广东省广州市海珠区'))
    .addOption(choiceOption(cli, '--level <level>', t('风险等级', 'risk level'), 'level', RISK_LEVELS, normaliseLevel).makeOptionMandatory())
    .option('--from <date>', t('起始日期（默认今天）', 'first day in force (default today)'))
    .option('--to <date>', t('截止日期（含当天；默认直到解除）', 'last day in force (default: until cleared)'))
    .addHelpText('after', examples(cli, 'fangkong area set 广东省广州市海珠区 --level high --from 2022-11-05'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: ([region], flags) => ({ ...(flags as Omit<Options, 'region'>), region }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<AreaRow> {
  const { setArea } = await import('../../services/areas.js');
  const { region, level, from, to } = opts;
  return setArea(await ctx.openStore(), { region, level, from, to }, ctx);
}

export function view(row: AreaRow, ctx: Ctx): View {
  return { ...areasView([row]), before: [ctx.t(`已设定风险区：${row.region}`, `risk area set: ${row.region}`)] };
}
