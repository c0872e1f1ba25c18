/** fangkong quarantine show — a person's measure: phases, test dates, release date, history. */
import { Command } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import type { Block, View } from '../../io/output.js';
import type { QuarantineView } from '../../services/quarantine/show.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import type { Words } from './render.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('show')
    .description(t('查看一个人的管控措施：各阶段日期、检测日、解除日期和变更历史', "show a person's measure: phases, test dates, release date, history"))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .addHelpText('after', examples(cli, 'fangkong quarantine show 11010519491231002X'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: ([who]) => ({ who }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<QuarantineView> {
  const { quarantineShow } = await import('../../services/quarantine/show.js');
  return quarantineShow(await ctx.openStore(), opts.who, ctx);
}

export function view(v: QuarantineView, ctx: Ctx): View {
  return { kind: 'document', data: v, blocks: measureBlocks(v, ctx) };
}

function todayLine(v: QuarantineView, { t, lang }: Words): string {
  const d = v.today.date;
  if (v.today.state === 'in' && v.today.phase) return t(`今天（${d}）：${valueLabel('phase', v.today.phase, lang)}第${v.today.phase_day}天`, `today (${d}): day ${v.today.phase_day} of ${valueLabel('phase', v.today.phase, lang)}`);
  if (v.today.state === 'before') return t(`今天（${d}）：尚未开始`, `today (${d}): not started`);
  if (v.today.state === 'before_arrival') return t(`今天（${d}）：尚未抵达（${v.arrival_date} 抵达，此前的天数不计应检）`, `today (${d}): not arrived yet (arrives ${v.arrival_date}; no test is due before)`);
  if (v.today.state === 'over') return t(`今天（${d}）：${valueLabel('status', v.status, lang)}`, `today (${d}): ${valueLabel('status', v.status, lang)}`);
  return t(`今天（${d}）：无隔离阶段`, `today (${d}): no phase`);
}

/** A test date, marked when it falls before the arrival (shown, never due). */
function testDay(d: string, v: QuarantineView, t: Words['t']): string {
  return d < v.arrival_date ? t(`${d.slice(5)}（抵达前）`, `${d.slice(5)} (before arrival)`) : d.slice(5);
}

/** The measure for people: who, policy and its one status, place, today, positives, the phases with their test days, release, history. */
export function measureBlocks(v: QuarantineView, w: Words): Block[] {
  const { t, lang } = w;
  const tests = new Set(v.test_dates);
  const phases = (v.phases ?? []).map((p) => ({
    phase: p.kind,
    start: p.start,
    end: p.end < v.arrival_date ? t(`${p.end}（抵达前）`, `${p.end} (before arrival)`) : p.end,
    tests: [...tests].filter((d) => d >= p.start && d <= p.end).map((d) => testDay(d, v, t)).join(' '),
  }));
  // a centralised measure with no placement waits for a site (待安排隔离点)
  const unplaced = (v.phases ?? []).some((p) => p.kind === 'centralized') ? t('待安排隔离点', 'awaiting a site') : t('待安排', 'not placed');
  const place = (v.placements ?? []).map((p) => `${p.from} ${p.site ?? t('居家', 'home')}`).join('; ') || unplaced;
  const status = valueLabel('status', v.status, lang);
  const blocks: Block[] = [
    { text: `${v.name}（${v.id_number}），${t('报备', 'arrival')} ${v.arrival_id}，${v.origin}，${t('抵达', 'arrived')} ${v.arrival_date}` },
    { text: t(`措施：${v.policy}（${status}）；依据：${v.rule}`, `policy: ${v.policy} (${status}); chosen by: ${v.rule}`) },
    { text: t(`地点：${place}`, `place: ${place}`) },
    { text: todayLine(v, w) },
  ];
  if (v.tests_before_arrival?.length) {
    blocks.push({ text: t(`抵达前的检测日（不计应检）：${v.tests_before_arrival.join('、')}`, `test days before the arrival (never due): ${v.tests_before_arrival.join(', ')}`) });
  }
  for (const p of v.positives ?? []) {
    if (!p.decision) blocks.push({ text: t(`⚠ 核酸阳性（${p.test_date}），待研判处置`, `⚠ POSITIVE test (${p.test_date}): awaiting the official's decision`), tone: 'warn' });
    else {
      const d = valueLabel('decision', p.decision, lang);
      blocks.push({ text: t(`核酸阳性（${p.test_date}）：${d}，${p.decided_on}：${p.note ?? ''}`, `positive test (${p.test_date}): ${d}, ${p.decided_on}: ${p.note ?? ''}`), tone: p.decision === 'false_positive' ? undefined : 'warn' });
    }
  }
  if (v.flag === 'positive' && !(v.positives ?? []).length) blocks.push({ text: t(`⚠ 核酸阳性（${v.flagged_on}），待研判处置`, `⚠ POSITIVE test (${v.flagged_on}): awaiting the official's decision`), tone: 'warn' });
  blocks.push(
    phases.length
      ? { list: phases, columns: [{ key: 'phase', enumField: 'phase' }, { key: 'start', label: 'start_date' }, { key: 'end' }, { key: 'tests', label: 'test_dates' }] }
      : { text: t(`核酸检测：${v.test_dates.map((d) => testDay(d, v, t)).join('、')}`, `tests: ${v.test_dates.map((d) => testDay(d, v, t)).join(', ')}`) },
  );
  const endWord = v.status === 'ended_by_rule' ? t('终止日期', 'ended') : v.status === 'transferred' ? t('转运日期', 'transferred') : t('解除日期', 'release');
  if (v.cancelled_on && v.status === 'cancelled') {
    // void, not released: no release date to show
    blocks.push({ text: t(`已撤销：自 ${v.cancelled_on} 起不再在管（${v.cancel_reason}；分配有误，不计为解除）`, `cancelled: off the books from ${v.cancelled_on} (${v.cancel_reason}; assigned in error, not a release)`) });
  } else blocks.push({
    text: v.released_on
      ? t(`${endWord}：${v.release_date}（${v.release_reason}；原定 ${v.planned_release_date}）`, `${endWord}: ${v.release_date} (${v.release_reason}; planned ${v.planned_release_date})`)
      : t(`解除日期：${v.release_date}`, `release: ${v.release_date}`),
  });
  if (v.history.length > 1) {
    // the blank line before the history is part of its heading: renderBlocks drops empty text blocks
    blocks.push({ text: '\n' + t('历史：', 'history:') });
    for (const h of v.history) blocks.push({ text: `  #${h.measure_id} ${h.policy} ${h.start_date} → ${h.release_date} ${valueLabel('status', h.status, lang)}${h.in_force_from ? ` (${t('自', 'from')} ${h.in_force_from})` : ''}` });
  }
  return blocks;
}
