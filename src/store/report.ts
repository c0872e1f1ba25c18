/**
 * The daily report's queries. Each is bounded by the date through an index (arrivals, phases,
 * tests, results, inspections), so its cost depends on the day, not on all history. And the
 * reports as issued: what was sent, with the high-water marks of the tables at that moment, so
 * that what was written after it can be found by id.
 */
import { backendOf, plusDays, type Backend, type Driver, type Statement } from './driver.js';
import type { PersonState } from '../domain/report.js';
import { IN_FORCE_ON_DATE, IN_FORCE_ON_DATE_JOINED, phaseOnDate, SITE_ON_DATE } from './sites.js';

/**
 * The kind of measure a person is under in a phase on @date: the phase's kind, except that a
 * centralised phase spent at home (placed at home, or transferred home) is home quarantine.
 */
const KIND_ON_DATE = `CASE WHEN p.kind = 'centralized'
    AND (SELECT pl.site_id IS NULL FROM placements pl WHERE pl.measure_id = m.id AND pl.from_date <= @date ORDER BY pl.from_date DESC, pl.id DESC LIMIT 1)
  THEN 'home_quarantine' ELSE p.kind END`;

/**
 * The office date a measure was recorded (created_at is the office's local time); whether on
 * @date the person was under a measure already recorded by the end of that date (what a report
 * issued that evening could count: a measure recorded later that reaches back is 补录 the day it
 * is recorded, unless the person was on the books that evening through another); and whether on
 * @date it is in a centralised phase with no placement yet (待安排隔离点).
 */
function recordedAndUnplaced(b: Backend): string {
  const day = 'CAST(@date AS TEXT)';
  return `substr(m.created_at, 1, 10) AS recorded_on,
  CASE WHEN EXISTS (SELECT 1 FROM measures k WHERE k.arrival_id = m.arrival_id AND k.created_at < ${plusDays(b, '@date', 1)}
    AND k.start_date <= ${day} AND ${day} < coalesce(k.released_on, k.release_date) AND (k.superseded_on IS NULL OR ${day} < k.superseded_on)
    AND (k.cancelled_on IS NULL OR ${day} < k.cancelled_on) AND (k.in_force_from IS NULL OR ${day} >= k.in_force_from)) THEN 1 ELSE 0 END AS known,
  CASE WHEN p.kind = 'centralized' AND NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.measure_id = m.id AND pl.from_date <= @date) THEN 1 ELSE 0 END AS unplaced`;
}

