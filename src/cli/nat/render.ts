/** View builder for the follow-up lists of `test due` and `test overdue`. */
import { valueLabel } from '../../domain/i18n.js';
import type { Column, View } from '../../io/output.js';
import type { FollowUp } from '../../services/testing.js';
import type { Ctx } from '../context.js';

/** Every field, in JSON and CSV. */
const COLUMNS: Column[] = ['test_date', 'arrival_id', 'measure_id', 'name', 'id_number', 'phone', 'where', 'township', 'policy_id', 'phase_kind', 'day', 'result', 'state', 'done', 'pending', 'positive', 'decision'].map((key) => ({ key }));

/** On screen: which day of which phase in words, the result in words, positives flagged. */
const SCREEN: Column[] = [
  { key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'phone' }, { key: 'where' },
  { key: 'day_words', label: 'day' }, { key: 'result_words', label: 'result' }, { key: 'positive_flag', label: 'flag' },
];

/** The flag: a positive awaiting decision, or what was decided. */
function flagWords(r: FollowUp, ctx: Pick<Ctx, 't' | 'lang'>): string {
  const decision = r.flag_decision ?? r.decision;
  if (r.positive && !decision) return ctx.t('⚠ 阳性待研判', '⚠ POSITIVE');
  if (decision === 'false_positive') return r.result === 'positive' ? valueLabel('decision', decision, ctx.lang) : '';
  if (decision) return `⚠ ${valueLabel('decision', decision, ctx.lang)}`;
  return '';
}

/** The follow-up list: who, where, which day of which phase, done or not, positives flagged. */
export function followUpView(rows: FollowUp[], ctx: Pick<Ctx, 't' | 'lang'>, o: { withDate: boolean; tally: string }): View {
  const shown = rows.map((r) => ({
    ...r,
    day_words: r.phase_kind ? ctx.t(`${valueLabel('phase', r.phase_kind, ctx.lang)}第${r.day}天`, `day ${r.day} of ${valueLabel('phase', r.phase_kind, ctx.lang)}`) : ctx.t(`第${r.day}次`, `test ${r.day}`),
    // pending: sampled, awaiting the result
    result_words: r.result === 'pending' ? valueLabel('state', 'pending', ctx.lang) : valueLabel('result', r.result, ctx.lang),
    positive_flag: flagWords(r, ctx),
  }));
  return { kind: 'list', rows: shown, columns: COLUMNS, screen: o.withDate ? [{ key: 'test_date' }, ...SCREEN] : SCREEN, tally: o.tally };
}
