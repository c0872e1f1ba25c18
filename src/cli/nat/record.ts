/** fangkong test record — one result. */
import { Command } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import type { View } from '../../io/output.js';
import { UsageError } from '../../domain/errors.js';
import type { Amended, Recorded } from '../../services/testing.js';
import { choiceOption, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  date: string;
  result: string;
  sampleTime?: string;
  lab?: string;
  /** Correct the result recorded for the date instead of adding one. */
  amend?: boolean;
  reason?: string;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { who, date: flags.date as string, result: flags.result as string, sampleTime: flags.sampleTime as string | undefined, lab: flags.lab as string | undefined, amend: flags.amend as boolean | undefined, reason: flags.reason as string | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('record')
    .description(t('登记一次核酸结果；同日待出（pending）的结果由最终结果补全；阳性会标记其管控措施待研判', "record a test result; a final result completes the pending one of its date; a positive marks the person's measure for a decision"))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .requiredOption('--date <date>', t('采样日期', 'date sampled'))
    .addOption(choiceOption(cli, '--result <result>', t('结果', 'result'), 'result', ['negative', 'positive', 'pending']).makeOptionMandatory())
    .option('--sample-time <datetime>', t('采样时间', 'sample time'))
    .option('--lab <name>', t('检测机构', 'lab'))
    .option('--amend', t('更正该日已登记的结果（而不是再登记一条）；记入审计日志，更正前后都在', 'correct the result recorded for the date (instead of adding one); audited, before and after'))
    .option('--reason <text>', t('更正的原因（与 --amend 一起用）', 'why it is corrected (with --amend)'))
    .addHelpText('after', examples(cli, 'fangkong test record 11010519491231002X --date 2022-11-22 --result negative --lab 县疾控中心', 'fangkong test record 11010519491231002X --date 2022-11-22 --result positive --amend --reason "录入时选错"'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Recorded> {
  if (opts.reason !== undefined && !opts.amend) throw new UsageError(ctx.t('--reason 要与 --amend 一起用', '--reason goes with --amend'));
  if (opts.amend) {
    const { amendResult } = await import('../../services/testing.js');
    return amendResult(await ctx.openStore(), opts.who, { date: opts.date, result: opts.result, sample_time: opts.sampleTime, lab: opts.lab, reason: opts.reason }, ctx);
  }
  const { recordResult } = await import('../../services/testing.js');
  return recordResult(await ctx.openStore(), opts.who, { date: opts.date, result: opts.result, sample_time: opts.sampleTime, lab: opts.lab }, ctx);
}

/** The result recorded; a positive is said on stderr too, loudly, with what it marked. */
export async function view(r: Recorded, ctx: Ctx): Promise<View> {
  const a = r as Partial<Amended>;
  const text = a.previous !== undefined
    ? ctx.t(`已更正：${r.name} ${r.test_date} ${valueLabel('result', a.previous, ctx.lang)} → ${valueLabel('result', r.result, ctx.lang)}${a.unflagged ? '（措施的阳性标记已撤除）' : ''}`, `amended: ${r.name} ${r.test_date} ${a.previous} → ${r.result}${a.unflagged ? " (the measure's positive mark is taken away)" : ''}`)
    : r.completed
    ? ctx.t(`已补全：${r.name} ${r.test_date} 待出 → ${valueLabel('result', r.result, ctx.lang)}`, `completed: ${r.name} ${r.test_date} pending → ${r.result}`)
    : ctx.t(`已登记：${r.name} ${r.test_date} ${valueLabel('result', r.result, ctx.lang)}`, `recorded: ${r.name} ${r.test_date} ${r.result}`);
  if (r.result !== 'positive') return { kind: 'done', data: r, text };
  const { painter } = await import('../../io/render.js');
  const paint = await painter(ctx.color);
  const warning = r.measure_id
    ? ctx.t(`⚠ 阳性：措施 ${r.measure_id} 已标记，待研判处置`, `⚠ POSITIVE: measure ${r.measure_id} marked for decision`)
    : ctx.t('⚠ 阳性：此人当天没有进行中的管控措施，请立即研判', '⚠ POSITIVE: no measure in force that day; decide now');
  return { kind: 'done', data: r, text, after: [paint.warn(warning)] };
}