/** The report's queries for a backend (the figures the same on both). */
export function reportQueries(b: Backend) {
  const PHASE_ON_DATE = phaseOnDate(b);
  const RECORDED_AND_UNPLACED = recordedAndUnplaced(b);
  return {
  arrivals: 'SELECT origin, transport, township, count(*) AS n FROM arrivals WHERE arrival_date = @date AND deleted_at IS NULL AND expected = 0 GROUP BY origin, transport, township',
  // registered that day (created_at is the office's local time), arrived two or more days before
  late: `SELECT count(*) AS n FROM arrivals WHERE created_at >= @date AND created_at < ${plusDays(b, '@date', 1)} AND arrival_date <= ${plusDays(b, '@date', -2)} AND deleted_at IS NULL AND expected = 0`,
  // registered in advance, expected the day after, not arrived by the end of the day: those still
  // expected, and those who have arrived since (on or after that day: expected_on keeps the date
  // they were expected), so that what a day expected stays what it was
  expectedNextDay: `SELECT count(*) AS n FROM arrivals WHERE deleted_at IS NULL
    AND ((arrival_date = ${plusDays(b, '@date', 1)} AND expected = 1) OR (expected_on = ${plusDays(b, '@date', 1)} AND arrival_date > CAST(@date AS TEXT) AND expected = 0))`,
  // each arrival once: its latest measure in force with a phase on the date (max() picks the row)
  // (SQLite takes the other columns from the max() row; PostgreSQL says so with DISTINCT ON)
  states: b === 'postgres'
    ? `SELECT DISTINCT ON (m.arrival_id) m.arrival_id AS arrival_id, m.id AS measure_id, ${KIND_ON_DATE} AS kind, m.cancelled_on AS cancelled_on, m.end_kind AS end_kind, m.released_on AS released_on, ${RECORDED_AND_UNPLACED}
           FROM measure_phases p JOIN measures m ON m.id = p.measure_id
           WHERE ${PHASE_ON_DATE} AND ${IN_FORCE_ON_DATE} ORDER BY m.arrival_id, m.id DESC, p.seq`
    : `SELECT m.arrival_id AS arrival_id, max(m.id) AS measure_id, ${KIND_ON_DATE} AS kind, m.cancelled_on AS cancelled_on, m.end_kind AS end_kind, m.released_on AS released_on, ${RECORDED_AND_UNPLACED}
           FROM measure_phases p JOIN measures m ON m.id = p.measure_id
           WHERE ${PHASE_ON_DATE} AND ${IN_FORCE_ON_DATE} GROUP BY m.arrival_id`,
  // one look at the person's results of the day per test (s: null none, 0 only pending, 1 a
  // result); LIMIT -1 keeps the subquery whole (not flattened, which would copy s, and the look, into each sum)
    // (PostgreSQL: no sum of a boolean, and the subquery is named)
    testsDue: b === 'postgres'
      ? `SELECT count(*) AS due, coalesce(sum(CASE WHEN s = 1 THEN 1 ELSE 0 END), 0) AS done, count(s) AS sampled FROM (
               SELECT (SELECT max(CASE WHEN r.result IN ('negative','positive') THEN 1 ELSE 0 END) FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date) AS s
               FROM measure_tests t JOIN measures m ON m.id = t.measure_id JOIN arrivals a ON a.id = m.arrival_id
               WHERE t.test_date = @date AND ${IN_FORCE_ON_DATE_JOINED}) AS due_tests`
      : `SELECT count(*) AS due, coalesce(sum(s = 1), 0) AS done, count(s) AS sampled FROM (
               SELECT (SELECT max(r.result IN ('negative','positive')) FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date) AS s
               FROM measure_tests t JOIN measures m ON m.id = t.measure_id JOIN arrivals a ON a.id = m.arrival_id
               WHERE t.test_date = @date AND ${IN_FORCE_ON_DATE_JOINED} LIMIT -1)`,
  positives: `SELECT count(DISTINCT id_number) AS n FROM test_results r WHERE test_date = @date AND result = 'positive'
    AND NOT EXISTS (SELECT 1 FROM arrivals da WHERE da.id = r.arrival_id AND da.deleted_at IS NOT NULL)`,
  inspections: `SELECT c.name, count(i.id) AS inspections, coalesce(sum(i.passengers), 0) AS people, count(i.vehicle) AS vehicles, coalesce(sum(CASE WHEN i.anomalies <> '' THEN 1 ELSE 0 END), 0) AS anomalies
                FROM inspections i JOIN checkpoints c ON c.id = i.checkpoint_id
                WHERE i.inspected_date = @date AND i.voided_at IS NULL GROUP BY c.id ORDER BY c.name`,
  checkpoints: 'SELECT name FROM checkpoints ORDER BY name',
  sites: `SELECT s.name, s.capacity,
            (SELECT count(*) FROM measure_phases p JOIN measures m ON m.id = p.measure_id
             WHERE p.kind = 'centralized' AND ${PHASE_ON_DATE} AND ${IN_FORCE_ON_DATE} AND ${SITE_ON_DATE} = s.id) AS occupied
          FROM sites s ORDER BY s.name`,
  areas: 'SELECT region, level, valid_from, valid_to FROM risk_areas WHERE valid_from <= @date AND (valid_to IS NULL OR valid_to >= @date)',
  } as const;
}

