/** fangkong area list — risk areas, all or those in force on a date. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { AreaRow } from '../../store/areas.js';
import { addListOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { areasView } from './render.js';

export interface Options {
  /** Only those in force on this date. */
  date?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出风险区（--date：当天有效的）', 'list risk areas (--date: those in force that day)'))
    .option('--date <date>', t('只列这一天有效的', 'only those in force on this date'))
    .addHelpText('after', examples(cli, 'fangkong area list --date 2022-11-20'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<AreaRow[]> {
  const date = dateOption('--date', opts.date);
  const { listAreas } = await import('../../services/areas.js');
  return listAreas(await ctx.openStore(), date);
}

export function view(rows: AreaRow[], _ctx: Ctx): View {
  return areasView(rows);
}
