/** fangkong arrival confirm — a person registered in advance has arrived. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { ArrivalRow } from '../../store/arrivals.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  date?: string;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { who, date: flags.date as string | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('confirm')
    .description(t('提前报备的人员已抵达：自抵达日起计入新增来返', 'a person registered in advance has arrived: counted as a new arrival from that day'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .option('--date <date>', t('抵达日期（默认今天）', 'the day they arrived (default today)'))
    .addHelpText('after', examples(cli, 'fangkong arrival confirm 12', 'fangkong arrival confirm 11010519491231002X --date 2022-11-25'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ArrivalRow> {
  const { confirmArrival } = await import('../../services/corrections.js');
  return confirmArrival(await ctx.openStore(), opts.who, { date: opts.date }, ctx);
}

export function view(a: ArrivalRow, { t }: Ctx): View {
  return { kind: 'done', data: { arrival_id: a.id, name: a.name, arrival_date: a.arrival_date }, text: t(`已抵达：报备 ${a.id}（${a.name}），${a.arrival_date}`, `arrived: arrival ${a.id} (${a.name}), ${a.arrival_date}`) };
}