export const REPORT_QUERIES = reportQueries('sqlite');

/** The highest id of each table when a report was issued: a row with a higher one was written after. */
export interface Marks {
  arrivals: number;
  measures: number;
  test_results: number;
  inspections: number;
  audit_log: number;
}

export interface IssuedRow {
  id: number;
  date: string;
  unit: string;
  /** UTC, to the second, as audit rows ('2022-11-22T13:00:00Z'). */
  issued_at: string;
  actor: string;
  format: string;
  file: string | null;
  sha256: string;
  content: Buffer;
  /** The report's JSON (the figures, whatever format was sent). */
  report: string;
  /** The Marks, as JSON. */
  marks: string;
}

export type NewIssue = Omit<IssuedRow, 'id'>;

/** What was written after a report was issued that can change its day (report diff). */
const AFTER_QUERIES = {
  arrivals: `SELECT a.id, a.name, a.id_number, a.arrival_date, a.created_at, a.created_by FROM arrivals a
             WHERE a.arrival_date = @date AND a.id > @arrivals ORDER BY a.id`,
  measures: `SELECT m.id, m.arrival_id, m.policy_id, m.start_date, m.release_date, m.created_at, m.created_by
             FROM measures m WHERE m.id > @measures AND m.start_date <= @date AND m.release_date >= @date ORDER BY m.id`,
  tests: `SELECT r.id, r.id_number, r.arrival_id, r.result, r.created_at, r.created_by FROM test_results r
          WHERE r.test_date = @date AND r.id > @test_results ORDER BY r.id`,
  inspections: `SELECT i.id, c.name AS checkpoint, i.inspected_at, i.anomalies, i.arrival_id, i.created_at, i.created_by
                FROM inspections i JOIN checkpoints c ON c.id = i.checkpoint_id
                WHERE i.inspected_date = @date AND i.id > @inspections ORDER BY i.id`,
  audit: `SELECT id, at, actor, action, record, before, after FROM audit_log WHERE id > @audit_log
            AND action IN ('measure.release', 'measure.cancel', 'measure.end', 'measure.reassess', 'measure.transfer', 'area.set', 'area.clear', 'area.end', 'area.replace', 'area.import',
                         'arrival.edit', 'arrival.delete', 'arrival.restore', 'arrival.update', 'inspection.void', 'test.amend')
          ORDER BY id`,
} as const;

export class ReportRepo {
  private readonly stmts: { [K in keyof typeof REPORT_QUERIES]: Statement };
  private readonly queries: typeof REPORT_QUERIES;
  private readonly after: { [K in keyof typeof AFTER_QUERIES]: Statement };
  private readonly insertIssueStmt: Statement;
  private readonly latestIssueStmt: Statement;
  private readonly issueStmt: Statement;
  private readonly issuesStmt: Statement;
  private readonly marksStmt: Statement;

  constructor(private readonly db: Driver) {
    this.queries = reportQueries(backendOf(db));
    this.stmts = Object.fromEntries(Object.entries(this.queries).map(([k, sql]) => [k, db.prepare(sql)])) as never;
    this.after = Object.fromEntries(Object.entries(AFTER_QUERIES).map(([k, sql]) => [k, db.prepare(sql)])) as never;
    this.insertIssueStmt = db.prepare(
      `INSERT INTO issued_reports (date, unit, issued_at, actor, format, file, sha256, content, report, marks)
       VALUES (@date, @unit, @issued_at, @actor, @format, @file, @sha256, @content, @report, @marks)`,
    );
    this.latestIssueStmt = db.prepare('SELECT * FROM issued_reports WHERE date = @date AND unit = @unit ORDER BY id DESC LIMIT 1');
    this.issueStmt = db.prepare('SELECT * FROM issued_reports WHERE id = ?');
    this.issuesStmt = db.prepare(
      `SELECT id, date, unit, issued_at, actor, format, file, sha256, length(content) AS bytes FROM issued_reports
       WHERE (CAST(@date AS TEXT) IS NULL OR date = @date) AND (CAST(@from AS TEXT) IS NULL OR date >= @from) AND (CAST(@to AS TEXT) IS NULL OR date <= @to) ORDER BY date DESC, id DESC`,
    );
    this.marksStmt = db.prepare(
      `SELECT (SELECT coalesce(max(id), 0) FROM arrivals) AS arrivals, (SELECT coalesce(max(id), 0) FROM measures) AS measures,
              (SELECT coalesce(max(id), 0) FROM test_results) AS test_results, (SELECT coalesce(max(id), 0) FROM inspections) AS inspections,
              (SELECT coalesce(max(id), 0) FROM audit_log) AS audit_log`,
    );
  }

