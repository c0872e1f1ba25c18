/** The verdict of one inspection, said loudly when the person may not pass. */
import { blocked, type Anomaly } from '../../domain/inspection.js';
import { valueLabel } from '../../domain/i18n.js';
import type { Logged } from '../../services/inspection.js';
import type { Ctx } from '../context.js';

export async function verdict(r: Logged, ctx: Ctx): Promise<string> {
  const { painter } = await import('../../io/render.js');
  const { maskIdNumber } = await import('../../io/mask.js');
  const paint = await painter(ctx.color);
  const who = [r.name, r.id_number ? (ctx.reveal ? r.id_number : maskIdNumber(r.id_number)) : null, r.vehicle].filter(Boolean).join(' ');
  const facts = [valueLabel('code', r.code, ctx.lang), r.temperature !== null ? `${r.temperature}℃` : null, r.passengers > 1 ? ctx.t(`${r.passengers}人`, `${r.passengers} people`) : null].filter(Boolean).join(' ');
  const anomalies = (r.anomalies as Anomaly[]).map((a) => valueLabel('anomaly', a, ctx.lang)).join(ctx.t('、', ', '));
  const act = valueLabel('action', r.action, ctx.lang);
  const lines: string[] = [];
  if (blocked(r.anomalies)) lines.push(paint.warn(ctx.t(`✘ 不得放行：${anomalies} → ${act}`, `✘ NOT LET THROUGH: ${anomalies} → ${act}`)) + `  ${who} ${facts}`);
  else if (r.anomalies.length) lines.push(paint.warn(ctx.t(`! 异常：${anomalies} → ${act}`, `! anomaly: ${anomalies} → ${act}`)) + `  ${who} ${facts}`);
  else lines.push(paint.good(ctx.t(`✔ ${act}`, `✔ ${act}`)) + `  ${who} ${facts}`);
  if (r.id_number) {
    if (r.arrival_id) lines.push(ctx.t(`  已关联报备 ${r.arrival_id}`, `  linked to arrival ${r.arrival_id}`));
    else lines.push(paint.warn(ctx.t('  未找到报备记录：请登记（不漏一人）', '  no arrival registered: register them (no one missed)')));
  }
  if (r.measure) lines.push(ctx.t(`  正在执行管控措施 ${r.measure.policy}${r.measure.flag === 'positive' ? '，核酸阳性待研判' : ''}`, `  under measure ${r.measure.policy}${r.measure.flag === 'positive' ? ', POSITIVE awaiting decision' : ''}`));
  return lines.join('\n') + '\n';
}
