/** View builders for inspections: the verdict of one, said loudly when the person may not pass, and why. */
import { valueLabel } from '../../domain/i18n.js';
import { stopping } from '../../domain/inspection.js';
import type { Block, View } from '../../io/output.js';
import type { Logged } from '../../services/inspection.js';
import type { Ctx } from '../context.js';

type Words = Pick<Ctx, 't' | 'lang'>;

/** Where the person is in their measure that day: "集中隔离第3天（close-contact-5+3），隔离点：县委党校隔离点". */
function phaseText(r: Logged, { t, lang }: Words): string | null {
  const p = r.register?.phase;
  if (!p) return null;
  const phase = valueLabel('phase', p.kind, lang);
  const site = p.site ? t(`，隔离点：${p.site}`, `, site: ${p.site}`) : '';
  return t(`${phase}第${p.day}天（${p.policy}）${site}`, `day ${p.day} of ${phase} (${p.policy})${site}`);
}

/** What the action means for this person: back to which site, or home at which address. */
function actionText(r: Logged, { t, lang }: Words): string {
  const act = valueLabel('action', r.suggested_action, lang);
  if (r.suggested_action === 'return') {
    const p = r.register?.phase;
    if (p?.kind === 'centralized') return t(`送返隔离点${p.site ? ` ${p.site}` : ''}`, `return to the quarantine site${p.site ? ` ${p.site}` : ''}`);
    return t(`送返居家${r.address ? `（${r.address}）` : ''}`, `return home${r.address ? ` (${r.address})` : ''}`);
  }
  if (r.suggested_action === 'transfer') return t('转运至定点医院', 'transfer to the designated hospital');
  return act;
}

function notifyText(r: Logged, { t, lang }: Words): string {
  return r.notify.map((n) => (n === 'township' && r.township ? t(`通知${r.township}`, `notify ${r.township}`) : valueLabel('notify', n, lang))).join(t('，', ', '));
}

/** The verdict, line by line: may they pass (and why not), who, then what to do, their arrival and their measure. */
export function verdictBlocks(r: Logged, ctx: Words): Block[] {
  const { t, lang } = ctx;
  const who = [r.name, r.id_number, r.vehicle].filter(Boolean).join(' ');
  const facts = [valueLabel('code', r.code, lang), r.temperature !== null ? `${r.temperature}℃` : null, r.passengers > 1 ? t(`${r.passengers}人`, `${r.passengers} people`) : null]
    .filter(Boolean)
    .join(' ');
  const anomalies = r.anomalies.map((a) => valueLabel('anomaly', a, lang)).join(t('、', ', '));
  const act = valueLabel('action', r.suggested_action, lang);
  const tail = `  ${who} ${facts}`;
  const blocks: Block[] = [];
  // at a station, airport or port someone under monitoring is stopped only from boarding
  const boarding = r.verdict === 'stop' && stopping(r.anomalies).length === 0;
  if (r.verdict === 'stop' && boarding) blocks.push({ text: t(`✘ 不得乘坐公共交通：${anomalies} → ${act}`, `✘ NO PUBLIC TRANSPORT: ${anomalies} → ${act}`) + tail, tone: 'warn' });
  else if (r.verdict === 'stop') blocks.push({ text: t(`✘ 不得放行：${anomalies} → ${act}`, `✘ NOT LET THROUGH: ${anomalies} → ${act}`) + tail, tone: 'warn' });
  else if (r.verdict === 'restricted') blocks.push({ text: t(`! 限制外出：${anomalies} → ${act}`, `! restricted: ${anomalies} → ${act}`) + tail, tone: 'warn' });
  else if (r.verdict === 'refer') blocks.push({ text: t(`! 异常：${anomalies} → ${act}`, `! anomaly: ${anomalies} → ${act}`) + tail, tone: 'warn' });
  else blocks.push({ text: `✔ ${act}` + tail, tone: 'good' });

  // why, in words: what the register knows, and what to do about it
  const pos = r.register?.positive;
  if (pos) {
    const state = pos.decision ? valueLabel('decision', pos.decision, lang) : t('待研判', 'awaiting decision');
    blocks.push({ text: t(`  核酸阳性（${pos.test_date}，${state}）：${actionText(r, ctx)}`, `  positive test (${pos.test_date}, ${state}): ${actionText(r, ctx)}`), tone: 'warn' });
  }
  const phase = phaseText(r, ctx);
  if (phase && r.suggested_action === 'return') blocks.push({ text: `  ${phase}${t('：', ': ')}${actionText(r, ctx)}`, tone: 'warn' });
  else if (phase) blocks.push({ text: r.checks?.measures === false ? `  ${phase}${t('（管控措施已按规定终止，不因此拦截）', ' (measures ended by rule: not stopped for it)')}` : `  ${phase}` });
  const o = r.origin_facts;
  if (o) {
    const why = valueLabel('category', o.category, lang) + (o.risk_area ? ` ${o.risk_area}` : '');
    const from = o.place ?? o.origin;
    blocks.push({
      text: t(
        `  来自 ${from}（${why}）：应执行 ${o.policy.name.zh}（${o.policy.id}），转交属地管控`,
        `  from ${from} (${why}): ${o.policy.name.en} (${o.policy.id}) applies; the township takes them over`,
      ),
      tone: 'warn',
    });
  }
  if (r.restrictions.length) blocks.push({ text: `  ${r.restrictions.map((x) => valueLabel('restriction', x, lang)).join(t('；', '; '))}`, tone: r.verdict === 'stop' ? 'warn' : undefined });
  if (r.notify.length) blocks.push({ text: `  ${notifyText(r, ctx)}`, tone: 'warn' });
  if (r.action !== r.suggested_action) {
    const done = valueLabel('action', r.action, lang);
    blocks.push({ text: t(`  处置改为 ${done}：${r.override_reason ?? '（纸质表补录）'}（已记入审计）`, `  action taken instead: ${done}: ${r.override_reason ?? '(from a paper form)'} (audited)`) });
  }
  const cleared = r.register?.cleared;
  if (cleared) blocks.push({ text: t(`  核酸阳性（${cleared.test_date}）已复检排除：${cleared.note ?? ''}`, `  positive test (${cleared.test_date}) ruled out on retest: ${cleared.note ?? ''}`) });

  if (r.id_number) {
    if (r.confirmed_arrival) blocks.push({ text: t(`  已确认提前报备 ${r.confirmed_arrival}：今日抵达（${r.inspected_date}）`, `  confirmed arrival ${r.confirmed_arrival} registered in advance: arrived today (${r.inspected_date})`) });
    else if (r.arrival_id) blocks.push({ text: t(`  已关联报备 ${r.arrival_id}`, `  linked to arrival ${r.arrival_id}`) });
    else blocks.push({ text: t('  未找到报备记录：请登记（不漏一人）', '  no arrival registered: register them (no one missed)'), tone: 'warn' });
  }
  if (r.measure && !phase) blocks.push({ text: t(`  正在执行管控措施 ${r.measure.policy}`, `  under measure ${r.measure.policy}`) });
  return blocks;
}

/** The first line of the verdict: what a script's operator sees on stderr when an inspection is an anomaly. */
export function verdictHeadline(r: Logged, ctx: Words): string {
  return (verdictBlocks(r, ctx)[0] as { text: string }).text;
}

/** One inspection: the record for programs, the verdict for people. */
export function verdictView(r: Logged, ctx: Words): View {
  return { kind: 'document', data: r, blocks: verdictBlocks(r, ctx) };
}
