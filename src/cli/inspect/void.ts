/** fangkong inspect void — void an inspection typed in error (against the wrong person, a test entry). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import type { InspectionRow } from '../../store/inspections.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** The inspection's number (inspect list shows it). */
  id: string;
  reason: string;
}

export function parse([id]: string[], flags: Record<string, unknown>): Options {
  return { id, reason: flags.reason as string };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('void')
    .description(
      t(
        '作废录入有误的查验记录（如录错了人）：从列表、卡点统计和日报中移除，审计日志记下原因',
        'void an inspection typed in error (against the wrong person, say): it leaves the lists, the checkpoint counts and the report; the audit log keeps why',
      ),
    )
    .argument('<inspection>', t('查验编号（inspect list 的“编号”列）', "the inspection's number (inspect list shows it)"))
    .requiredOption('--reason <text>', t('原因', 'why'))
    .addHelpText('after', examples(cli, 'fangkong inspect void 40 --reason "录错了人，应为 张三"'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<InspectionRow> {
  if (!/^\d{1,12}$/.test(opts.id.trim())) throw new UsageError(ctx.t(`查验编号应为数字：${opts.id}`, `an inspection number is a number: ${opts.id}`));
  const { voidInspection } = await import('../../services/corrections.js');
  return voidInspection(await ctx.openStore(), Number(opts.id), opts.reason, ctx);
}

export function view(r: InspectionRow, { t }: Ctx): View {
  return {
    kind: 'done',
    data: { id: r.id, checkpoint: r.checkpoint, inspected_at: r.inspected_at, name: r.name, voided_at: r.voided_at, reason: r.void_reason },
    text: t(`已作废：查验 ${r.id}（${r.checkpoint}，${r.inspected_at}${r.name ? `，${r.name}` : ''}）`, `voided inspection ${r.id} (${r.checkpoint}, ${r.inspected_at}${r.name ? `, ${r.name}` : ''})`),
  };
}
