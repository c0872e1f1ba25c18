/** How a schedule reads on screen: a line per phase with its dates and test days. */
import { valueLabel } from '../../domain/i18n.js';
import type { Assignment } from '../../services/quarantine/assign.js';
import type { Ctx } from '../context.js';

function mmdd(d: string): string {
  return d.slice(5);
}

export async function scheduleTable(a: Pick<Assignment, 'phases' | 'test_dates'>, ctx: Ctx): Promise<string> {
  const { renderList } = await import('../../io/render.js');
  const o = { format: ctx.listFormat(), lang: ctx.lang, color: ctx.color };
  if (o.format === 'json' || o.format === 'csv') o.format = 'table';
  if (a.phases.length === 0) {
    return ctx.t(`无隔离阶段；核酸检测：${a.test_dates.join('、')}\n`, `no quarantine phase; tests on ${a.test_dates.join(', ')}\n`);
  }
  const rows = a.phases.map((p) => ({
    phase: p.kind,
    start: p.start,
    end: p.end,
    days: p.days,
    tests: p.tests.map((t) => ctx.t(`${mmdd(t.date)}（第${t.day}天）`, `${mmdd(t.date)} (day ${t.day})`)).join(' '),
  }));
  return renderList(rows, [{ key: 'phase', enumField: 'phase' }, { key: 'start', label: 'start_date' }, { key: 'end' }, { key: 'days' }, { key: 'tests', label: 'test_dates' }], o);
}

/** The assign result, on screen. */
export async function renderAssignment(a: Assignment, ctx: Ctx): Promise<string> {
  const { maskIdNumber } = await import('../../io/mask.js');
  const who = `${a.name}（${ctx.reveal ? a.id_number : maskIdNumber(a.id_number)}），${ctx.t('报备', 'arrival')} ${a.arrival_id}`;
  const lines: string[] = [];
  const cat = `${valueLabel('category', a.category, ctx.lang)}${a.risk_area ? ` · ${a.risk_area}` : ''}`;
  if (!a.assigned) {
    lines.push(ctx.t(`${who}：按规则无需管控措施`, `${who}: no measure applies`));
    lines.push(ctx.t(`类别：${cat}；依据：${a.chosen_by}`, `category: ${cat}; chosen by: ${a.chosen_by}`));
    return lines.join('\n') + '\n';
  }
  const basis = { given: ctx.t('指定', 'given'), exposure: ctx.t('末次暴露次日', 'day after last exposure'), arrival: ctx.t('抵达日期', 'arrival date') }[a.start_basis ?? 'given'];
  lines.push(ctx.t(`已分配：${who}`, `assigned: ${who}`));
  lines.push(ctx.t(`措施：${a.policy} ${a.policy_name?.zh ?? ''}`, `policy: ${a.policy} ${a.policy_name?.en ?? ''}`));
  lines.push(ctx.t(`类别：${cat}；依据：${a.chosen_by}`, `category: ${cat}; chosen by: ${a.chosen_by}`));
  lines.push(ctx.t(`开始：${a.start_date}（${basis}）`, `start: ${a.start_date} (${basis})`));
  if (a.site) lines.push(ctx.t(`隔离点：${a.site}`, `site: ${a.site}`));
  if (a.home) lines.push(ctx.t('地点：居家', 'place: home'));
  return lines.join('\n') + '\n' + (await scheduleTable(a, ctx)) + ctx.t(`解除日期：${a.release_date}\n`, `release: ${a.release_date}\n`);
}
