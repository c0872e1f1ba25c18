import type Database from 'better-sqlite3';
import type { PhaseKind } from '../domain/policy.js';
import { IN_FORCE_ON_DATE, SITE_ON_DATE } from './sites.js';

export type TestResult = 'negative' | 'positive' | 'pending';

export interface TestResultRow {
  id: number;
  id_number: string;
  arrival_id: number | null;
  measure_id: number | null;
  test_date: string;
  sample_time: string | null;
  result: TestResult;
  lab: string | null;
  created_at: string;
  created_by: string;
}

/** A scheduled test of a measure in force on its date, with the result recorded that day, if any. */
export interface DueRow {
  measure_id: number;
  arrival_id: number;
  name: string;
  id_number: string;
  phone: string;
  destination: string;
  township: string | null;
  policy_id: string;
  test_date: string;
  day: number;
  phase_seq: number | null;
  phase_kind: PhaseKind | null;
  site_name: string | null;
  flag: string | null;
  result: TestResult | null;
}

const DUE_SELECT = `
  SELECT m.id AS measure_id, m.arrival_id, a.name, a.id_number, a.phone, a.destination, a.township, m.policy_id, m.flag,
         t.test_date, t.day, t.phase_seq, p.kind AS phase_kind,
         CASE WHEN p.kind = 'centralized' THEN (SELECT s.name FROM sites s WHERE s.id = ${SITE_ON_DATE}) END AS site_name,
         (SELECT r.result FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date
            ORDER BY CASE r.result WHEN 'positive' THEN 0 WHEN 'negative' THEN 1 ELSE 2 END LIMIT 1) AS result
  FROM measure_tests t
  JOIN measures m ON m.id = t.measure_id
  JOIN arrivals a ON a.id = m.arrival_id
  LEFT JOIN measure_phases p ON p.measure_id = t.measure_id AND p.seq = t.phase_seq`;

export class TestRepo {
  private readonly insertStmt: Database.Statement;
  private readonly dueStmt: Database.Statement;
  private readonly overdueStmt: Database.Statement;
  private readonly forPersonStmt: Database.Statement;
  private readonly flagStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO test_results (id_number, arrival_id, measure_id, test_date, sample_time, result, lab, created_at, created_by)
       VALUES (@id_number, @arrival_id, @measure_id, @test_date, @sample_time, @result, @lab, @created_at, @created_by) ON CONFLICT DO NOTHING`,
    );
    // @date is the day the test is due: the measure must be in force on it
    this.dueStmt = db.prepare(`${DUE_SELECT} WHERE t.test_date = @date AND ${IN_FORCE_ON_DATE} ORDER BY a.township, a.name, m.id`);
    this.overdueStmt = db.prepare(
      `SELECT * FROM (${DUE_SELECT.replace(/@date/g, 't.test_date')}
         WHERE t.test_date >= @from AND t.test_date < @before
           AND m.start_date <= t.test_date AND t.test_date < coalesce(m.released_on, m.release_date)
           AND (m.superseded_on IS NULL OR t.test_date < m.superseded_on)
           AND (m.in_force_from IS NULL OR t.test_date >= m.in_force_from)
           AND m.status <> 'cancelled')
       WHERE result IS NULL OR result = 'pending' ORDER BY test_date, township, name`,
    );
    this.forPersonStmt = db.prepare('SELECT * FROM test_results WHERE id_number = ? ORDER BY test_date, id');
    this.flagStmt = db.prepare("UPDATE measures SET flag = 'positive', flagged_on = ? WHERE id = ? AND flag IS NULL");
  }

  insert(r: Omit<TestResultRow, 'id' | 'created_at' | 'created_by'>, at: string, by: string): number | null {
    const res = this.insertStmt.run({ ...r, created_at: at, created_by: by });
    return res.changes === 1 ? Number(res.lastInsertRowid) : null;
  }

  due(date: string): DueRow[] {
    return this.dueStmt.all({ date }) as DueRow[];
  }

  /** Scheduled tests from `from` up to the day before `before` with no result. */
  overdue(from: string, before: string): DueRow[] {
    return this.overdueStmt.all({ from, before }) as DueRow[];
  }

  forPerson(idNumber: string): TestResultRow[] {
    return this.forPersonStmt.all(idNumber) as TestResultRow[];
  }

  flagPositive(measureId: number, on: string): boolean {
    return this.flagStmt.run(on, measureId).changes === 1;
  }
}
