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

/** The sites of a date, and how many people in centralised quarantine wait for one (待安排隔离点). */
export interface Result {
  date: string;
  sites: SiteOccupancy[];
  awaiting_site: number;
}

export async function run(opts: Options, ctx: Ctx): Promise<Result> {
  const date = dateOption('--date', opts.date) ?? ctx.today;
  const { awaitingSite, listSites } = await import('../../services/sites.js');
  const store = await ctx.openStore();
  return { date, sites: listSites(store, date), awaiting_site: awaitingSite(store, date) };
}

/** The sites as a list (its JSON the sites as before); anyone waiting for a site is said under it, in every format. */
export function view(r: Result, ctx: Ctx): View {
  const after = r.awaiting_site
    ? [ctx.t(`集中隔离待安排隔离点：${r.awaiting_site} 人（${r.date}；名单：fangkong quarantine list --date ${r.date} --phase centralized）`, `awaiting a site (centralised, no site yet): ${r.awaiting_site} (${r.date}; who: fangkong quarantine list --date ${r.date} --phase centralized)`)]
    : undefined;
  return { kind: 'list', rows: r.sites, columns: COLUMNS, ...(after ? { after } : {}) };
}
