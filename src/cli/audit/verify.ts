/** fangkong audit verify — walk the hash chain; say which row was changed or deleted. */
import { Command } from 'commander';
import { FangkongError } from '../../domain/errors.js';
import type { Block, View } from '../../io/output.js';
import type { VerifyResult } from '../../services/audit.js';
import { examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export type Options = Record<string, never>;

/** The chain is broken: exit 1. */
export class TamperedError extends FangkongError {}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('verify')
    .description(t('校验审计日志的哈希链：指出被改动或删除的记录（发现问题时退出码 1）', 'check the hash chain of the audit log: names a changed or deleted row (exit 1 when one is found)'))
    .addHelpText('after', examples(cli, 'fangkong audit verify'))
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

/**
 * Returns the result when the chain is intact. When it is broken, the exception to "run
 * returns data, verb() shows it": the result is shown here first, through ctx.print, and
 * then run throws, so the command exits 1 with the result on stdout and the reason on stderr.
 * (verb() would show the view only after run returned, and a view cannot fail the command.)
 */
export async function run(_opts: Options, ctx: Ctx): Promise<VerifyResult> {
  const { verifyAudit } = await import('../../services/audit.js');
  const r = verifyAudit(await ctx.openStore());
  if (!r.ok) {
    await ctx.print(view(r, ctx));
    throw new TamperedError(ctx.t(`审计日志被改动：${r.problems[0].detail}`, `the audit log was tampered with: ${r.problems[0].detail}`));
  }
  return r;
}

/** The result for programs; for people the count and head, each problem, or "intact". */
export function view(r: VerifyResult, ctx: Ctx): View {
  const blocks: Block[] = [{ text: ctx.t(`审计记录 ${r.rows} 条，末条哈希 ${r.head.slice(0, 16)}…`, `${r.rows} audit rows, head ${r.head.slice(0, 16)}…`) }];
  for (const p of r.problems) blocks.push({ text: `  ${p.detail}` });
  if (r.ok) blocks.push({ text: ctx.t('哈希链完整', 'the chain is intact'), tone: 'good' });
  return { kind: 'document', data: r, blocks };
}
