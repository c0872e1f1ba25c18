import type { Driver, Statement } from './driver.js';
import type { Decision } from '../domain/inspection.js';
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
  /** The official's decision on a positive. */
  decision: Decision | null;
  decision_note: string | null;
  decided_on: string | null;
  decided_by: string | null;
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
  /** The decision on the positive that flagged the measure, if made. */
  flag_decision: Decision | null;
  /** The arrival date: no test before it is due. */
  arrival_date: string;
  result: TestResult | null;
  /** The decision on that day's positive, if any. */
  decision: Decision | null;
}

const DUE_SELECT = `
  SELECT m.id AS measure_id, m.arrival_id, a.name, a.id_number, a.phone, a.destination, a.township, a.arrival_date, m.policy_id, m.flag, m.flag_decision,
         t.test_date, t.day, t.phase_seq, p.kind AS phase_kind,
         CASE WHEN p.kind = 'centralized' THEN (SELECT s.name FROM sites s WHERE s.id = ${SITE_ON_DATE}) END AS site_name,
         (SELECT r.result FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date
            ORDER BY CASE r.result WHEN 'positive' THEN 0 WHEN 'negative' THEN 1 ELSE 2 END LIMIT 1) AS result,
         (SELECT r.decision FROM test_results r WHERE r.id_number = a.id_number AND r.test_date = t.test_date AND r.result = 'positive' ORDER BY r.id LIMIT 1) AS decision
  FROM measure_tests t
  JOIN measures m ON m.id = t.measure_id
  JOIN arrivals a ON a.id = m.arrival_id
  LEFT JOIN measure_phases p ON p.measure_id = t.measure_id AND p.seq = t.phase_seq`;

export class TestRepo {
  private readonly insertStmt: Statement;
  private readonly dueStmt: Statement;
  private readonly overdueStmt: Statement;
  private readonly forPersonStmt: Statement;
  private readonly flagStmt: Statement;
  private readonly onDateStmt: Statement;
  private readonly completeStmt: Statement;
  private readonly positiveStmt: Statement;
  private readonly clearedStmt: Statement;
  private readonly latestFinalStmt: Statement;
  private readonly reviewStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly positiveIdsStmt: Statement;
  private readonly measureDecisionStmt: Statement;
  private readonly openPositivesStmt: Statement;
  private readonly measurePositivesStmt: Statement;

