import type { Lang } from '../../domain/i18n.js';
import { valueLabel } from '../../domain/i18n.js';
import type { Policy } from '../../domain/policy.js';

/** "5 d centralised (tests 1,2,3,5) + 3 d home quarantine (tests 1,3)" in the user's language. */
export function phasesText(p: Policy, lang: Lang): string {
  if (p.phases.length === 0) {
    return lang === 'zh' ? `无隔离，第 ${(p.tests ?? []).join('、')} 天检测` : `no quarantine, tests on days ${(p.tests ?? []).join(', ')}`;
  }
  return p.phases
    .map((ph) =>
      lang === 'zh'
        ? `${ph.days}天${valueLabel('phase', ph.kind, lang)}（第${ph.tests.join('、')}天检测）`
        : `${ph.days} d ${valueLabel('phase', ph.kind, lang)} (tests on days ${ph.tests.join(', ')})`,
    )
    .join(' + ');
}
