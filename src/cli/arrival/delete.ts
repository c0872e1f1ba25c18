/** fangkong arrival delete — delete a registration made in error (it leaves every list and report; restore undoes it). */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { DeletionResult } from '../../services/corrections.js';
import { addYesOption, confirm, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  reason: string;
  /** --yes: no question (needed in a script). */
  yes?: boolean;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { reason: flags.reason as string, who, yes: flags.yes as boolean | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('delete')
    .description(
      t(
        '删除登记有误的报备：该报备及其管控措施、核酸从所有列表、统计和日报中移除（已报送日报的变化可在日报差异中查看）；审计日志记下原因，arrival restore 可撤销',
        'delete an arrival registered in error: it, its measures and its tests leave every list, count and report (report diff shows the change to a report already issued); the audit log keeps why; arrival restore undoes it',
      ),
    )
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .requiredOption('--reason <text>', t('原因', 'why'))
    .addHelpText('after', examples(cli, 'fangkong arrival delete 12 --reason "重复登记，应为编号 11" --yes'));
  return addYesOption(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<DeletionResult> {
  const { deleteArrival } = await import('../../services/corrections.js');
  const { resolveArrival } = await import('../../services/registration.js');
  const store = await ctx.openStore();
  // asked before anything changes: on a terminal a question, in a script --yes
  const row = resolveArrival(store, opts.who, ctx);
  await confirm(ctx, opts.yes, ctx.t(`将删除报备 ${row.id}（${row.name}，${row.arrival_date}）及其措施和核酸（arrival restore 可撤销）`, `this deletes arrival ${row.id} (${row.name}, ${row.arrival_date}) with its measures and tests (arrival restore undoes it)`));
  return deleteArrival(store, opts.who, opts.reason, ctx);
}

export function view(r: DeletionResult, { t }: Ctx): View {
  const a = r.arrival;
  return {
    kind: 'done',
    data: { arrival_id: a.id, name: a.name, arrival_date: a.arrival_date, deleted_at: a.deleted_at, reason: a.deleted_reason, measures: r.measures, tests: r.tests },
    text: t(
      `已删除：报备 ${a.id}（${a.name}，${a.arrival_date}），连同 ${r.measures} 项措施、${r.tests} 条核酸；撤销：fangkong arrival restore ${a.id}`,
      `deleted arrival ${a.id} (${a.name}, ${a.arrival_date}) with ${r.measures} measure(s) and ${r.tests} test result(s); to undo: fangkong arrival restore ${a.id}`,
    ),
  };
}
