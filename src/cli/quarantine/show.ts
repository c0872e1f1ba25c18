/** fangkong quarantine show — a person's measure: phases, test dates, release date, history. */
import { Command } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import type { QuarantineView } from '../../services/quarantine/show.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';

export function command(deps: Deps): Command {
  const cmd = new Command('show')
    .description(L('查看一个人的管控措施：各阶段日期、检测日、解除日期和变更历史', "show a person's measure: phases, test dates, release date, history"))
    .argument('<who>', L('报备编号或身份证号', 'arrival number or ID number'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong quarantine show 11010519491231002X\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ out?: string }>(deps, async (opts, ctx, [who]) => {
      const { quarantineShow } = await import('../../services/quarantine/show.js');
      const v = quarantineShow(await ctx.openStore(), who, ctx);
      await emit(ctx, await render(v, ctx), opts.out);
    }),
  );
}

export async function render(v: QuarantineView, ctx: Ctx): Promise<string> {
  const { maskIdNumber } = await import('../../io/mask.js');
  const shown = { ...v, id_number: ctx.reveal ? v.id_number : maskIdNumber(v.id_number) };
  if (ctx.listFormat() === 'json') return JSON.stringify(shown, null, 2) + '\n';
  const { renderList } = await import('../../io/render.js');
  const o = { format: ctx.listFormat() === 'markdown' ? ('markdown' as const) : ('table' as const), lang: ctx.lang, color: ctx.color };
  const tests = new Set(v.test_dates);
  const phases = (v.phases ?? []).map((p) => ({
    phase: p.kind,
    start: p.start,
    end: p.end,
    tests: [...tests].filter((d) => d >= p.start && d <= p.end).map((d) => d.slice(5)).join(' '),
  }));
  const state =
    v.today.state === 'in' && v.today.phase
      ? ctx.t(`今天（${v.today.date}）：${valueLabel('phase', v.today.phase, ctx.lang)}第${v.today.phase_day}天`, `today (${v.today.date}): day ${v.today.phase_day} of ${valueLabel('phase', v.today.phase, ctx.lang)}`)
      : v.today.state === 'before'
        ? ctx.t(`今天（${v.today.date}）：尚未开始`, `today (${v.today.date}): not started`)
        : v.today.state === 'released'
          ? ctx.t(`今天（${v.today.date}）：已解除`, `today (${v.today.date}): released`)
          : ctx.t(`今天（${v.today.date}）：无隔离阶段`, `today (${v.today.date}): no phase`);
  const place = (v.placements ?? []).map((p) => `${p.from} ${p.site ?? ctx.t('居家', 'home')}`).join('; ') || ctx.t('待安排', 'not placed');
  const lines = [
    `${shown.name}（${shown.id_number}），${ctx.t('报备', 'arrival')} ${v.arrival_id}，${v.origin}，${ctx.t('抵达', 'arrived')} ${v.arrival_date}`,
    ctx.t(`措施：${v.policy}（${v.status === 'active' ? '进行中' : v.status === 'released' ? '已解除' : '已调整'}）；依据：${v.rule}`, `policy: ${v.policy} (${v.status}); chosen by: ${v.rule}`),
    ctx.t(`地点：${place}`, `place: ${place}`),
    state,
    ...(v.flag === 'positive' ? [ctx.t(`⚠ 核酸阳性（${v.flagged_on}），待研判处置`, `⚠ POSITIVE test (${v.flagged_on}): awaiting the official's decision`)] : []),
  ];
  const body = phases.length ? await renderList(phases, [{ key: 'phase', enumField: 'phase' }, { key: 'start', label: 'start_date' }, { key: 'end' }, { key: 'tests', label: 'test_dates' }], o) : ctx.t(`核酸检测：${v.test_dates.join('、')}\n`, `tests: ${v.test_dates.join(', ')}\n`);
  const rel = v.released_on
    ? ctx.t(`解除日期：${v.release_date}（${v.release_reason}；原定 ${v.planned_release_date}）`, `release: ${v.release_date} (${v.release_reason}; planned ${v.planned_release_date})`)
    : ctx.t(`解除日期：${v.release_date}`, `release: ${v.release_date}`);
  const hist = v.history.length > 1 ? '\n' + ctx.t('历史：', 'history:') + '\n' + v.history.map((h) => `  #${h.measure_id} ${h.policy} ${h.start_date} → ${h.release_date} ${h.status}${h.in_force_from ? ` (${ctx.t('自', 'from')} ${h.in_force_from})` : ''}`).join('\n') + '\n' : '';
  return lines.join('\n') + '\n' + body + rel + '\n' + hist;
}
