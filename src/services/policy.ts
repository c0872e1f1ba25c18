/** Policies (shipped presets and local ones) and the rule table that picks one for an arrival. */
import { riskOf, type RiskArea } from '../domain/area.js';
import { jsonWhere } from '../domain/causes.js';
import { DuplicateError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { daysBetween, localDateTime, parseDate } from '../domain/dates.js';
import { CATEGORIES, categoriesOf, compareStrictness, parseSinceArrival, rulesInForce, rulesInForceAll, validatePolicy, type Category, type Policy, type RiskLevel, type Rule } from '../domain/policy.js';
import { checkJson } from '../domain/text.js';
import { readSmallText } from '../io/input.js';
import { reference } from '../io/reference.js';
import type { Store } from '../store/db.js';
import type { ArrivalRow } from '../store/arrivals.js';
import type { ServiceContext } from './context.js';

export function allPolicies(store: Store): Policy[] {
  const local = store.policies.policies().map((r) => ({ ...(JSON.parse(r.definition) as Policy), local: true }));
  return [...reference().presets.map((p) => ({ ...p, local: false })), ...local];
}

export function getPolicy(store: Store, id: string): Policy {
  const p = allPolicies(store).find((x) => x.id === id);
  if (!p) throw new NotFoundError({ field: 'policy', code: 'unknown_policy', params: { id } });
  return p;
}

/** A policy file is a few hundred bytes; anything past this is not one. */
export const POLICY_FILE_MAX = 1024 * 1024;

/** The definition in a JSON file (UTF-8, with or without BOM), not yet checked: what addPolicy takes. */
export function readPolicyFile(file: string): unknown {
  // a regular file of at most 1 MB (io/input.ts), every string in it through the input policy
  const text = readSmallText(file, POLICY_FILE_MAX);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`, `${file} 不是有效的 JSON${jsonWhere((err as Error).message)}`);
  }
  const refused = checkJson(value);
  if (refused) throw new ValidationError({ ...refused, field: `${file}: ${refused.field}` });
  return value;
}

/** Adds a local policy from its definition (what `policy add --file` read). */
export function addPolicy(store: Store, raw: unknown, ctx: ServiceContext): Policy {
  const { policy, problems } = validatePolicy(raw);
  if (!policy) throw new ValidationError(problems);
  if (allPolicies(store).some((p) => p.id === policy.id)) {
    throw new DuplicateError({ field: 'id', code: 'policy_exists', params: { id: policy.id } });
  }
  const at = localDateTime(ctx.now, ctx.tz);
  store.transaction(() => {
    store.policies.insertPolicy(policy.id, JSON.stringify(policy), at, ctx.actor);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'policy.add', record: `policy:${policy.id}`, after: policy });
  });
  return { ...policy, local: true };
}

/** The whole rule table: the shipped periods, then the local rows. */
export function ruleTable(store: Store): Rule[] {
  const local: Rule[] = store.policies.rules().map((r) => ({
    category: r.category,
    policy: r.policy_id,
    from: r.valid_from,
    source: r.note ?? `local (${r.created_by}, ${r.created_at.slice(0, 10)})`,
    local: true,
    ...(r.since_arrival ? { since_arrival: r.since_arrival } : {}),
  }));
  return [...reference().rules, ...local].sort((a, b) => (a.from === b.from ? Number(a.local) - Number(b.local) : a.from < b.from ? -1 : 1));
}

/** The rows in force on a date, by category (a category with since-arrival rows lists each). */
export function rulesOn(store: Store, date: string): Rule[] {
  const inForce = rulesInForceAll(ruleTable(store), date);
  return CATEGORIES.flatMap((c) => inForce.filter((r) => r.category === c));
}

export interface RuleInput {
  category: string;
  policy: string;
  from: string;
  note?: string;
  /** Only for arrivals this many days before being brought under management: '<14', '>=14'. */
  sinceArrival?: string;
}

/** Adds a local row to the rule table; `policy` 'none' means no measure for that category. */
export function setRule(store: Store, input: RuleInput, ctx: ServiceContext): Rule {
  if (!(CATEGORIES as readonly string[]).includes(input.category)) {
    throw new ValidationError({ field: 'category', code: 'enum', params: { value: input.category, allowed: CATEGORIES.join('|') } });
  }
  const from = parseDate(input.from);
  if (!from) throw new ValidationError({ field: 'from', code: 'date', params: { value: input.from } });
  let since: string | null = null;
  if (input.sinceArrival !== undefined) {
    since = parseSinceArrival(input.sinceArrival);
    if (!since) throw new ValidationError({ field: 'since_arrival', code: 'since_arrival', params: { value: input.sinceArrival } });
  }
  const policy = input.policy === 'none' ? null : getPolicy(store, input.policy).id;
  const at = localDateTime(ctx.now, ctx.tz);
  const rule: Rule = { category: input.category as Category, policy, from, source: input.note ?? `local (${ctx.actor}, ${at.slice(0, 10)})`, local: true, ...(since ? { since_arrival: since } : {}) };
  store.transaction(() => {
    store.policies.insertRule(rule.category, policy, from, input.note ?? null, at, ctx.actor, since);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'policy.rule', record: `rule:${rule.category}`, after: rule });
  });
  return rule;
}

/** One category that applies to an arrival, and what the rule table gives for it. */
export interface Reason {
  category: Category;
  rule: Rule | null;
  /** The policy of that rule, or null: no measure for this category. */
  policy: Policy | null;
}

export interface Choice {
  /** The category whose measure was chosen (the strictest), or the first that applies when none gives one. */
  category: Category;
  risk: RiskLevel;
  /** The risk area that set the level, if any. */
  area: RiskArea | null;
  rule: Rule | null;
  policy: Policy | null;
  /** Every category that applies (the contact type, then inbound or the origin's risk), each with its rule: the reasons. */
  reasons: Reason[];
  /** Days from the arrival to the day the person is brought under management (the rule table's since-arrival rows). */
  since_arrival: number;
}

/**
 * What the rule table says for an arrival: every category that applies (contact type; inbound,
 * else the origin's risk on the arrival date), each category's row on the arrival date, and the
 * strictest of their measures (DOMAIN.md: most days centralised, then at home, then in all; a
 * tie goes to the category listed first). `on` is the day the person is brought under
 * management (default: the arrival date): rows that depend on the days since arrival use it.
 * Reads the areas, rules and policies once, for choosing for many arrivals.
 */
export function policyChooser(store: Store): (arrival: ArrivalRow, on?: string) => Choice {
  const areas = store.areas.all();
  const rules = ruleTable(store);
  const policies = new Map(allPolicies(store).map((p) => [p.id, p]));
  const inbound = reference().inboundPrefixes;
  return (arrival, on) => {
    const { level, area } = riskOf(arrival.origin, areas, arrival.arrival_date);
    const since = on && on > arrival.arrival_date ? daysBetween(arrival.arrival_date, on) : 0;
    const inForce = rulesInForce(rules, arrival.arrival_date, since);
    const reasons: Reason[] = categoriesOf(arrival.contact_type, arrival.origin, level, inbound).map((category) => {
      const rule = inForce.get(category) ?? null;
      return { category, rule, policy: rule?.policy ? (policies.get(rule.policy) ?? null) : null };
    });
    let chosen = reasons[0];
    for (const r of reasons.slice(1)) if (compareStrictness(r.policy, chosen.policy) > 0) chosen = r;
    return { category: chosen.category, risk: level, area, rule: chosen.rule, policy: chosen.policy, reasons, since_arrival: since };
  };
}
