/** fangkong audit list — who changed what, when. */
import { Command } from 'commander';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('列出审计记录（可按时间、操作人、记录筛选）', 'list audit rows (by time, actor, record)'))
    .option('--since <date>', L('从这一天起', 'from this date'))
    .option('--actor <name>', L('操作人', 'who acted'))
    .option('--record <ref>', L('记录，如 arrival:12 或 arrival', 'a record, e.g. arrival:12, or a kind, e.g. measure'))
    .option('--limit <n>', L('最多列出几条', 'at most this many'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong audit list --since 2022-11-22 --actor 李干部\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ since?: string; actor?: string; record?: string; limit?: string; out?: string }>(deps, async (opts, ctx) => {
      const { listAudit } = await import('../../services/audit.js');
      const { renderList } = await import('../../io/render.js');
      // --actor here filters; the global --actor names who acts, and a listing changes nothing
      const rows = listAudit(await ctx.openStore(), { since: dateOption('--since', opts.since), actor: opts.actor, record: opts.record, limit: opts.limit ? Number(opts.limit) : undefined });
      const format = ctx.listFormat();
      const plain = format === 'json' || format === 'csv';
      const columns = [{ key: 'id' }, { key: 'at', label: 'audit_at' }, { key: 'actor' }, { key: 'action', label: 'audit_action' }, { key: 'record' }, ...(plain ? [{ key: 'before' }, { key: 'after' }, { key: 'hash' }] : [])];
      await emit(ctx, await renderList(rows, columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
    }),
  );
}
