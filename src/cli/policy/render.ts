/** View builders of the policy noun: a policy, the rule table; pure functions. */
import { valueLabel, type Lang, type T } from '../../domain/i18n.js';
import type { Policy, Rule } from '../../domain/policy.js';
import type { Column, View } from '../../io/output.js';

/** What a view builder needs of the context: the user's language. */
export interface Words {
  t: T;
  lang: Lang;
}

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

const HEAD_COLUMNS: Column[] = [{ key: 'id' }, { key: 'policy_name' }, { key: 'who' }, { key: 'anchor', enumField: 'anchor' }, { key: 'source' }, { key: 'in_force_from' }, { key: 'local' }];
const PHASE_COLUMNS: Column[] = [{ key: 'phase', enumField: 'phase' }, { key: 'days' }, { key: 'tests' }];

/** One policy: the definition for programs; its head and a line per phase for people. */
export function policyView(p: Policy, { t, lang }: Words): View {
  const head = { id: p.id, policy_name: p.name[lang], who: p.who?.[lang] ?? '', anchor: p.anchor ?? '', source: p.source, in_force_from: p.in_force_from, local: p.local ? t('是', 'yes') : '' };
  const rows = p.phases.length
    ? p.phases.map((ph) => ({ phase: ph.kind, days: ph.days, tests: ph.tests.join(', ') }))
    : [{ phase: '', days: '', tests: (p.tests ?? []).join(', ') }];
  return { kind: 'document', data: p, blocks: [{ record: head, columns: HEAD_COLUMNS }, { list: rows, columns: PHASE_COLUMNS }] };
}

const RULE_COLUMNS: Column[] = [{ key: 'from' }, { key: 'category' }, { key: 'policy' }, { key: 'source' }, { key: 'local' }];
const RULE_SCREEN: Column[] = [{ key: 'from', label: 'valid_from' }, { key: 'category', enumField: 'category' }, { key: 'policy_text', label: 'policy' }, { key: 'source_text', label: 'source' }];

/** Rows of the rule table; on screen "(none)" for no measure and "local: " before a local source. */
export function rulesView(rules: Rule[], { t }: Words): View {
  // a row for arrivals some days before being brought under management says so (seed 001: <14, >=14)
  const since = (r: Rule) => (r.since_arrival ? t(`（抵达${r.since_arrival}天）`, ` (arrived ${r.since_arrival} d)`) : '');
  const rows = rules.map((r) => ({ ...r, policy_text: (r.policy ?? t('（无措施）', '(none)')) + since(r), source_text: r.local ? `${t('本地：', 'local: ')}${r.source}` : r.source }));
  return { kind: 'list', rows, columns: RULE_COLUMNS, screen: RULE_SCREEN };
}
