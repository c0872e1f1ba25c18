/** fangkong audit verify — walk the hash chain; say which row was changed or deleted. */
import { Command } from 'commander';
import type { Block, View } from '../../io/output.js';
import type { VerifyResult } from '../../services/audit.js';
import { examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export type Options = Record<string, never>;


export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('verify')
    .description(t('校验审计日志的哈希链：指出被改动或删除的记录（发现问题时退出码 1）', 'check the hash chain of the audit log: names a changed or deleted row (exit 1 when one is found)'))
    .addHelpText('after', examples(cli, 'fangkong audit verify'))
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<VerifyResult> {
  const { verifyAudit } = await import('../../services/audit.js');
  const r = verifyAudit(await ctx.openStore());
  return r;
}

/** The result for programs; for people the count and head, each problem, or "intact". */
export function view(r: VerifyResult, ctx: Ctx): View {
  const blocks: Block[] = [{ text: ctx.t(`审计记录 ${r.rows} 条，末条哈希 ${r.head.slice(0, 16)}…`, `${r.rows} audit rows, head ${r.head.slice(0, 16)}…`) }];
  for (const p of r.problems) blocks.push({ text: `  ${p.detail}` });
  if (r.ok) blocks.push({ text: ctx.t('哈希链完整', 'the chain is intact'), tone: 'good' });
  if (r.ok) return { kind: 'document', data: r, blocks };
  return { kind: 'document', data: r, blocks, outcome: 'failed', failure: ctx.t(`审计日志被改动：${r.problems[0].detail}`, `the audit log was tampered with: ${r.problems[0].detail}`) };
}
