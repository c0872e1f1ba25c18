import type { FollowUp } from '../../services/testing.js';
import type { Ctx } from '../context.js';

/** The follow-up list: who, where, which day of which phase, done or not, positives flagged. */
export async function renderFollowUps(rows: FollowUp[], ctx: Ctx, out: string | undefined, withDate: boolean): Promise<void> {
  const { renderList } = await import('../../io/render.js');
  const { maskRow } = await import('../../io/mask.js');
  const { valueLabel } = await import('../../domain/i18n.js');
  const { emit } = await import('../command.js');
  const format = ctx.listFormat();
  const masked = ctx.reveal ? rows : rows.map(maskRow);
  if (format === 'json' || format === 'csv') {
    const columns = ['test_date', 'arrival_id', 'measure_id', 'name', 'id_number', 'phone', 'where', 'township', 'policy_id', 'phase_kind', 'day', 'result', 'done', 'positive'].map((key) => ({ key }));
    return emit(ctx, await renderList(masked, columns, { format, lang: ctx.lang, color: ctx.color }), out);
  }
  const shown = masked.map((r) => ({
    ...r,
    day: r.phase_kind ? ctx.t(`${valueLabel('phase', r.phase_kind, ctx.lang)}第${r.day}天`, `day ${r.day} of ${valueLabel('phase', r.phase_kind, ctx.lang)}`) : ctx.t(`第${r.day}次`, `test ${r.day}`),
    result: r.result ? valueLabel('result', r.result, ctx.lang) : '',
    flag: r.positive ? ctx.t('⚠ 阳性待研判', '⚠ POSITIVE') : '',
  }));
  const columns = [
    ...(withDate ? [{ key: 'test_date' }] : []),
    { key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'phone' }, { key: 'where' }, { key: 'day' }, { key: 'result' }, { key: 'flag' },
  ];
  await emit(ctx, await renderList(shown, columns, { format, lang: ctx.lang, color: ctx.color }), out);
}
