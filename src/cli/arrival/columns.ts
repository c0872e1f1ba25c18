import type { Column } from '../../io/render.js';
import { candidateList } from '../../domain/area.js';
import { resolvePlace } from '../../domain/places.js';

/** Every field of an arrival, in JSON / CSV order. */
export const ARRIVAL_COLUMNS: Column[] = [
  { key: 'id' },
  { key: 'name' },
  { key: 'id_number' },
  { key: 'phone' },
  { key: 'origin' },
  { key: 'origin_code' },
  { key: 'origin_name' },
  { key: 'arrival_date' },
  { key: 'arrival_time' },
  { key: 'transport', enumField: 'transport' },
  { key: 'vehicle' },
  { key: 'destination' },
  { key: 'township' },
  { key: 'contact_type', enumField: 'contact_type' },
  { key: 'exposure_date' },
  { key: 'note' },
  // issue 14: the document (after the columns scripts already read by position)
  { key: 'doc_type', enumField: 'doc_type' },
  { key: 'doc_country' },
  // issue 24: the entry date of an inbound traveller
  { key: 'entry_date' },
  // issue 24: the day left the risk area
  { key: 'left_date' },
];

/**
 * The columns a table on screen shows; JSON and CSV always carry them all. The origin on screen
 * is the place's full name when it was resolved (广州海珠 → 广东省广州市海珠区), else as written.
 */
export const ARRIVAL_TABLE_COLUMNS: Column[] = ARRIVAL_COLUMNS.filter((c) =>
  ['id', 'name', 'id_number', 'phone', 'origin_shown', 'arrival_date', 'transport', 'destination', 'township', 'contact_type'].includes(c.key === 'origin' ? 'origin_shown' : c.key),
).map((c) => (c.key === 'origin' ? { key: 'origin_shown', label: 'origin' } : c));

/** The origin as the screen shows it: the place's full name when it was resolved, else as written. */
export function originShown(row: { origin: string; origin_name?: string | null }): string {
  return row.origin_name || row.origin;
}

/** A row as the screen shows it: the origin by its full name when known. */
export function onScreen<T extends { origin: string; origin_name?: string | null }>(row: T): T & { origin_shown: string } {
  return { ...row, origin_shown: originShown(row) };
}

/** The number's label on a record: 身份证号 for a resident ID, else 证件号码 (a permit's or a passport's number). */
export function numberLabelled(columns: Column[], docType: string | null | undefined): Column[] {
  if (!docType || docType === 'resident_id') return columns;
  return columns.map((c) => (c.key === 'id_number' ? { ...c, label: 'doc_number' } : c));
}

/**
 * The one warning line for an arrival whose origin names no province, city or county (or several),
 * as import says it: kept as written, not matched to risk areas; or null when it names a place.
 */
export function unresolvedOriginLine(row: { origin: string; origin_code?: string | null; origin_name?: string | null }, t: (zh: string, en: string) => string): string | null {
  if (row.origin_code != null || row.origin_name != null) return null;
  const p = resolvePlace(row.origin);
  const could = p.status === 'ambiguous' ? candidateList(p) : '';
  const what = could ? t(`可指多处（${could}）`, `could be several places (${could})`) : t('对不上省市县', 'matches no province, city or county');
  return t(
    `注意：来源地 ${row.origin} ${what}，按原文保存，不能按风险区匹配（用 arrival edit --origin 写出省市县，如 广东省广州市海珠区 或 440105）`,
    `note: the origin ${row.origin} ${what}, kept as written and not matched to risk areas (write it with province and city with arrival edit --origin, e.g. 广东省广州市海珠区 or 440105)`,
  );
}
