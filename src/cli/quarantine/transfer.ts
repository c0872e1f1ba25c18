/** fangkong quarantine transfer — move a person to another site, or home. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { MeasureView } from '../../services/quarantine/measure.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  site?: string;
  home?: boolean;
  date?: string;
  force?: boolean;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('transfer')
    .description(t('转移：换到另一个隔离点，或转为居家（历史保留）', 'move a person to another site, or home (history is kept)'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .option('--site <name>', t('新的隔离点', 'the new site'))
    .option('--home', t('转为居家', 'move home'))
    .option('--date <date>', t('转移日期（默认今天）', 'from this date (default today)'))
    .option('--force', t('隔离点已满也转入', 'even if the site is full'))
    .addHelpText('after', examples(cli, 'fangkong quarantine transfer 11010519491231002X --site 河口镇隔离点'))
    .action(verb(cli, { parse: ([who], flags) => ({ ...(flags as Omit<Options, 'who'>), who }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<MeasureView> {
  const { transfer } = await import('../../services/quarantine/transfer.js');
  const { site, home, date, force } = opts;
  return transfer(await ctx.openStore(), opts.who, { site, home, date, force }, ctx);
}

export function view(v: MeasureView, { t }: Ctx): View {
  const last = v.placements[v.placements.length - 1];
  return { kind: 'done', data: v, text: t(`已转移：措施 ${v.measure_id}，自 ${last.from} 起在${last.site ?? '家'}`, `moved: measure ${v.measure_id}, from ${last.from} at ${last.site ?? 'home'}`) };
}
