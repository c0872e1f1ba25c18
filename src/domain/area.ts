/**
 * Risk areas: a region named for a period with a level; matched to an origin by its place
 * (domain/places.ts: a province covers its cities and counties by code, however either is
 * written), and, as before codes, by name prefix.
 */
import type { Problem } from './errors.js';
import { covers, resolvePlace, specificity, type Place } from './places.js';
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
  /** The region's full name (广东省广州市海珠区, and a street after it if one was named). */
  region: string;
  /** Its GB/T 2260 code (440105), when known; the full name of that code. */
  region_code?: string | null;
  region_name?: string | null;
  level: RiskLevel;
  valid_from: string;
  /** Last day in force, or null: until cleared. */
  valid_to: string | null;
}

export function inForce(a: Pick<RiskArea, 'valid_from' | 'valid_to'>, date: string): boolean {
  return a.valid_from <= date && (a.valid_to === null || date <= a.valid_to);
}

/**
 * The risk level of an origin on a date: the highest level among the areas in force that cover
 * the origin (covers(): by code, so 广州海珠 is in an area set on 广东省广州市; or, for a place
 * that matches no division, by name prefix); low when none. Of two areas of one level, the finer.
 */
export function riskOf(origin: string, areas: RiskArea[], date: string): { level: RiskLevel; area: RiskArea | null } {
  let best: RiskArea | null = null;
  let bestFine = -1;
  const o = origin.replace(/\s/g, '');
  const place = resolvePlace(origin);
  for (const a of areas) {
    if (!inForce(a, date)) continue;
    const ap = resolvePlace(a.region);
    if (!o.startsWith(a.region) && !covers(ap, place)) continue;
    const fine = ap.status === 'domestic' ? specificity(ap) : a.region.length;
    if (!best || RANK[a.level] > RANK[best.level] || (RANK[a.level] === RANK[best.level] && fine > bestFine)) {
      best = a;
      bestFine = fine;
    }
  }
  return { level: best?.level ?? 'low', area: best };
}

/** The candidates of an ambiguous place, for a message: 北京市朝阳区、吉林省长春市朝阳区. */
export function candidateList(p: Place, max = 6): string {
  if (p.status !== 'ambiguous') return '';
  const names = p.candidates.slice(0, max).map((c) => c.name);
  return names.join('、') + (p.candidates.length > max ? '……' : '');
}

/**
 * A risk area's region as a place of the mainland: its full name (and a street after it), code
 * and name; or the problem: a place no division matches, several that fit, a place abroad.
 */
export function regionOf(text: string): { region: string; code: string; name: string } | Problem {
  const p = resolvePlace(text);
  if (p.status === 'domestic') return { region: p.name + p.rest, code: p.code, name: p.name };
  if (p.status === 'ambiguous') return { field: 'region', code: 'place_ambiguous', params: { value: text, candidates: candidateList(p) } };
  if (p.status === 'inbound') return { field: 'region', code: 'area_inbound', params: { value: text } };
  return { field: 'region', code: 'place_unknown', params: { value: text } };
}
