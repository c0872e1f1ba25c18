/** fangkong quarantine reassess — move everyone under one policy to another when a rule changes. */
import { Command } from 'commander';
import type { ReassessResult } from '../../services/quarantine/reassess.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';

export function command(deps: Deps): Command {
  const cmd = new Command('reassess')
    .description(L('批量调整：把仍在执行措施 A 的人员改为措施 B（同一开始日期）；已到期的按调整日解除', 'move everyone still under policy A to policy B from the same start; whose new measure is over is released on the reassessment date'))
    .requiredOption('--from-policy <id>', L('原措施', 'the old policy'))
    .requiredOption('--to-policy <id>', L('新措施', 'the new policy'))
    .option('--date <date>', L('调整日期（默认今天）', 'reassessment date (default today)'))
    .option('--dry-run', L('只列出变化，不写入', 'list the changes, write nothing'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong quarantine reassess --from-policy close-contact-7+3 --to-policy close-contact-5+3 --dry-run\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ fromPolicy: string; toPolicy: string; date?: string; dryRun?: boolean; out?: string }>(deps, async (opts, ctx) => {
      const { reassess } = await import('../../services/quarantine/reassess.js');
      const r = reassess(await ctx.openStore(), { from: opts.fromPolicy, to: opts.toPolicy, date: opts.date, dryRun: Boolean(opts.dryRun) }, ctx);
      await emit(ctx, await render(r, ctx), opts.out);
    }),
  );
}

function span(phases: Array<{ kind: string; start: string; end: string }>, ctx: Ctx): string {
  const short = { centralized: ctx.t('集中', 'C'), home_quarantine: ctx.t('居家', 'H'), health_monitoring: ctx.t('监测', 'M') } as Record<string, string>;
  return phases.map((p) => `${short[p.kind]} ${p.start.slice(5)}~${p.end.slice(5)}`).join(', ');
}

export async function render(r: ReassessResult, ctx: Ctx): Promise<string> {
  const { maskIdNumber } = await import('../../io/mask.js');
  const changes = r.changes.map((c) => ({ ...c, id_number: ctx.reveal ? c.id_number : maskIdNumber(c.id_number) }));
  const format = ctx.listFormat();
  if (format === 'json') return JSON.stringify({ ...r, changes }, null, 2) + '\n';
  const { renderList } = await import('../../io/render.js');
  const rows = changes.map((c) => ({ ...c, old: span(c.old_phases, ctx), new: span(c.new_phases, ctx) }));
  const table =
    rows.length === 0
      ? ''
      : await renderList(
          rows,
          [{ key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'start_date' }, { key: 'old' }, { key: 'old_release_date' }, { key: 'new' }, { key: 'new_release_date' }, { key: 'effect', enumField: 'effect' }],
          { format, lang: ctx.lang, color: ctx.color },
        );
  const counts = { released: 0, shortened: 0, extended: 0, unchanged: 0 };
  for (const c of r.changes) counts[c.effect]++;
  const summary = r.dry_run
    ? ctx.t(
        `试运行（未写入）：${r.date} 仍执行 ${r.from_policy} 的 ${r.changes.length} 人将改为 ${r.to_policy}：即日解除 ${counts.released}，缩短 ${counts.shortened}，延长 ${counts.extended}，不变 ${counts.unchanged}\n`,
        `dry run (nothing written): ${r.changes.length} person(s) under ${r.from_policy} on ${r.date} would move to ${r.to_policy}: released now ${counts.released}, shortened ${counts.shortened}, extended ${counts.extended}, unchanged ${counts.unchanged}\n`,
      )
    : ctx.t(
        `已调整：${r.changes.length} 人由 ${r.from_policy} 改为 ${r.to_policy}（${r.date}）：即日解除 ${counts.released}，缩短 ${counts.shortened}，延长 ${counts.extended}，不变 ${counts.unchanged}\n`,
        `reassessed: ${r.changes.length} person(s) moved from ${r.from_policy} to ${r.to_policy} on ${r.date}: released now ${counts.released}, shortened ${counts.shortened}, extended ${counts.extended}, unchanged ${counts.unchanged}\n`,
      );
  return table + summary;
}
