/** View builders of the quarantine noun: a schedule and an assignment as blocks, pure functions. */
import { valueLabel, type Lang, type T } from '../../domain/i18n.js';
import type { Block } from '../../io/output.js';
import type { Assignment } from '../../services/quarantine/assign.js';

/** What a view builder needs of the context: the user's language. */
export interface Words {
  t: T;
  lang: Lang;
}

function mmdd(d: string): string {
  return d.slice(5);
}

/** A line per phase with its dates and test days; a line of test dates when there is no phase. */
export function scheduleBlock(a: Pick<Assignment, 'phases' | 'test_dates'> & { arrival_date?: string }, { t }: Words): Block {
  const before = (d: string) => (a.arrival_date && d < a.arrival_date ? t('，抵达前', ', before arrival') : '');
  if (a.phases.length === 0) {
    return { text: t(`无隔离阶段；核酸检测：${a.test_dates.join('、')}`, `no quarantine phase; tests on ${a.test_dates.join(', ')}`) };
  }
  const rows = a.phases.map((p) => ({
    phase: p.kind,
    start: p.start,
    end: p.end,
    days: p.days,
    tests: p.tests.map((x) => t(`${mmdd(x.date)}（第${x.day}天${before(x.date)}）`, `${mmdd(x.date)} (day ${x.day}${before(x.date)})`)).join(' '),
  }));
  return { list: rows, columns: [{ key: 'phase', enumField: 'phase' }, { key: 'start', label: 'start_date' }, { key: 'end' }, { key: 'days' }, { key: 'tests', label: 'test_dates' }] };
}

/** A centralised phase without a site: said, with how to give one. */
export function awaitingSiteLine(a: Pick<Assignment, 'arrival_id'>, { t }: Words): Block {
  return {
    text: t(
      `隔离点：待安排隔离点（集中隔离尚未指定隔离点；安排：fangkong quarantine transfer ${a.arrival_id} --site 隔离点名称）`,
      `site: awaiting a site (centralised, no site given yet; to give one: fangkong quarantine transfer ${a.arrival_id} --site NAME)`,
    ),
    tone: 'warn',
  };
}

/** An assignment (already masked) for people: who, which policy and why, the schedule, the release date. */
export function assignmentBlocks(a: Assignment, w: Words): Block[] {
  const { t, lang } = w;
  const who = `${a.name}（${a.id_number}），${t('报备', 'arrival')} ${a.arrival_id}`;
  const cat = `${valueLabel('category', a.category, lang)}${a.risk_area ? ` · ${a.risk_area}` : ''}`;
  const chosen = { text: t(`类别：${cat}；依据：${a.chosen_by}`, `category: ${cat}; chosen by: ${a.chosen_by}`) };
  // several categories at once: each one and what it gives; the strictest was chosen (issue 24)
  // (a low-risk origin beside another category is no reason of its own: it is said only when it is the one chosen)
  const others = (a.reasons ?? []).filter((r) => (r.category !== a.category || a.chosen_by === '--policy') && r.category !== 'low');
  const reasons = others.length
    ? [{ text: t(
        `同时适用：${others.map((r) => `${valueLabel('category', r.category, lang)} → ${r.policy ?? '无措施'}（${r.rule}）`).join('；')}${a.chosen_by === '--policy' ? '' : '；取最严者'}`,
        `also applies: ${others.map((r) => `${valueLabel('category', r.category, lang)} → ${r.policy ?? 'none'} (${r.rule})`).join('; ')}${a.chosen_by === '--policy' ? '' : '; the strictest is taken'}`,
      ) }]
    : [];
  if (!a.assigned) return [{ text: t(`${who}：按规则无需管控措施`, `${who}: no measure applies`) }, chosen, ...reasons];
  const basis = {
    given: t('指定', 'given'),
    exposure: t('末次暴露次日', 'day after last exposure'),
    arrival: t('抵达日期', 'arrival date'),
    entry: t('入境日期，口岸已隔离的天数照算', 'entry date: the days at the port count'),
    left_area: t('离开风险区之日', 'day left the risk area'),
    managed: t('纳入管理之日', 'day brought under management'),
  }[a.start_basis ?? 'given'];
  return [
    { text: t(`已分配：${who}`, `assigned: ${who}`) },
    { text: t(`措施：${a.policy} ${a.policy_name?.zh ?? ''}`, `policy: ${a.policy} ${a.policy_name?.en ?? ''}`) },
    chosen,
    ...reasons,
    { text: t(`开始：${a.start_date}（${basis}）`, `start: ${a.start_date} (${basis})`) },
    ...(a.backdate_reason
      ? [{ text: t(`补录：措施整段在抵达或分配之前，按指定日期记录（原因：${a.backdate_reason}，已记入审计）`, `backdated: the measure lies wholly before the arrival or the assignment, recorded on these dates (reason: ${a.backdate_reason}, audited)`), tone: 'warn' as const }]
      : []),
    ...(a.in_force_from
      ? [{ text: t(`${a.in_force_from} 抵达：抵达前的天数照算，检测日不计应检`, `arrives ${a.in_force_from}: the days before count, their tests are never due`) }]
      : []),
    ...(a.site ? [{ text: t(`隔离点：${a.site}`, `site: ${a.site}`) }] : []),
    ...(a.home ? [{ text: t('地点：居家', 'place: home') }] : []),
    ...(a.awaiting_site ? [awaitingSiteLine(a, w)] : []),
    scheduleBlock(a, w),
    { text: t(`解除日期：${a.release_date}`, `release: ${a.release_date}`) },
  ];
}
