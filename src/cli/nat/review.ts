/** fangkong test review — what was decided about a positive: confirmed, a false positive after a retest, transferred to hospital. */
import { Command, Option } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import type { View } from '../../io/output.js';
import type { Reviewed } from '../../services/testing.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  decision: string;
  note: string;
  /** The date of the positive (default: the latest). */
  date?: string;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { who, decision: flags.decision as string, note: flags.note as string, date: flags.date as string | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('review')
    .description(
      t(
        '阳性研判：记录研判结论（confirmed 确诊、false-positive 复检排除、transferred 已转运）；假阳性解除标记，卡点不再因此拦截，其余保留；已转运的，其管控措施当日以转运结束（床位释放，不再应检）',
        'record what was decided about a positive: confirmed, false-positive (ruled out on retest: clears the flag, the checkpoint stops them no more for it) or transferred (to hospital); the others keep the flag; transferred also ends their measure that day as transferred (bed freed, no test due)',
      ),
    )
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .addOption(new Option('--decision <decision>', t('研判结论', 'the decision')).choices(['confirmed', 'false-positive', 'transferred']).makeOptionMandatory())
    .requiredOption('--note <text>', t('依据（如复检结果、转运医院）', 'on what grounds (a retest, the hospital)'))
    .option('--date <date>', t('阳性结果的采样日期（默认最近一次）', 'the date of the positive (default: the latest)'))
    .addHelpText('after', examples(cli, 'fangkong test review 420102200106303572 --decision false-positive --note "11-23 复检阴性（县疾控）"'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Reviewed> {
  const { reviewPositive } = await import('../../services/testing.js');
  return reviewPositive(await ctx.openStore(), opts.who, { decision: opts.decision, note: opts.note, date: opts.date }, ctx);
}

export function view(r: Reviewed, ctx: Ctx): View {
  const d = valueLabel('decision', r.decision, ctx.lang);
  const flag = r.decision === 'false_positive' ? ctx.t('，已解除阳性标记', ', flag cleared') : '';
  const out = r.transferred_measure
    ? ctx.t(`；措施 ${r.transferred_measure.measure_id} 于 ${r.transferred_measure.ended_on} 以转运结束（床位释放，不再应检）`, `; measure ${r.transferred_measure.measure_id} ended on ${r.transferred_measure.ended_on}: transferred (bed freed, no test due)`)
    : '';
  return {
    kind: 'done',
    data: r,
    text: ctx.t(`已研判：${r.name} ${r.test_date} 阳性：${d}（${r.note}）${flag}${out}`, `decided: ${r.name}, positive test of ${r.test_date}: ${d} (${r.note})${flag}${out}`),
  };
}