  constructor(private readonly db: Driver) {
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
           AND m.status <> 'cancelled' AND a.deleted_at IS NULL) AS due
       WHERE result IS NULL OR result = 'pending' ORDER BY test_date, township, name`,
    );
    this.forPersonStmt = db.prepare('SELECT * FROM test_results WHERE id_number = ? ORDER BY test_date, id');
    this.flagStmt = db.prepare("UPDATE measures SET flag = 'positive', flagged_on = ?, flag_decision = NULL WHERE id = ? AND flag IS NULL");
    this.onDateStmt = db.prepare('SELECT * FROM test_results WHERE id_number = ? AND test_date = ? ORDER BY id');
    this.completeStmt = db.prepare(
      "UPDATE test_results SET result = @result, sample_time = coalesce(@sample_time, sample_time), lab = coalesce(@lab, lab), measure_id = coalesce(measure_id, @measure_id) WHERE id = @id AND result = 'pending'",
    );
    // the latest positive up to a date that is not ruled out as false: what stops a person at a checkpoint
    this.positiveStmt = db.prepare(
      "SELECT * FROM test_results WHERE id_number = ? AND test_date <= ? AND result = 'positive' AND (decision IS NULL OR decision <> 'false_positive') ORDER BY test_date DESC, id DESC LIMIT 1",
    );
    this.clearedStmt = db.prepare(
      "SELECT * FROM test_results WHERE id_number = ? AND test_date <= ? AND result = 'positive' AND decision = 'false_positive' ORDER BY test_date DESC, id DESC LIMIT 1",
    );
    this.latestFinalStmt = db.prepare(
      "SELECT * FROM test_results WHERE id_number = ? AND test_date <= ? AND (result = 'negative' OR result = 'positive') ORDER BY test_date DESC, coalesce(sample_time, '') DESC, id DESC LIMIT 1",
    );
    this.reviewStmt = db.prepare("UPDATE test_results SET decision = ?, decision_note = ?, decided_on = ?, decided_by = ? WHERE id = ? AND result = 'positive'");
    this.byIdStmt = db.prepare('SELECT * FROM test_results WHERE id = ?');
    this.positiveIdsStmt = db.prepare("SELECT DISTINCT id_number FROM test_results WHERE result = 'positive'");
    this.measureDecisionStmt = db.prepare('UPDATE measures SET flag = CASE WHEN @clear = 1 THEN NULL ELSE flag END, flag_decision = @decision WHERE id = @id');
    this.measurePositivesStmt = db.prepare("SELECT * FROM test_results WHERE measure_id = ? AND result = 'positive' ORDER BY test_date, id");
    this.openPositivesStmt = db.prepare(
      "SELECT count(*) AS n FROM test_results WHERE measure_id = ? AND result = 'positive' AND (decision IS NULL OR decision <> 'false_positive')",
    );
  }

  insert(r: Omit<TestResultRow, 'id' | 'created_at' | 'created_by' | 'decision' | 'decision_note' | 'decided_on' | 'decided_by'>, at: string, by: string): number | null {
    const res = this.insertStmt.run({ ...r, created_at: at, created_by: by });
    return res.changes === 1 ? Number(res.lastInsertRowid) : null;
  }

  /** Corrects a recorded result (test record --amend); true when it was there. */
  amend(id: number, r: { result: string; sample_time: string | null; lab: string | null }): boolean {
    return this.db.prepare('UPDATE test_results SET result = @result, sample_time = coalesce(@sample_time, sample_time), lab = coalesce(@lab, lab) WHERE id = @id').run({ ...r, id }).changes === 1;
  }

  /** Takes a measure's positive flag away when no positive of it stands any more (an amended result). */
  unflagIfClear(measureId: number): boolean {
    if (this.openPositives(measureId) > 0) return false;
    return this.db.prepare("UPDATE measures SET flag = NULL, flagged_on = NULL WHERE id = ? AND flag = 'positive'").run(measureId).changes === 1;
  }

  /** The test results recorded against one arrival. */
  countForArrival(arrivalId: number): number {
    return this.db.prepare('SELECT count(*) FROM test_results WHERE arrival_id = ?').pluck().get(arrivalId) as number;
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

  get(id: number): TestResultRow | undefined {
    return this.byIdStmt.get(id) as TestResultRow | undefined;
  }

  /** The person's results of a date (a pending one to complete, a final one already there). */
  onDate(idNumber: string, date: string): TestResultRow[] {
    return this.onDateStmt.all(idNumber, date) as TestResultRow[];
  }

  /** Completes a pending result with the final one; false when it is not pending (any more). */
  complete(id: number, r: { result: 'negative' | 'positive'; sample_time: string | null; lab: string | null; measure_id: number | null }): boolean {
    return this.completeStmt.run({ id, ...r }).changes === 1;
  }

  /** The latest positive up to a date not ruled out as a false positive, decided (confirmed, transferred) or not. */
  positiveOnRecord(idNumber: string, date: string): TestResultRow | undefined {
    return this.positiveStmt.get(idNumber, date) as TestResultRow | undefined;
  }

  /** The latest positive up to a date ruled out as a false positive. */
  clearedPositive(idNumber: string, date: string): TestResultRow | undefined {
    return this.clearedStmt.get(idNumber, date) as TestResultRow | undefined;
  }

  /** The latest final result (negative or positive) up to a date: what a checkpoint session offers. */
  latestFinal(idNumber: string, date: string): TestResultRow | undefined {
    return this.latestFinalStmt.get(idNumber, date) as TestResultRow | undefined;
  }

  /** Records the decision on a positive. */
  review(id: number, decision: Decision, note: string, on: string, by: string): boolean {
    return this.reviewStmt.run(decision, note, on, by, id).changes === 1;
  }

  /** Everyone with a positive result on record (an import checks only them against the register). */
  positiveIdNumbers(): Set<string> {
    return new Set((this.positiveIdsStmt.all() as Array<{ id_number: string }>).map((r) => r.id_number));
  }

  /** The decision on a measure's flag: a false positive clears it, the others keep it. */
  decideFlag(measureId: number, decision: Decision, clear: boolean): void {
    this.measureDecisionStmt.run({ id: measureId, decision, clear: clear ? 1 : 0 });
  }

  /** The positive results recorded during a measure, with their decisions. */
  positivesOf(measureId: number): TestResultRow[] {
    return this.measurePositivesStmt.all(measureId) as TestResultRow[];
  }

  /** Positives of a measure not ruled out as false. */
  openPositives(measureId: number): number {
    return (this.openPositivesStmt.get(measureId) as { n: number }).n;
  }
}
