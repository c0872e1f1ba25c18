/** fangkong checkpoint list — checkpoints with the day's counts. */
import { Command } from 'commander';
import type { Column, View } from '../../io/output.js';
import type { CheckpointCounts } from '../../services/inspection.js';
import { addListOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  /** YYYY-MM-DD; default today. */
  date?: string;
}

const SCREEN: Column[] = [{ key: 'name', label: 'checkpoint' }, { key: 'kind', enumField: 'kind' }, { key: 'location' }, { key: 'people' }, { key: 'vehicles' }, { key: 'anomalies' }];
/** Programs also get the number of inspections (a vehicle with 3 people is one inspection, 3 people). */
const COLUMNS: Column[] = [...SCREEN, { key: 'inspections' }];

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined) };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出卡点及当天（默认今天）查验人数、车辆、异常', "list checkpoints with the day's people, vehicles and anomalies (default today)"))
    .option('--date <date>', t('日期', 'date'))
    .addHelpText('after', examples(cli, 'fangkong checkpoint list --date 2022-11-21'));
  return addListOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<CheckpointCounts[]> {
  const { listCheckpoints } = await import('../../services/inspection.js');
  return listCheckpoints(await ctx.openStore(), opts.date ?? ctx.today);
}

export function view(rows: CheckpointCounts[], _ctx: Ctx): View {
  return { kind: 'list', rows, columns: COLUMNS, screen: SCREEN };
}
