/** View builders for inspections: the verdict of one, said loudly when the person may not pass. */
import { blocked } from '../../domain/inspection.js';
import { valueLabel } from '../../domain/i18n.js';
import type { Block, View } from '../../io/output.js';
import type { Logged } from '../../services/inspection.js';
import type { Ctx } from '../context.js';

type Words = Pick<Ctx, 't' | 'lang'>;

/** The verdict, line by line: may they pass (and why not), who, then their arrival and their measure. */
export function verdictBlocks(r: Logged, ctx: Words): Block[] {
  const who = [r.name, r.id_number, r.vehicle].filter(Boolean).join(' ');
  const facts = [valueLabel('code', r.code, ctx.lang), r.temperature !== null ? `${r.temperature}℃` : null, r.passengers > 1 ? ctx.t(`${r.passengers}人`, `${r.passengers} people`) : null]
    .filter(Boolean)
    .join(' ');
  const anomalies = r.anomalies.map((a) => valueLabel('anomaly', a, ctx.lang)).join(ctx.t('、', ', '));
  const act = valueLabel('action', r.action, ctx.lang);
  const tail = `  ${who} ${facts}`;
  const blocks: Block[] = [];
  if (blocked(r.anomalies)) blocks.push({ text: ctx.t(`✘ 不得放行：${anomalies} → ${act}`, `✘ NOT LET THROUGH: ${anomalies} → ${act}`) + tail, tone: 'warn' });
  else if (r.anomalies.length) blocks.push({ text: ctx.t(`! 异常：${anomalies} → ${act}`, `! anomaly: ${anomalies} → ${act}`) + tail, tone: 'warn' });
  else blocks.push({ text: `✔ ${act}` + tail, tone: 'good' });
  if (r.id_number) {
    if (r.arrival_id) blocks.push({ text: ctx.t(`  已关联报备 ${r.arrival_id}`, `  linked to arrival ${r.arrival_id}`) });
    else blocks.push({ text: ctx.t('  未找到报备记录：请登记（不漏一人）', '  no arrival registered: register them (no one missed)'), tone: 'warn' });
  }
  if (r.measure) {
    blocks.push({
      text: ctx.t(`  正在执行管控措施 ${r.measure.policy}${r.measure.flag === 'positive' ? '，核酸阳性待研判' : ''}`, `  under measure ${r.measure.policy}${r.measure.flag === 'positive' ? ', POSITIVE awaiting decision' : ''}`),
    });
  }
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

