/** fangkong arrival restore — undo an arrival delete. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { DeletionResult } from '../../services/corrections.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('restore')
    .description(t('撤销删除：报备及其管控措施、核酸恢复原状', 'undo a deletion: the arrival, its measures and its tests are back as they were'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .addHelpText('after', examples(cli, 'fangkong arrival restore 12'))
    .action(verb(cli, { parse: ([who]) => ({ who }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<DeletionResult> {
  const { restoreArrival } = await import('../../services/corrections.js');
  return restoreArrival(await ctx.openStore(), opts.who, ctx);
}

export function view(r: DeletionResult, { t }: Ctx): View {
  const a = r.arrival;
  return {
    kind: 'done',
    data: { arrival_id: a.id, name: a.name, arrival_date: a.arrival_date, measures: r.measures, tests: r.tests },
    text: t(`已恢复：报备 ${a.id}（${a.name}，${a.arrival_date}），连同 ${r.measures} 项措施、${r.tests} 条核酸`, `restored arrival ${a.id} (${a.name}, ${a.arrival_date}) with ${r.measures} measure(s) and ${r.tests} test result(s)`),
  };
}
