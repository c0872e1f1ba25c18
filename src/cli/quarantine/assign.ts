/** fangkong quarantine assign — give an arrival its quarantine policy (chosen by the rule table, or --policy). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { Column, View } from '../../io/output.js';
import type { Assignment, PendingResult } from '../../services/quarantine/assign.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { assignmentBlocks } from './render.js';

export interface Options {
  /** Arrival number or ID number; none with --pending. */
  who?: string;
  policy?: string;
  start?: string;
  site?: string;
  home?: boolean;
  force?: boolean;
  pending?: boolean;
  date?: string;
  backdate?: boolean;
  reason?: string;
}

export type Result = Assignment | PendingResult;

const PENDING_COLUMNS: Column[] = [{ key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'category', enumField: 'category' }, { key: 'policy' }, { key: 'start_date' }, { key: 'release_date' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('assign')
    .description(t('为来返人员分配管控措施：按规则表（人员类别 × 来源地风险等级）自动选择，或用 --policy 指定', 'assign a quarantine policy: chosen by the rule table (category × origin risk on the arrival date), or --policy'))
    .argument('[who]', t('报备编号或身份证号', 'arrival number or ID number'))
    .option('--policy <id>', t('指定措施（不按规则表）', 'this policy, not the rule table'))
    .option('--start <date>', t('开始日期（默认：密接为末次暴露次日，否则为抵达日期）', 'start date (default: day after last exposure for contacts, else the arrival date)'))
    .option('--site <name>', t('集中隔离的隔离点', 'quarantine site for the centralised phase'))
    .option('--home', t('居家（不进隔离点）', 'at home, not at a site'))
    .option('--force', t('隔离点已满也分配', 'assign even if the site is full'))
    .option('--pending', t('为所有尚无措施的报备分配（可加 --date 只处理某日抵达的）', 'assign every arrival that has none (with --date: those arriving that day)'))
    .option('--date <date>', t('与 --pending 一起用：抵达日期', 'with --pending: the arrival date'))
    .option('--backdate', t('措施整段在抵达或今天之前也照此补录（须 --reason，记入审计；与 --pending 同用时适用于每一人）', 'record a measure that lies wholly before the arrival or today anyway (needs --reason; audited; with --pending, for each one)'))
    .option('--reason <text>', t('与 --backdate 一起用：补录的原因', 'with --backdate: why it is recorded for past dates'))
    .addHelpText(
      'after',
      examples(
        cli,
        'fangkong quarantine assign 11010519491231002X --site 县委党校隔离点',
        'fangkong quarantine assign 12 --policy close-contact-5+3 --start 2022-11-19',
        'fangkong quarantine assign --pending --date 2022-11-20',
        'fangkong quarantine assign 12 --start 2022-11-01 --backdate --reason "外县已隔离，补录台账"',
      ),
    );
  return addOutputOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  const { out: _out, ...rest } = flags;
  return { ...(rest as Omit<Options, 'who'>), who: who ?? undefined };
}

/** One arrival, or with --pending every arrival that has none; which flags go together is checked here. */
export async function run(opts: Options, ctx: Ctx): Promise<Result> {
  const svc = await import('../../services/quarantine/assign.js');
  if (opts.pending) {
    if (opts.who) throw new UsageError(ctx.t('--pending 不带人员参数', '--pending takes no person'));
    if (opts.policy || opts.site || opts.home || opts.start) throw new UsageError(ctx.t('--pending 只按规则表分配，不能与 --policy/--site/--home/--start 同用', '--pending assigns by the rule table only: no --policy, --site, --home or --start'));
    return svc.assignPending(await ctx.openStore(), dateOption('--date', opts.date) ?? null, ctx, { backdate: opts.backdate, reason: opts.reason });
  }
  if (!opts.who) throw new UsageError(ctx.t('请给出报备编号或身份证号，或用 --pending', 'give an arrival number or ID number, or --pending'));
  if (opts.date) throw new UsageError(ctx.t('--date 只与 --pending 一起用；开始日期用 --start', '--date goes with --pending; for the start date use --start'));
  const { policy, start, site, home, force, backdate, reason } = opts;
  return svc.assign(await ctx.openStore(), opts.who, { policy, start, site, home, force, backdate, reason }, ctx);
}

export function view(r: Result, ctx: Ctx): View {
  if (!('no_measure' in r)) return { kind: 'document', data: r, blocks: assignmentBlocks(r, ctx) };
  const summary = ctx.t(`已分配 ${r.assigned.length} 人；按规则无需措施 ${r.no_measure} 人`, `assigned ${r.assigned.length}; no measure applies to ${r.no_measure}`);
  const over = r.over_before_arrival.map((o) => ({
    text: o.start_basis && o.start_basis !== 'exposure' ? ctx.t(
      `未分配：${o.name}（报备 ${o.arrival_id}），措施 ${o.start_date} 开始、${o.release_date} 解除，在抵达（${o.arrival_date}）前已期满；如确需补录请用 quarantine assign ${o.arrival_id} --backdate --reason 说明`,
      `not assigned: ${o.name} (arrival ${o.arrival_id}): the measure runs from ${o.start_date} to the day before ${o.release_date}, over before the arrival (${o.arrival_date}); to record it anyway: quarantine assign ${o.arrival_id} --backdate --reason TEXT`,
    ) : ctx.t(
      `未分配：${o.name}（报备 ${o.arrival_id}），按末次暴露计算 ${o.start_date} 开始、${o.release_date} 解除，在抵达（${o.arrival_date}）前已期满；如需管控请用 --start 指定开始日期`,
      `not assigned: ${o.name} (arrival ${o.arrival_id}): counted from the last exposure, ${o.start_date} to the day before ${o.release_date}, over before the arrival (${o.arrival_date}); to assign one, give --start`,
    ),
    tone: 'warn' as const,
  }));
  const waiting = r.assigned.filter((a) => a.awaiting_site).length;
  const awaiting = waiting
    ? [{ text: ctx.t(`其中集中隔离 ${waiting} 人待安排隔离点：请用 fangkong quarantine transfer 报备编号 --site 隔离点名称 安排`, `${waiting} of them centralised, awaiting a site: give one with fangkong quarantine transfer ARRIVAL --site NAME`), tone: 'warn' as const }]
    : [];
  const late = (r.over_before_today ?? []).map((o) => ({
    text: ctx.t(
      `未分配：${o.name}（报备 ${o.arrival_id}），措施 ${o.start_date} 开始、${o.release_date} 解除，在今天（${ctx.today}）之前已期满；如确需补录请用 quarantine assign ${o.arrival_id} --backdate --reason 说明`,
      `not assigned: ${o.name} (arrival ${o.arrival_id}): the measure runs from ${o.start_date} to the day before ${o.release_date}, over before today (${ctx.today}); to record it anyway: quarantine assign ${o.arrival_id} --backdate --reason TEXT`,
    ),
    tone: 'warn' as const,
  }));
  return {
    kind: 'document',
    data: r,
    // the site column when someone waits for one: 待安排隔离点
    blocks: [...(r.assigned.length ? [{ list: r.assigned.map((a) => ({ ...a, site: a.awaiting_site ? ctx.t('待安排隔离点', 'awaiting a site') : a.site })), columns: waiting ? [...PENDING_COLUMNS, { key: 'site' }] : PENDING_COLUMNS }] : []), { text: summary }, ...awaiting, ...over, ...late],
    csv: { rows: r.assigned, columns: [...PENDING_COLUMNS, { key: 'awaiting_site' }] },
  };
}