  arrivals(date: string) {
    return this.stmts.arrivals.all({ date }) as Array<{ origin: string; transport: string; township: string | null; n: number }>;
  }
  lateRegistrations(date: string): number {
    return (this.stmts.late.get({ date }) as { n: number }).n;
  }
  /** Registered in advance for the day after the date, and not arrived. */
  expectedNextDay(date: string): number {
    return (this.stmts.expectedNextDay.get({ date }) as { n: number }).n;
  }
  /** Each arrival under a measure kind at the end of the date, once. */
  states(date: string): PersonState[] {
    return this.stmts.states.all({ date }) as PersonState[];
  }
  testsDue(date: string) {
    return this.stmts.testsDue.get({ date }) as { due: number; done: number; sampled: number };
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

  /** Runs fn on one snapshot of the database (a read transaction): the figures and the marks of one moment. */
  snapshot<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /** The query plan of each report query, for the test that proves they use indexes. */
  plans(): Record<string, string[]> {
    return Object.fromEntries(
      Object.entries(REPORT_QUERIES).map(([k, sql]) => [k, (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ date: '2022-11-20' }) as Array<{ detail: string }>).map((r) => r.detail)]),
    );
  }

  // ——— the reports as issued ———

  marks(): Marks {
    return this.marksStmt.get() as Marks;
  }
  issue(r: NewIssue): number {
    return Number(this.insertIssueStmt.run(r).lastInsertRowid);
  }
  latestIssue(date: string, unit: string): IssuedRow | undefined {
    return this.latestIssueStmt.get({ date, unit }) as IssuedRow | undefined;
  }
  issueById(id: number): IssuedRow | undefined {
    return this.issueStmt.get(id) as IssuedRow | undefined;
  }
  issues(f: { date?: string; from?: string; to?: string }) {
    return this.issuesStmt.all({ date: f.date ?? null, from: f.from ?? null, to: f.to ?? null }) as Array<Omit<IssuedRow, 'content' | 'report' | 'marks'> & { bytes: number }>;
  }

  /** Rows written after the marks that bear on the date. */
  arrivalsAfter(date: string, m: Marks) {
    return this.after.arrivals.all({ date, ...m }) as Array<{ id: number; name: string; id_number: string; arrival_date: string; created_at: string; created_by: string }>;
  }
  measuresAfter(date: string, m: Marks) {
    return this.after.measures.all({ date, ...m }) as Array<{ id: number; arrival_id: number; policy_id: string; start_date: string; release_date: string; created_at: string; created_by: string }>;
  }
  testsAfter(date: string, m: Marks) {
    return this.after.tests.all({ date, ...m }) as Array<{ id: number; id_number: string; arrival_id: number | null; result: string; created_at: string; created_by: string }>;
  }
  inspectionsAfter(date: string, m: Marks) {
    return this.after.inspections.all({ date, ...m }) as Array<{ id: number; checkpoint: string; inspected_at: string; anomalies: string; arrival_id: number | null; created_at: string; created_by: string }>;
  }
  changesAfter(m: Marks) {
    return this.after.audit.all(m) as Array<{ id: number; at: string; actor: string; action: string; record: string | null; before: string | null; after: string | null }>;
  }
}
