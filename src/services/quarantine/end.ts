/**
 * Ending every running measure on the day a rule abolishes them all (2023-01-08, 乙类乙管: no
 * quarantine of contacts or of people entering). The rule is data: the rule table in force on
 * the date must give no measure for any category (data/rules.json, and the county's own rows);
 * on any other date it is refused. Each measure ends with the outcome "ended by rule" (status
 * released, end_kind 'rule', released_on the date), each audited; a dry run lists them.
 */
import { UsageError, ValidationError } from '../../domain/errors.js';
import { parseDate } from '../../domain/dates.js';
import { CATEGORIES, noMeasureRule, rulesInForce, type Rule } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import type { ServiceContext } from '../context.js';
import { ruleTable } from '../policy.js';

export interface EndedRow {
  measure_id: number;
  arrival_id: number;
  name: string;
  id_number: string;
  policy: string;
  start_date: string;
  /** The release date it had: planned, before the rule ended it. */
  planned_release_date: string;
  /** The day it ends: the date of the rule (the person is free that day). */
  released_on: string;
}

export interface EndAllResult {
  date: string;
  dry_run: boolean;
  /** The rule that ends every measure: its first day and its source. */
  rule: { from: string; source: string };
  reason: string;
  ended: EndedRow[];
}

/** The first day from which the rule table gives no measure at all, if it has one. */
export function firstNoMeasureDay(rules: Rule[]): string | null {
  const days = [...new Set(rules.map((r) => r.from))].sort();
  return days.find((d) => noMeasureRule(rules, d) !== null) ?? null;
}

/** The rule that ends every measure on `date`, or a one-line refusal naming the rule that still applies. */
export function endingRuleOn(store: Store, date: string): Rule {
  const rules = ruleTable(store);
  const rule = noMeasureRule(rules, date);
  if (rule) return rule;
  const inForce = rulesInForce(rules, date);
  const still = CATEGORIES.map((c) => inForce.get(c)).find((r) => r && r.policy !== null);
  const what = still ? `${still.category} → ${still.policy}` : 'no rule';
  const first = firstNoMeasureDay(rules);
  const hint = first ? { en: ` (the rule table ends every measure from ${first})`, zh: `（规则表自 ${first} 起终止全部措施）` } : { en: '', zh: '' };
  throw new UsageError(
    `on ${date} the rule table still gives a measure (${what}): quarantine end --all is only for a day from which no measure applies${hint.en}; nothing was changed`,
    `${date} 规则表仍有管控措施（${what}）：quarantine end --all 只用于规定不再实施任何管控措施之日${hint.zh}；未做任何更改`,
  );
}

/**
 * A new measure is refused, in one line naming the rule, when it would start on a day from which
 * the rule table gives no measure at all, or is assigned on such a day (2023-01-08 on), even with
 * --policy: the rule ended quarantine.
 */
export function noMeasureAfterRule(rules: Rule[], start: string | null, today: string): void {
  const byStart = start !== null && start > today;
  const day = byStart ? start : today;
  const rule = noMeasureRule(rules, day);
  if (!rule) return;
  const starts = start !== null && noMeasureRule(rules, start) !== null;
  throw new UsageError(
    `no new measure from ${rule.from} (${rule.source}): ${starts ? `the measure would start on ${start}` : `assigned on ${today}`}; nothing was written`,
    `自 ${rule.from} 起不再实施管控措施（${rule.source}）：${starts ? `该措施开始于 ${start}` : `今天是 ${today}`}，不能分配新措施；未写入`,
  );
}

/**
 * Ends, on `date`, every measure still running (active, not over before the date; one that has
 * not begun yet too), when the rule table of the date gives no measure at all.
 */
export function endAll(store: Store, opts: { date?: string; reason: string; dryRun: boolean }, ctx: ServiceContext): EndAllResult {
  const reason = (opts.reason ?? '').trim();
  if (!reason) throw new ValidationError({ field: 'reason', code: 'required' });
  if (reason.length > 200) throw new ValidationError({ field: 'reason', code: 'too_long', params: { max: 200 } });
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  const rule = endingRuleOn(store, date);
  const why = `${reason} (${rule.from}: ${rule.source})`;
  const run = (): EndedRow[] => {
    const rows: EndedRow[] = [];
    for (const m of store.measures.runningAfter(date)) {
      if (!opts.dryRun && !store.measures.endByRule(m.id, date, why)) continue;
      const a = store.arrivals.get(m.arrival_id)!;
      rows.push({ measure_id: m.id, arrival_id: m.arrival_id, name: a.name, id_number: a.id_number, policy: m.policy_id, start_date: m.start_date, planned_release_date: m.release_date, released_on: date });
      if (!opts.dryRun) {
        store.audit.write({
          at: ctx.now,
          actor: ctx.actor,
          action: 'measure.end',
          record: `measure:${m.id}`,
          before: { status: m.status, policy: m.policy_id, release_date: m.release_date },
          after: { outcome: 'ended_by_rule', released_on: date, reason, rule: `${rule.from} ${rule.source}` },
        });
      }
    }
    return rows;
  };
  const ended = opts.dryRun ? run() : store.transaction(run);
  return { date, dry_run: opts.dryRun, rule: { from: rule.from, source: rule.source }, reason, ended };
}
