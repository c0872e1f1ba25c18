/** fangkong db check — integrity, foreign keys, schema version, the audit chain. */
import { Command } from 'commander';
import { FangkongError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('check')
    .description(L('检查数据库：完整性、外键、结构版本、审计链', 'check the database: integrity, foreign keys, schema version, the audit chain'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong db check\n`)
    .action(
      action<object>(deps, async (_o, ctx) => {
        const { check } = await import('../../services/maintenance.js');
        const r = check(await ctx.openStore());
        if (ctx.format === 'json' || (!ctx.format && !ctx.io.stdoutIsTTY)) ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else
          ctx.io.stdout.write(
            [
              ctx.t(`数据库：${r.path}`, `database: ${r.path}`),
              ctx.t(`结构版本：${r.schema_version}（本程序 ${r.latest_version}）`, `schema version: ${r.schema_version} (this fangkong: ${r.latest_version})`),
              ctx.t(`完整性：${r.integrity.join('; ')}`, `integrity: ${r.integrity.join('; ')}`),
              ctx.t(`外键问题：${r.foreign_keys}`, `foreign-key problems: ${r.foreign_keys}`),
              ctx.t(`审计记录：${r.audit.rows} 条，${r.audit.ok ? '链完整' : '链已损坏'}`, `audit log: ${r.audit.rows} rows, chain ${r.audit.ok ? 'intact' : 'BROKEN'}`),
              ...r.audit.problems.map((p) => `  ${p.detail}`),
            ].join('\n') + '\n',
          );
        if (!r.ok) throw new (class extends FangkongError {})(ctx.t('数据库检查未通过', 'the database check failed'));
      }),
    );
}
