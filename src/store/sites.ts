import { backendOf, plusDays, type Backend, type Driver, type Statement } from './driver.js';
import { MAX_PHASE_DAYS } from '../domain/policy.js';

export interface SiteRow {
  id: number;
  name: string;
  capacity: number;
  address: string | null;
  head: string | null;
  created_at: string;
  created_by: string;
}

/** The site a measure is placed at on @date: its latest placement from on or before that date. */
export const SITE_ON_DATE = `(SELECT pl.site_id FROM placements pl WHERE pl.measure_id = m.id AND pl.from_date <= @date ORDER BY pl.from_date DESC, pl.id DESC LIMIT 1)`;

/**
 * A phase covering @date. No phase is longer than MAX_PHASE_DAYS, so the index range on
 * start_date is bounded: the cost depends on the weeks around the date, not on all history.
 */
export function phaseOnDate(b: Backend): string {
  return `p.start_date <= @date AND p.start_date > ${plusDays(b, '@date', -MAX_PHASE_DAYS)} AND p.end_date >= @date`;
}
export const PHASE_ON_DATE = phaseOnDate('sqlite');

/** A measure that is the one in force for its person on @date (a cancelled one: until the day it was cancelled). */
const IN_FORCE_DATES = `m.start_date <= @date AND @date < coalesce(m.released_on, m.release_date)
  AND (m.superseded_on IS NULL OR @date < m.superseded_on)
  AND (m.cancelled_on IS NULL OR @date < m.cancelled_on)
  AND (m.in_force_from IS NULL OR @date >= m.in_force_from)`;
export const IN_FORCE_ON_DATE = `${IN_FORCE_DATES}
  AND NOT EXISTS (SELECT 1 FROM arrivals da WHERE da.id = m.arrival_id AND da.deleted_at IS NOT NULL)`;
/** The same, in a query that joins the measure's arrival as \`a\` (one lookup of it, not two). */
export const IN_FORCE_ON_DATE_JOINED = `${IN_FORCE_DATES}
  AND a.deleted_at IS NULL`;

export class SiteRepo {
  private readonly insertStmt: Statement;
  private readonly byNameStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly allStmt: Statement;
  private readonly occupiedStmt: Statement;
  private readonly awaitingStmt: Statement;

  constructor(db: Driver) {
    this.insertStmt = db.prepare(
      'INSERT INTO sites (name, capacity, address, head, created_at, created_by) VALUES (@name, @capacity, @address, @head, @created_at, @created_by)',
    );
    this.byNameStmt = db.prepare('SELECT * FROM sites WHERE name = ?');
    this.byIdStmt = db.prepare('SELECT * FROM sites WHERE id = ?');
    this.allStmt = db.prepare('SELECT * FROM sites ORDER BY name');
    this.occupiedStmt = db.prepare(
      `SELECT count(*) AS n FROM measure_phases p JOIN measures m ON m.id = p.measure_id
       WHERE p.kind = 'centralized' AND ${phaseOnDate(backendOf(db))}
         AND ${IN_FORCE_ON_DATE} AND ${SITE_ON_DATE} = @site`,
    );
    this.awaitingStmt = db.prepare(
      `SELECT count(DISTINCT m.arrival_id) AS n FROM measure_phases p JOIN measures m ON m.id = p.measure_id
       WHERE p.kind = 'centralized' AND ${phaseOnDate(backendOf(db))}
         AND ${IN_FORCE_ON_DATE} AND NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.measure_id = m.id AND pl.from_date <= @date)`,
    );
  }

  /** People in a centralised phase on the date with no placement yet: waiting for a site (待安排隔离点). */
  awaiting(date: string): number {
    return (this.awaitingStmt.get({ date }) as { n: number }).n;
  }

  insert(s: { name: string; capacity: number; address: string | null; head: string | null }, at: string, by: string): number {
    return Number(this.insertStmt.run({ ...s, created_at: at, created_by: by }).lastInsertRowid);
  }

  byName(name: string): SiteRow | undefined {
    return this.byNameStmt.get(name) as SiteRow | undefined;
  }

  get(id: number): SiteRow | undefined {
    return this.byIdStmt.get(id) as SiteRow | undefined;
  }

  all(): SiteRow[] {
    return this.allStmt.all() as SiteRow[];
  }

  /** People in a centralised phase placed at the site on the date. */
  occupied(siteId: number, date: string): number {
    return (this.occupiedStmt.get({ site: siteId, date }) as { n: number }).n;
  }
}
