/** fangkong quarantine cancel — void a measure assigned in error (not a release). */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { MeasureView } from '../../services/quarantine/measure.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  reason: string;
  date?: string;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { ...(flags as Omit<Options, 'who'>), who };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('cancel')
    .description(
      t(
        '撤销分配有误的管控措施：措施作废（不计为解除），自撤销日起不再在管，之后的核酸不再应检；可再分配正确的措施',
        'cancel a measure assigned in error: it is void (not a release), off the books from the day of the cancellation, its later tests no longer due; the right one can then be assigned',
      ),
    )
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .requiredOption('--reason <text>', t('原因', 'why'))
    .option('--date <date>', t('撤销日期（默认今天；写开始日期则视为从未在管）', 'the day it leaves the books (default today; its start date: as if never assigned)'))
    .addHelpText('after', examples(cli, 'fangkong quarantine cancel 440305198001011235 --reason "身份核实有误，非高风险区来返"'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<MeasureView> {
  const { cancel } = await import('../../services/quarantine/cancel.js');
  return cancel(await ctx.openStore(), opts.who, { reason: opts.reason, date: opts.date }, ctx);
}

export function view(v: MeasureView, { t }: Ctx): View {
  return {
    kind: 'done',
    data: v,
    text: t(`已撤销：措施 ${v.measure_id}（分配有误，不计为解除），自 ${v.cancelled_on} 起不再在管`, `cancelled: measure ${v.measure_id} (assigned in error, not a release), off the books from ${v.cancelled_on}`),
  };
}
