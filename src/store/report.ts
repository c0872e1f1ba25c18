/**
 * The daily report's queries. Each is bounded by the date through an index (arrivals, phases,
 * tests, results, inspections, releases), so its cost depends on the day, not on all history.
 */
import type Database from 'better-sqlite3';
import type { PhaseKind } from '../domain/policy.js';
import { IN_FORCE_ON_DATE, PHASE_ON_DATE, SITE_ON_DATE } from './sites.js';

export const REPORT_QUERIES = {
  arrivals: 'SELECT origin, transport, township, count(*) AS n FROM arrivals WHERE arrival_date = @date GROUP BY origin, transport, township',
  active: `SELECT p.kind, count(*) AS n FROM measure_phases p JOIN measures m ON m.id = p.measure_id
           WHERE ${PHASE_ON_DATE} AND ${IN_FORCE_ON_DATE} GROUP BY p.kind`,
  started: `SELECT p.kind, count(*) AS n FROM measure_phases p JOIN measures m ON m.id = p.measure_id
            WHERE p.start_date = @date AND ${IN_FORCE_ON_DATE} GROUP BY p.kind`,
  // a normal release: the last phase ended the day before
  releasedNormal: `SELECT p.kind, count(*) AS n FROM measure_phases p JOIN measures m ON m.id = p.measure_id
                   WHERE p.end_date = date(@date, '-1 day') AND m.release_date = @date AND m.released_on IS NULL AND m.status <> 'superseded'
                   GROUP BY p.kind`,
  // an early release: the phase the person was in the day before (or the first, if released on day 1)
  releasedEarly: `SELECT
                    (SELECT p.kind FROM measure_phases p WHERE p.measure_id = m.id AND p.start_date < @date ORDER BY p.seq DESC LIMIT 1) AS last_kind,
                    (SELECT p.kind FROM measure_phases p WHERE p.measure_id = m.id ORDER BY p.seq LIMIT 1) AS first_kind
                  FROM measures m WHERE m.released_on = @date AND m.status <> 'superseded'`,
  testsDue: `SELECT count(*) AS due,
               coalesce(sum(EXISTS (SELECT 1 FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date AND r.result IN ('negative','positive'))), 0) AS done
             FROM measure_tests t JOIN measures m ON m.id = t.measure_id JOIN arrivals a ON a.id = m.arrival_id
             WHERE t.test_date = @date AND ${IN_FORCE_ON_DATE}`,
  positives: "SELECT count(DISTINCT id_number) AS n FROM test_results WHERE test_date = @date AND result = 'positive'",
  inspections: `SELECT c.name, count(i.id) AS inspections, coalesce(sum(i.passengers), 0) AS people, count(i.vehicle) AS vehicles, coalesce(sum(i.anomalies <> ''), 0) AS anomalies
                FROM inspections i JOIN checkpoints c ON c.id = i.checkpoint_id
                WHERE i.inspected_date = @date GROUP BY c.id ORDER BY c.name`,
  checkpoints: 'SELECT name FROM checkpoints ORDER BY name',
  sites: `SELECT s.name, s.capacity,
            (SELECT count(*) FROM measure_phases p JOIN measures m ON m.id = p.measure_id
             WHERE p.kind = 'centralized' AND ${PHASE_ON_DATE} AND ${IN_FORCE_ON_DATE} AND ${SITE_ON_DATE} = s.id) AS occupied
          FROM sites s ORDER BY s.name`,
  areas: 'SELECT region, level, valid_from, valid_to FROM risk_areas WHERE valid_from <= @date AND (valid_to IS NULL OR valid_to >= @date)',
} as const;

export class ReportRepo {
  private readonly stmts: { [K in keyof typeof REPORT_QUERIES]: Database.Statement };

  constructor(private readonly db: Database.Database) {
    this.stmts = Object.fromEntries(Object.entries(REPORT_QUERIES).map(([k, sql]) => [k, db.prepare(sql)])) as never;
  }

  arrivals(date: string) {
    return this.stmts.arrivals.all({ date }) as Array<{ origin: string; transport: string; township: string | null; n: number }>;
  }
  active(date: string) {
    return this.stmts.active.all({ date }) as Array<{ kind: PhaseKind; n: number }>;
  }
  started(date: string) {
    return this.stmts.started.all({ date }) as Array<{ kind: PhaseKind; n: number }>;
  }
  releasedNormal(date: string) {
    return this.stmts.releasedNormal.all({ date }) as Array<{ kind: PhaseKind; n: number }>;
  }
  releasedEarly(date: string) {
    return this.stmts.releasedEarly.all({ date }) as Array<{ last_kind: PhaseKind | null; first_kind: PhaseKind | null }>;
  }
  testsDue(date: string) {
    return this.stmts.testsDue.get({ date }) as { due: number; done: number };
  }
  positives(date: string) {
    return (this.stmts.positives.get({ date }) as { n: number }).n;
  }
  inspections(date: string) {
    return this.stmts.inspections.all({ date }) as Array<{ name: string; inspections: number; people: number; vehicles: number; anomalies: number }>;
  }
  checkpoints() {
    return this.stmts.checkpoints.all() as Array<{ name: string }>;
  }
  sites(date: string) {
    return this.stmts.sites.all({ date }) as Array<{ name: string; capacity: number; occupied: number }>;
  }
  areas(date: string) {
    return this.stmts.areas.all({ date }) as Array<{ region: string; level: 'high' | 'medium' | 'low'; valid_from: string; valid_to: string | null }>;
  }

  /** The query plan of each report query, for the test that proves they use indexes. */
  plans(): Record<string, string[]> {
    return Object.fromEntries(
      Object.entries(REPORT_QUERIES).map(([k, sql]) => [k, (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ date: '2022-11-20' }) as Array<{ detail: string }>).map((r) => r.detail)]),
    );
  }
}
