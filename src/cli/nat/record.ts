/** fangkong test record — one result. */
import { Command, Option } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('record')
    .description(L('登记一次核酸结果；阳性会标记其管控措施待研判', "record a test result; a positive marks the person's measure for a decision"))
    .argument('<who>', L('报备编号或身份证号', 'arrival number or ID number'))
    .requiredOption('--date <date>', L('采样日期', 'date sampled'))
    .addOption(new Option('--result <result>', L('结果', 'result')).choices(['negative', 'positive', 'pending']).makeOptionMandatory())
    .option('--sample-time <datetime>', L('采样时间', 'sample time'))
    .option('--lab <name>', L('检测机构', 'lab'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong test record 11010519491231002X --date 2022-11-22 --result negative --lab 县疾控中心\n`)
    .action(
      action<{ date: string; result: string; sampleTime?: string; lab?: string }>(deps, async (opts, ctx, [who]) => {
        const { recordResult } = await import('../../services/testing.js');
        const { valueLabel } = await import('../../domain/i18n.js');
        const r = recordResult(await ctx.openStore(), who, { date: opts.date, result: opts.result, sample_time: opts.sampleTime, lab: opts.lab }, ctx);
        if (ctx.format === 'json') {
          const { maskRow } = await import('../../io/mask.js');
          ctx.io.stdout.write(JSON.stringify(ctx.reveal ? r : maskRow(r)) + '\n');
        } else ctx.io.stdout.write(ctx.t(`已登记：${r.name} ${r.test_date} ${valueLabel('result', r.result, ctx.lang)}\n`, `recorded: ${r.name} ${r.test_date} ${r.result}\n`));
        if (r.result === 'positive') {
          const { painter } = await import('../../io/render.js');
          const paint = await painter(ctx.color);
          ctx.io.stderr.write(paint.warn(r.measure_id ? ctx.t(`⚠ 阳性：措施 ${r.measure_id} 已标记，待研判处置\n`, `⚠ POSITIVE: measure ${r.measure_id} marked for decision\n`) : ctx.t('⚠ 阳性：此人当天没有进行中的管控措施，请立即研判\n', '⚠ POSITIVE: no measure in force that day; decide now\n')));
        }
      }),
    );
}
