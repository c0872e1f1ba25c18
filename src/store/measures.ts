import type { Driver, Statement } from './driver.js';
import type { Decision } from '../domain/inspection.js';
import type { PhaseKind, Schedule } from '../domain/policy.js';
import { backendOf } from './driver.js';
import { IN_FORCE_ON_DATE, phaseOnDate, SITE_ON_DATE } from './sites.js';

/** cancelled: assigned in error (quarantine cancel): void, never a release. */
export type MeasureStatus = 'active' | 'released' | 'superseded' | 'cancelled';

export interface MeasureRow {
  id: number;
  arrival_id: number;
  policy_id: string;
  /** JSON of the policy as it was when assigned. */
  policy: string;
  rule: string;
  start_date: string;
  release_date: string;
  status: MeasureStatus;
  released_on: string | null;
  release_reason: string | null;
  superseded_by: number | null;
  superseded_on: string | null;
  in_force_from: string | null;
  /** 'positive' when a positive test awaits the official's decision. */
  flag: string | null;
  flagged_on: string | null;
  /** The decision on the positive that flagged it: confirmed, false_positive (flag cleared), transferred. */
  flag_decision: Decision | null;
  /**
   * How it ended when not by its own dates: by a rule that abolished it, cancelled (assigned in
   * error), or transferred (转运: a positive taken to hospital or a designated site).
   */
  end_kind: 'rule' | 'cancelled' | 'transferred' | null;
  /** The day a cancelled measure left the books (it counts on the days before, never after). */
  cancelled_on: string | null;
  cancel_reason: string | null;
  created_at: string;
  created_by: string;
}

export interface PhaseRow {
  measure_id: number;
  seq: number;
  kind: PhaseKind;
  start_date: string;
  end_date: string;
}

export interface TestRow {
  measure_id: number;
  seq: number;
  phase_seq: number | null;
  day: number;
  test_date: string;
}

export interface PlacementRow {
  id: number;
  measure_id: number;
  site_id: number | null;
  site_name: string | null;
  from_date: string;
  note: string | null;
}

/** A person in force on a date, with where they are in their measure. */
export interface ActiveRow extends MeasureRow {
  name: string;
  id_number: string;
  phone: string;
  destination: string;
  township: string | null;
  phase_seq: number;
  phase_kind: PhaseKind;
  phase_start: string;
  phase_end: string;
  site_id: number | null;
  site_name: string | null;
  placed: number;
}

export interface NewMeasure {
  arrival_id: number;
  policy_id: string;
  policy: string;
  rule: string;
  schedule: Schedule;
  status: MeasureStatus;
  released_on: string | null;
  release_reason: string | null;
  in_force_from: string | null;
}

export class MeasureRepo {
  private readonly insertStmt: Statement;
  private readonly insertPhaseStmt: Statement;
  private readonly insertTestStmt: Statement;
  private readonly insertPlacementStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly byArrivalStmt: Statement;
  private readonly currentByArrivalStmt: Statement;
  private readonly phasesStmt: Statement;
  private readonly testsStmt: Statement;
  private readonly placementsStmt: Statement;
  private readonly releaseStmt: Statement;
  private readonly supersedeStmt: Statement;
  private readonly cancelStmt: Statement;
  private readonly activeByPolicyStmt: Statement;
  private readonly pendingArrivalsStmt: Statement;
  private readonly activeOnStmt: Statement;
  private readonly inForceForPersonStmt: Statement;
  private readonly idNumbersStmt: Statement;
  private readonly endByRuleStmt: Statement;
  private readonly stillActiveStmt: Statement;
  private readonly transferOutStmt: Statement;
  private readonly runningAfterStmt: Statement;

