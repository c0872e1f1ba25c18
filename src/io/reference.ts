/**
 * The reference data shipped in data/: policy presets and the default rule table.
 * Read once per process; a broken file is a failure of the installation, said plainly.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zhCause } from '../domain/causes.js';
import { StoreError } from '../domain/errors.js';
import type { CountryTable } from '../domain/document.js';
import { CATEGORIES, validatePolicy, type Category, type Policy, type Rule } from '../domain/policy.js';

export interface Reference {
  presets: Policy[];
  rules: Rule[];
  inboundPrefixes: string[];
}

let cached: Reference | null = null;

export function dataFile(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

function readJson(name: string): unknown {
  const file = dataFile(name);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StoreError(`cannot read reference data ${file}: ${(err as Error).message}`, `无法读取参考数据 ${file}：${zhCause(err)}`);
  }
}

export function reference(): Reference {
  if (cached) return cached;
  const p = readJson('policies.json') as { presets: unknown[] };
  const presets = p.presets.map((raw) => {
    const { policy, problems } = validatePolicy(raw);
    if (!policy) {
      const id = (raw as { id?: string }).id;
      const listed = problems.map((x) => `${x.field} ${x.code}`);
      throw new StoreError(`data/policies.json: preset ${id}: ${listed.join(', ')}`, `参考数据 data/policies.json 中的预设措施 ${id} 有误：${listed.join('、')}`);
    }
    return policy;
  });
  const ids = new Set(presets.map((x) => x.id));
  const r = readJson('rules.json') as {
    periods: Array<{ from: string; source: string; rules: Record<string, string | null> }>;
    inbound_origin_prefixes: string[];
  };
  const rules: Rule[] = [];
  for (const period of r.periods) {
    for (const c of CATEGORIES) {
      if (!(c in period.rules)) throw new StoreError(`data/rules.json: period ${period.from} has no rule for ${c}`, `参考数据 data/rules.json：自 ${period.from} 起的时期没有 ${c} 的规则`);
      const policy = period.rules[c];
      if (policy !== null && !ids.has(policy)) throw new StoreError(`data/rules.json: period ${period.from} names unknown policy ${policy}`, `参考数据 data/rules.json：自 ${period.from} 起的时期用了不存在的措施 ${policy}`);
      rules.push({ category: c as Category, policy, from: period.from, source: period.source, local: false });
    }
  }
  cached = { presets, rules, inboundPrefixes: r.inbound_origin_prefixes };
  return cached;
}

let countriesCached: CountryTable | null = null;

/** The issuing countries a passport may name (data/countries.json: ISO 3166 alpha-3 → names). */
export function countries(): CountryTable {
  if (countriesCached) return countriesCached;
  const c = readJson('countries.json') as { countries?: CountryTable };
  if (!c.countries || typeof c.countries !== 'object') throw new StoreError('data/countries.json: no countries', '参考数据 data/countries.json 中没有国家列表');
  countriesCached = c.countries;
  return countriesCached;
}
