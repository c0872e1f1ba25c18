/** fangkong audit verify — walk the hash chain; say which row was changed or deleted. */
import { Command } from 'commander';
import { FangkongError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('verify')
    .description(L('校验审计日志的哈希链：指出被改动或删除的记录（发现问题时退出码 1）', 'check the hash chain of the audit log: names a changed or deleted row (exit 1 when one is found)'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong audit verify\n`)
    .action(
      action<object>(deps, async (_o, ctx) => {
        const { verifyAudit } = await import('../../services/audit.js');
        const r = verifyAudit(await ctx.openStore());
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else {
          ctx.io.stdout.write(ctx.t(`审计记录 ${r.rows} 条，末条哈希 ${r.head.slice(0, 16)}…\n`, `${r.rows} audit rows, head ${r.head.slice(0, 16)}…\n`));
          for (const p of r.problems) ctx.io.stdout.write(`  ${p.detail}\n`);
          if (r.ok) ctx.io.stdout.write(ctx.t('哈希链完整\n', 'the chain is intact\n'));
        }
        if (!r.ok) throw new (class extends FangkongError {})(ctx.t(`审计日志被改动：${r.problems[0].detail}`, `the audit log was tampered with: ${r.problems[0].detail}`));
      }),
    );
}
