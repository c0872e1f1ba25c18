/** fangkong site list — sites with occupancy against capacity on a date. */
import { Command } from 'commander';
import type { Column, View } from '../../io/output.js';
import type { SiteOccupancy } from '../../services/sites.js';
import { addListOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  /** Occupancy on this date; default today. */
  date?: string;
}

const COLUMNS: Column[] = [{ key: 'name', label: 'site' }, { key: 'capacity' }, { key: 'occupied' }, { key: 'free' }, { key: 'address' }, { key: 'head' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出隔离点及某日在住人数（默认今天）', 'list sites with occupancy against capacity on a date (default today)'))
    .option('--date <date>', t('日期', 'date'))
    .addHelpText('after', examples(cli, 'fangkong site list --date 2022-11-21'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<SiteOccupancy[]> {
  const date = dateOption('--date', opts.date) ?? ctx.today;
  const { listSites } = await import('../../services/sites.js');
  return listSites(await ctx.openStore(), date);
}

export function view(rows: SiteOccupancy[], _ctx: Ctx): View {
  return { kind: 'list', rows, columns: COLUMNS };
}
