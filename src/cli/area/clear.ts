/** fangkong area clear — end a risk area; history is kept. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  region: string;
  /** No longer in force from this date; default today. */
  date?: string;
}

export interface Cleared {
  region: string;
  /** The first day the area is no longer in force. */
  cleared_from: string;
  /** How many area records were ended or removed. */
  records: number;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('clear')
    .description(t('解除风险区：从 --date（默认今天）起不再有效，历史保留', 'end a risk area: not in force from --date (default today); history is kept'))
    .argument('<region>', t('地区名称', 'region name'))
    .option('--date <date>', t('从这一天起解除', 'no longer in force from this date'))
    .addHelpText('after', examples(cli, 'fangkong area clear 广东省广州市海珠区 --date 2022-11-25'))
    .action(verb(cli, { parse: ([region], flags) => ({ ...(flags as Omit<Options, 'region'>), region }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Cleared> {
  const date = dateOption('--date', opts.date) ?? ctx.today;
  const { clearArea } = await import('../../services/areas.js');
  const rows = clearArea(await ctx.openStore(), opts.region, date, ctx);
  return { region: opts.region, cleared_from: date, records: rows.length };
}

export function view(c: Cleared, { t }: Ctx): View {
  return {
    kind: 'done',
    data: c,
    text: t(`已解除 ${c.region}：自 ${c.cleared_from} 起不再是风险区（${c.records} 条记录）`, `cleared ${c.region}: not a risk area from ${c.cleared_from} (${c.records} record(s))`),
  };
}