  constructor(db: Driver) {
    this.insertStmt = db.prepare(
      `INSERT INTO measures (arrival_id, policy_id, policy, rule, start_date, release_date, status, released_on, release_reason, in_force_from, created_at, created_by)
       VALUES (@arrival_id, @policy_id, @policy, @rule, @start_date, @release_date, @status, @released_on, @release_reason, @in_force_from, @created_at, @created_by)`,
    );
    this.insertPhaseStmt = db.prepare('INSERT INTO measure_phases (measure_id, seq, kind, start_date, end_date) VALUES (?, ?, ?, ?, ?)');
    this.insertTestStmt = db.prepare('INSERT INTO measure_tests (measure_id, seq, phase_seq, day, test_date) VALUES (?, ?, ?, ?, ?)');
    this.insertPlacementStmt = db.prepare(
      'INSERT INTO placements (measure_id, site_id, from_date, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byIdStmt = db.prepare('SELECT * FROM measures WHERE id = ?');
    this.byArrivalStmt = db.prepare('SELECT * FROM measures WHERE arrival_id = ? ORDER BY id');
    this.currentByArrivalStmt = db.prepare("SELECT * FROM measures WHERE arrival_id = ? AND status = 'active' ORDER BY id DESC LIMIT 1");
    this.inForceForPersonStmt = db.prepare(
      `SELECT m.* FROM measures m JOIN arrivals a ON a.id = m.arrival_id WHERE a.id_number = @idNumber AND ${IN_FORCE_ON_DATE} ORDER BY m.id DESC LIMIT 1`,
    );
    this.idNumbersStmt = db.prepare('SELECT DISTINCT a.id_number FROM measures m JOIN arrivals a ON a.id = m.arrival_id');
    this.endByRuleStmt = db.prepare("UPDATE measures SET status = 'released', released_on = ?, release_reason = ?, end_kind = 'rule' WHERE id = ? AND status = 'active'");
    this.transferOutStmt = db.prepare("UPDATE measures SET status = 'released', released_on = ?, release_reason = ?, end_kind = 'transferred' WHERE id = ? AND status = 'active'");
    this.runningAfterStmt = db.prepare("SELECT * FROM measures WHERE status = 'active' AND release_date > ? ORDER BY id");
    this.stillActiveStmt = db.prepare(`SELECT id FROM measures WHERE id = ? AND status = 'active'${backendOf(db) === 'postgres' ? ' FOR UPDATE' : ''}`);
    this.phasesStmt = db.prepare('SELECT * FROM measure_phases WHERE measure_id = ? ORDER BY seq');
    this.testsStmt = db.prepare('SELECT * FROM measure_tests WHERE measure_id = ? ORDER BY seq');
    this.placementsStmt = db.prepare(
      'SELECT pl.id, pl.measure_id, pl.site_id, s.name AS site_name, pl.from_date, pl.note FROM placements pl LEFT JOIN sites s ON s.id = pl.site_id WHERE pl.measure_id = ? ORDER BY pl.from_date, pl.id',
    );
    this.releaseStmt = db.prepare("UPDATE measures SET status = 'released', released_on = ?, release_reason = ? WHERE id = ? AND status = 'active'");
    this.supersedeStmt = db.prepare("UPDATE measures SET status = 'superseded', superseded_by = ?, superseded_on = ? WHERE id = ? AND status = 'active'");
    this.cancelStmt = db.prepare("UPDATE measures SET status = 'cancelled', cancelled_on = ?, cancel_reason = ? WHERE id = ? AND status = 'active'");
    this.activeByPolicyStmt = db.prepare("SELECT * FROM measures WHERE policy_id = ? AND status = 'active' ORDER BY id");
    this.pendingArrivalsStmt = db.prepare(
      `SELECT a.* FROM arrivals a WHERE (CAST(@date AS TEXT) IS NULL OR a.arrival_date = @date) AND a.deleted_at IS NULL AND a.expected = 0
         AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.arrival_id = a.id) ORDER BY a.arrival_date, a.id`,
    );
    this.activeOnStmt = db.prepare(
      `SELECT m.*, a.name, a.id_number, a.phone, a.destination, a.township,
              p.seq AS phase_seq, p.kind AS phase_kind, p.start_date AS phase_start, p.end_date AS phase_end,
              ${SITE_ON_DATE} AS site_id,
              (SELECT s.name FROM sites s WHERE s.id = ${SITE_ON_DATE}) AS site_name,
              EXISTS (SELECT 1 FROM placements pl WHERE pl.measure_id = m.id AND pl.from_date <= @date) AS placed
       FROM measure_phases p JOIN measures m ON m.id = p.measure_id JOIN arrivals a ON a.id = m.arrival_id
       WHERE ${phaseOnDate(backendOf(db))} AND ${IN_FORCE_ON_DATE}
         AND (CAST(@kind AS TEXT) IS NULL OR p.kind = @kind)
       ORDER BY p.kind, m.start_date, m.id`,
    );
  }

  insert(m: NewMeasure, at: string, by: string): number {
    const id = Number(
      this.insertStmt.run({
        arrival_id: m.arrival_id,
        policy_id: m.policy_id,
        policy: m.policy,
        rule: m.rule,
        start_date: m.schedule.start_date,
        release_date: m.schedule.release_date,
        status: m.status,
        released_on: m.released_on,
        release_reason: m.release_reason,
        in_force_from: m.in_force_from,
        created_at: at,
        created_by: by,
      }).lastInsertRowid,
    );
    m.schedule.phases.forEach((p, i) => this.insertPhaseStmt.run(id, i + 1, p.kind, p.start, p.end));
    let seq = 0;
    m.schedule.phases.forEach((p, i) => p.tests.forEach((t) => this.insertTestStmt.run(id, ++seq, i + 1, t.day, t.date)));
    if (m.schedule.phases.length === 0) {
      m.schedule.test_dates.forEach((d, i) => this.insertTestStmt.run(id, ++seq, null, i + 1, d));
    }
    return id;
  }

  place(measureId: number, siteId: number | null, from: string, note: string | null, at: string, by: string): void {
    this.insertPlacementStmt.run(measureId, siteId, from, note, at, by);
  }

  get(id: number): MeasureRow | undefined {
    return this.byIdStmt.get(id) as MeasureRow | undefined;
  }

  forArrival(arrivalId: number): MeasureRow[] {
    return this.byArrivalStmt.all(arrivalId) as MeasureRow[];
  }

  currentForArrival(arrivalId: number): MeasureRow | undefined {
    return this.currentByArrivalStmt.get(arrivalId) as MeasureRow | undefined;
  }

  phases(measureId: number): PhaseRow[] {
    return this.phasesStmt.all(measureId) as PhaseRow[];
  }

  tests(measureId: number): TestRow[] {
    return this.testsStmt.all(measureId) as TestRow[];
  }

  placements(measureId: number): PlacementRow[] {
    return this.placementsStmt.all(measureId) as PlacementRow[];
  }

  /**
   * Inside a write transaction: true when the measure is still active (locked for the rest of the
   * transaction on PostgreSQL), false when another desk changed it since it was read.
   */
  stillActive(id: number): boolean {
    return this.stillActiveStmt.get(id) !== undefined;
  }

  release(id: number, on: string, reason: string): boolean {
    return this.releaseStmt.run(on, reason, id).changes === 1;
  }

  /** Ends a measure on a date because a rule abolished it, the rule as the reason. */
  endByRule(id: number, on: string, reason: string): boolean {
    return this.endByRuleStmt.run(on, reason, id).changes === 1;
  }

  /** Ends a measure on a date because the person was transferred (转运) after a positive result. */
  transferOut(id: number, on: string, reason: string): boolean {
    return this.transferOutStmt.run(on, reason, id).changes === 1;
  }

  /** Every active measure not over by the date (its release date after it): what a rule ending them all ends. */
  runningAfter(date: string): MeasureRow[] {
    return this.runningAfterStmt.all(date) as MeasureRow[];
  }

  /** The ID numbers of everyone who has ever had a measure. */
  idNumbersWithMeasures(): string[] {
    return (this.idNumbersStmt.all() as Array<{ id_number: string }>).map((r) => r.id_number);
  }

  supersede(id: number, by: number, on: string): boolean {
    return this.supersedeStmt.run(by, on, id).changes === 1;
  }

  /** Marks a measure assigned in error: off the books from `on`, and never a release. */
  cancel(id: number, on: string, reason: string): boolean {
    return this.cancelStmt.run(on, reason, id).changes === 1;
  }

  activeByPolicy(policyId: string): MeasureRow[] {
    return this.activeByPolicyStmt.all(policyId) as MeasureRow[];
  }

  /** Arrivals that have never had a measure, optionally of one arrival date. */
  pendingArrivals(date: string | null): Array<{ id: number }> {
    return this.pendingArrivalsStmt.all({ date }) as Array<{ id: number }>;
  }

  /** The person's measure in force on a date, if any. */
  inForceFor(idNumber: string, date: string): MeasureRow | undefined {
    return this.inForceForPersonStmt.get({ idNumber, date }) as MeasureRow | undefined;
  }

  /** Everyone in a phase on the date (optionally of one kind). */
  activeOn(date: string, kind: PhaseKind | null): ActiveRow[] {
    return this.activeOnStmt.all({ date, kind }) as ActiveRow[];
  }
}
