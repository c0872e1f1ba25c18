/** Risk areas: a region named for a period with a level; matched to an origin by name prefix. */
import type { RiskLevel } from './policy.js';

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
const RANK: Record<RiskLevel, number> = { high: 3, medium: 2, low: 1 };

const LEVEL_ALIASES: Record<string, RiskLevel> = {
  high: 'high', 高: 'high', 高风险: 'high', 高风险区: 'high', 封控区: 'high',
  medium: 'medium', 中: 'medium', 中风险: 'medium', 中风险区: 'medium', 管控区: 'medium',
  low: 'low', 低: 'low', 低风险: 'low', 低风险区: 'low', 防范区: 'low',
};

export function normaliseLevel(raw: string): RiskLevel | null {
  return LEVEL_ALIASES[raw.trim().toLowerCase()] ?? null;
}

export interface RiskArea {
  region: string;
  level: RiskLevel;
  valid_from: string;
  /** Last day in force, or null: until cleared. */
  valid_to: string | null;
}

export function inForce(a: Pick<RiskArea, 'valid_from' | 'valid_to'>, date: string): boolean {
  return a.valid_from <= date && (a.valid_to === null || date <= a.valid_to);
}

/**
 * The risk level of an origin on a date: the highest level among the areas in force whose
 * region is a prefix of the origin (a province covers its cities and districts); low when none.
 */
export function riskOf(origin: string, areas: RiskArea[], date: string): { level: RiskLevel; area: RiskArea | null } {
  let best: RiskArea | null = null;
  const o = origin.replace(/\s/g, '');
  for (const a of areas) {
    if (!inForce(a, date) || !o.startsWith(a.region)) continue;
    if (!best || RANK[a.level] > RANK[best.level] || (RANK[a.level] === RANK[best.level] && a.region.length > best.region.length)) best = a;
  }
  return { level: best?.level ?? 'low', area: best };
}
