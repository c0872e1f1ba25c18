/** Policies (shipped presets and local ones) and the rule table that picks one for an arrival. */
import { riskOf, type RiskArea } from '../domain/area.js';
import { jsonWhere } from '../domain/causes.js';
import { DuplicateError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { localDateTime, parseDate } from '../domain/dates.js';
import { CATEGORIES, categoryOf, rulesInForce, validatePolicy, type Category, type Policy, type RiskLevel, type Rule } from '../domain/policy.js';
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
  }));
  return [...reference().rules, ...local].sort((a, b) => (a.from === b.from ? Number(a.local) - Number(b.local) : a.from < b.from ? -1 : 1));
}

export function rulesOn(store: Store, date: string): Rule[] {
  const inForce = rulesInForce(ruleTable(store), date);
  return CATEGORIES.map((c) => inForce.get(c)).filter((r): r is Rule => r !== undefined);
}

export interface RuleInput {
  category: string;
  policy: string;
  from: string;
  note?: string;
}

/** Adds a local row to the rule table; `policy` 'none' means no measure for that category. */
export function setRule(store: Store, input: RuleInput, ctx: ServiceContext): Rule {
  if (!(CATEGORIES as readonly string[]).includes(input.category)) {
    throw new ValidationError({ field: 'category', code: 'enum', params: { value: input.category, allowed: CATEGORIES.join('|') } });
  }
  const from = parseDate(input.from);
  if (!from) throw new ValidationError({ field: 'from', code: 'date', params: { value: input.from } });
  const policy = input.policy === 'none' ? null : getPolicy(store, input.policy).id;
  const at = localDateTime(ctx.now, ctx.tz);
  const rule: Rule = { category: input.category as Category, policy, from, source: input.note ?? `local (${ctx.actor}, ${at.slice(0, 10)})`, local: true };
  store.transaction(() => {
    store.policies.insertRule(rule.category, policy, from, input.note ?? null, at, ctx.actor);
    store.audit.write({ at: ctx.now, actor: ctx.actor, action: 'policy.rule', record: `rule:${rule.category}`, after: rule });
  });
  return rule;
}

export interface Choice {
  category: Category;
  risk: RiskLevel;
  /** The risk area that set the level, if any. */
  area: RiskArea | null;
  rule: Rule | null;
  policy: Policy | null;
}

/**
 * What the rule table says for an arrival: contact type × origin risk on the arrival date.
 * Reads the areas, rules and policies once, for choosing for many arrivals.
 */
export function policyChooser(store: Store): (arrival: ArrivalRow) => Choice {
  const areas = store.areas.all();
  const rules = ruleTable(store);
  const policies = new Map(allPolicies(store).map((p) => [p.id, p]));
  const inbound = reference().inboundPrefixes;
  return (arrival) => {
    const { level, area } = riskOf(arrival.origin, areas, arrival.arrival_date);
    const category = categoryOf(arrival.contact_type, arrival.origin, level, inbound);
    const rule = rulesInForce(rules, arrival.arrival_date).get(category) ?? null;
    const policy = rule?.policy ? (policies.get(rule.policy) ?? null) : null;
    return { category, risk: level, area, rule, policy };
  };
}
