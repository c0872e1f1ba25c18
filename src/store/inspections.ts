import { backendOf, type Driver, type Statement } from './driver.js';
import type { CheckpointKind, InspectionRecord } from '../domain/inspection.js';
import type { PgDriver } from './pg/driver.js';
import { stageRows, stagingTable } from './pg/staging.js';

/** The columns an inspection import writes, in the order insertMany stages them on PostgreSQL (the arrival is found as they are inserted). */
const STAGED = [
  'checkpoint_id', 'inspected_at', 'inspected_date', 'id_number', 'name', 'phone', 'vehicle', 'passengers', 'code', 'travel_star', 'test_time', 'test_result',
  'temperature', 'action', 'origin', 'anomalies', 'override_reason', 'created_at', 'created_by',
];

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
  private readonly insertCheckpointStmt: Statement;
  private readonly checkpointByNameStmt: Statement;
  private readonly checkpointsStmt: Statement;
  private readonly countsStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly unregisteredStmt: Statement;
  private readonly latestArrivalStmt: Statement;
  private readonly listCache = new Map<string, Statement>();

  constructor(private readonly db: Driver) {
    this.insertCheckpointStmt = db.prepare('INSERT INTO checkpoints (name, kind, location, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
    this.checkpointByNameStmt = db.prepare('SELECT * FROM checkpoints WHERE name = ?');
    this.checkpointsStmt = db.prepare('SELECT * FROM checkpoints ORDER BY name');
    this.countsStmt = db.prepare(
      `SELECT count(*) AS inspections, coalesce(sum(passengers), 0) AS people, count(vehicle) AS vehicles, coalesce(sum(CASE WHEN anomalies <> '' THEN 1 ELSE 0 END), 0) AS anomalies
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
       WHERE i.id_number IS NOT NULL AND (CAST(@date AS TEXT) IS NULL OR i.inspected_date = @date) AND i.voided_at IS NULL
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

  /**
   * Inserts inspections in order, as insert() one after the other with arrivalFor() (the same ids,
   * the same arrival, the same outcome for one already there or earlier in the batch); returns
   * each new id, or null. PostgreSQL: the batch COPYed into a staging table (store/pg/staging.ts),
   * then one INSERT … SELECT from it (the arrival of each found in the same statement), in order.
   */
  insertMany(rows: Array<{ checkpointId: number; record: InspectionRecord }>, at: string, by: string): Array<number | null> {
    if (backendOf(this.db) !== 'postgres') {
      return rows.map(({ checkpointId, record: r }) => this.insert(checkpointId, r, r.id_number ? this.arrivalFor(r.id_number, r.inspected_date) : null, at, by));
    }
    const db = this.db as PgDriver;
    if (!db.inTransaction) return db.transaction(() => this.insertMany(rows, at, by)).immediate();
    const stage = stagingTable('inspections');
    const ids = stageRows(
      db,
      'inspections',
      STAGED,
      rows.map(({ checkpointId, record: r }) => [
        checkpointId, r.inspected_at, r.inspected_date, r.id_number, r.name, r.phone, r.vehicle, r.passengers, r.code, r.travel_star, r.test_time, r.test_result,
        r.temperature, r.action, r.origin, r.anomalies.join(','), r.override_reason, at, by,
      ]),
      // the inserted rows' keys, matched to the batch here (no join of the batch to what it inserted)
      `INSERT INTO inspections (${STAGED.join(', ')}, arrival_id)
         SELECT ${STAGED.join(', ')},
                (SELECT a.id FROM arrivals a WHERE a.id_number = s.id_number AND a.arrival_date <= s.inspected_date AND a.deleted_at IS NULL
                  ORDER BY a.arrival_date DESC LIMIT 1)
         FROM ${stage} s ORDER BY n
         ON CONFLICT DO NOTHING RETURNING id, checkpoint_id, inspected_at, id_number, vehicle`,
    ) as Array<{ id: number; checkpoint_id: number; inspected_at: string; id_number: string | null; vehicle: string | null }>;
    const key = (cp: number, at2: string, idNumber: string | null, vehicle: string | null) => `${cp}\u0000${at2}\u0000${idNumber ?? ''}\u0000${vehicle ?? ''}`;
    const inserted = new Map(ids.map((r) => [key(r.checkpoint_id, r.inspected_at, r.id_number, r.vehicle), r.id]));
    // the same inspection twice in the batch: the first is the one inserted
    const seen = new Set<number>();
    return rows.map(({ checkpointId, record: r }) => {
      const id = inserted.get(key(checkpointId, r.inspected_at, r.id_number, r.vehicle));
      if (id === undefined || seen.has(id)) return null;
      seen.add(id);
      return id;
    });
  }

  get(id: number): InspectionRow | undefined {
    return this.byIdStmt.get(id) as InspectionRow | undefined;
  }

  private listStatement(f: InspectionFilter): { stmt: Statement; params: Record<string, unknown> } {
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
    return (this.db.prepare(`SELECT count(*) AS n FROM (${stmt.source}) AS listed`).get(params) as { n: number }).n;
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
