import type Database from 'better-sqlite3';
import type { CheckpointKind, InspectionRecord } from '../domain/inspection.js';

export interface CheckpointRow {
  id: number;
  name: string;
  kind: CheckpointKind;
  location: string | null;
  created_at: string;
  created_by: string;
}

export interface InspectionRow extends Omit<InspectionRecord, 'anomalies'> {
  id: number;
  checkpoint_id: number;
  checkpoint: string;
  anomalies: string;
  arrival_id: number | null;
  /** Voided as typed in error (UTC), and why; null while it stands. */
  voided_at?: string | null;
  void_reason?: string | null;
}

export interface InspectionFilter {
  date?: string;
  checkpointId?: number;
  anomalies?: boolean;
}

const FILTERS: Record<keyof InspectionFilter, string> = {
  date: 'i.inspected_date = @date',
  checkpointId: 'i.checkpoint_id = @checkpointId',
  anomalies: "i.anomalies <> ''",
};

export class InspectionRepo {
  private readonly insertCheckpointStmt: Database.Statement;
  private readonly checkpointByNameStmt: Database.Statement;
  private readonly checkpointsStmt: Database.Statement;
  private readonly countsStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement;
  private readonly unregisteredStmt: Database.Statement;
  private readonly latestArrivalStmt: Database.Statement;
  private readonly listCache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.insertCheckpointStmt = db.prepare('INSERT INTO checkpoints (name, kind, location, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
    this.checkpointByNameStmt = db.prepare('SELECT * FROM checkpoints WHERE name = ?');
    this.checkpointsStmt = db.prepare('SELECT * FROM checkpoints ORDER BY name');
    this.countsStmt = db.prepare(
      `SELECT count(*) AS inspections, coalesce(sum(passengers), 0) AS people, count(vehicle) AS vehicles, coalesce(sum(anomalies <> ''), 0) AS anomalies
       FROM inspections WHERE checkpoint_id = ? AND inspected_date = ? AND voided_at IS NULL`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO inspections (checkpoint_id, inspected_at, inspected_date, id_number, name, phone, vehicle, passengers, code, travel_star, test_time, test_result, temperature, action, origin, anomalies, arrival_id, created_at, created_by, override_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.byIdStmt = db.prepare('SELECT i.*, c.name AS checkpoint FROM inspections i JOIN checkpoints c ON c.id = i.checkpoint_id WHERE i.id = ?');
    this.unregisteredStmt = db.prepare(
      `SELECT i.*, c.name AS checkpoint, c.kind AS checkpoint_kind FROM inspections i JOIN checkpoints c ON c.id = i.checkpoint_id
       WHERE i.id_number IS NOT NULL AND (@date IS NULL OR i.inspected_date = @date) AND i.voided_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM arrivals a WHERE a.id_number = i.id_number AND a.deleted_at IS NULL)
       ORDER BY i.inspected_at, i.id`,
    );
    this.latestArrivalStmt = db.prepare('SELECT id FROM arrivals WHERE id_number = ? AND arrival_date <= ? AND deleted_at IS NULL ORDER BY arrival_date DESC LIMIT 1');
  }

  addCheckpoint(name: string, kind: CheckpointKind, location: string | null, at: string, by: string): number {
    return Number(this.insertCheckpointStmt.run(name, kind, location, at, by).lastInsertRowid);
  }

  checkpoint(name: string): CheckpointRow | undefined {
    return this.checkpointByNameStmt.get(name) as CheckpointRow | undefined;
  }

  checkpoints(): CheckpointRow[] {
    return this.checkpointsStmt.all() as CheckpointRow[];
  }

  counts(checkpointId: number, date: string): { inspections: number; people: number; vehicles: number; anomalies: number } {
    return this.countsStmt.get(checkpointId, date) as { inspections: number; people: number; vehicles: number; anomalies: number };
  }

  /** The arrival an inspection belongs to: the person's latest arrival on or before the date. */
  arrivalFor(idNumber: string, date: string): number | null {
    const r = this.latestArrivalStmt.get(idNumber, date) as { id: number } | undefined;
    return r?.id ?? null;
  }

  /** Inserts; returns the new id, or null when the same inspection is there already. */
  insert(checkpointId: number, r: InspectionRecord, arrivalId: number | null, at: string, by: string): number | null {
    // positional parameters: an import inserts millions of these
    const res = this.insertStmt.run(
      checkpointId, r.inspected_at, r.inspected_date, r.id_number, r.name, r.phone, r.vehicle, r.passengers, r.code, r.travel_star,
      r.test_time, r.test_result, r.temperature, r.action, r.origin, r.anomalies.join(','), arrivalId, at, by, r.override_reason,
    );
    return res.changes === 1 ? Number(res.lastInsertRowid) : null;
  }

  get(id: number): InspectionRow | undefined {
    return this.byIdStmt.get(id) as InspectionRow | undefined;
  }

  private listStatement(f: InspectionFilter): { stmt: Database.Statement; params: Record<string, unknown> } {
    const keys = (Object.keys(FILTERS) as Array<keyof InspectionFilter>).filter((k) => f[k] !== undefined && f[k] !== false);
    const sig = keys.join(',');
    let stmt = this.listCache.get(sig);
    if (!stmt) {
      const where = `WHERE ${[...keys.map((k) => FILTERS[k]), 'i.voided_at IS NULL'].join(' AND ')}`;
      stmt = this.db.prepare(`SELECT i.*, c.name AS checkpoint FROM inspections i JOIN checkpoints c ON c.id = i.checkpoint_id ${where} ORDER BY i.inspected_at, i.id`);
      this.listCache.set(sig, stmt);
    }
    const params: Record<string, unknown> = {};
    for (const k of keys) if (k !== 'anomalies') params[k] = f[k];
    return { stmt, params };
  }

  list(f: InspectionFilter = {}): InspectionRow[] {
    const { stmt, params } = this.listStatement(f);
    return stmt.all(params) as InspectionRow[];
  }

  /** How many inspections the filter has. */
  countOf(f: InspectionFilter = {}): number {
    const { stmt, params } = this.listStatement(f);
    return (this.db.prepare(`SELECT count(*) AS n FROM (${stmt.source})`).get(params) as { n: number }).n;
  }

  iterate(f: InspectionFilter = {}): IterableIterator<InspectionRow> {
    const { stmt, params } = this.listStatement(f);
    return stmt.iterate(params) as IterableIterator<InspectionRow>;
  }

  /** Marks an inspection void (typed in error); true when it stood. */
  void(id: number, at: string, reason: string): boolean {
    return this.db.prepare('UPDATE inspections SET voided_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL').run(at, reason, id).changes === 1;
  }

  unregistered(date: string | null): Array<InspectionRow & { checkpoint_kind: CheckpointKind }> {
    return this.unregisteredStmt.all({ date }) as Array<InspectionRow & { checkpoint_kind: CheckpointKind }>;
  }
}
