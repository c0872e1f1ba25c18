/** fangkong assign — give an arrival its quarantine policy (chosen by the rule table, or --policy). */
import { Command } from 'commander';
import { UsageError } from '../domain/errors.js';
import type { Assignment, PendingResult } from '../services/quarantine/assign.js';
import { action, L } from './command.js';
import type { Ctx, Deps } from './context.js';
import { dateOption } from './dates.js';
import { renderAssignment } from './quarantine/render.js';

export interface Options {
  policy?: string;
  start?: string;
  site?: string;
  home?: boolean;
  force?: boolean;
  pending?: boolean;
  date?: string;
}

export function command(deps: Deps): Command {
  return new Command('assign')
    .description(L('为来返人员分配管控措施：按规则表（人员类别 × 来源地风险等级）自动选择，或用 --policy 指定', 'assign a quarantine policy: chosen by the rule table (category × origin risk on the arrival date), or --policy'))
    .argument('[who]', L('报备编号或身份证号', 'arrival number or ID number'))
    .option('--policy <id>', L('指定措施（不按规则表）', 'this policy, not the rule table'))
    .option('--start <date>', L('开始日期（默认：密接为末次暴露次日，否则为抵达日期）', 'start date (default: day after last exposure for contacts, else the arrival date)'))
    .option('--site <name>', L('集中隔离的隔离点', 'quarantine site for the centralised phase'))
    .option('--home', L('居家（不进隔离点）', 'at home, not at a site'))
    .option('--force', L('隔离点已满也分配', 'assign even if the site is full'))
    .option('--pending', L('为所有尚无措施的报备分配（可加 --date 只处理某日抵达的）', 'assign every arrival that has none (with --date: those arriving that day)'))
    .option('--date <date>', L('与 --pending 一起用：抵达日期', 'with --pending: the arrival date'))
    .addHelpText(
      'after',
      `\n${L('示例', 'Examples')}:\n  fangkong assign 11010519491231002X --site 县委党校隔离点\n  fangkong assign 12 --policy close-contact-5+3 --start 2022-11-19\n  fangkong assign --pending --date 2022-11-20\n`,
    )
    .action(
      action<Options>(deps, async (opts, ctx, [who]) => {
        const r = await run(who, opts, ctx);
        if ('no_measure' in r) await renderPending(r, ctx);
        else if (ctx.listFormat() === 'json') ctx.io.stdout.write(JSON.stringify(await shown(r, ctx), null, 2) + '\n');
        else ctx.io.stdout.write(await renderAssignment(r, ctx));
      }),
    );
}

export async function run(who: string | undefined, opts: Options, ctx: Ctx): Promise<Assignment | PendingResult> {
  const svc = await import('../services/quarantine/assign.js');
  if (opts.pending) {
    if (who) throw new UsageError(ctx.t('--pending 不带人员参数', '--pending takes no person'));
    if (opts.policy || opts.site || opts.home || opts.start) throw new UsageError(ctx.t('--pending 只按规则表分配，不能与 --policy/--site/--home/--start 同用', '--pending assigns by the rule table only: no --policy, --site, --home or --start'));
    return svc.assignPending(await ctx.openStore(), dateOption('--date', opts.date) ?? null, ctx);
  }
  if (!who) throw new UsageError(ctx.t('请给出报备编号或身份证号，或用 --pending', 'give an arrival number or ID number, or --pending'));
  if (opts.date) throw new UsageError(ctx.t('--date 只与 --pending 一起用；开始日期用 --start', '--date goes with --pending; for the start date use --start'));
  return svc.assign(await ctx.openStore(), who, opts, ctx);
}

async function shown(a: Assignment, ctx: Ctx): Promise<Assignment> {
  const { maskIdNumber } = await import('../io/mask.js');
  return ctx.reveal ? a : { ...a, id_number: maskIdNumber(a.id_number) };
}

async function renderPending(r: PendingResult, ctx: Ctx): Promise<void> {
  const format = ctx.listFormat();
  if (format === 'json') {
    ctx.io.stdout.write(JSON.stringify({ assigned: await Promise.all(r.assigned.map((a) => shown(a, ctx))), no_measure: r.no_measure }, null, 2) + '\n');
    return;
  }
  const { renderList } = await import('../io/render.js');
  const { maskIdNumber } = await import('../io/mask.js');
  const rows = r.assigned.map((a) => ({ arrival_id: a.arrival_id, name: a.name, id_number: ctx.reveal ? a.id_number : maskIdNumber(a.id_number), category: a.category, policy: a.policy, start_date: a.start_date, release_date: a.release_date }));
  if (rows.length) ctx.io.stdout.write(await renderList(rows, [{ key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'category', enumField: 'category' }, { key: 'policy' }, { key: 'start_date' }, { key: 'release_date' }], { format, lang: ctx.lang, color: ctx.color }));
  ctx.io.stdout.write(ctx.t(`已分配 ${r.assigned.length} 人；按规则无需措施 ${r.no_measure} 人\n`, `assigned ${r.assigned.length}; no measure applies to ${r.no_measure}\n`));
}
