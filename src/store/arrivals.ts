import type Database from 'better-sqlite3';
import type { ArrivalRecord } from '../domain/arrival.js';

export interface ArrivalRow extends ArrivalRecord {
  id: number;
  origin_code: string | null;
  origin_name: string | null;
  created_at: string;
  created_by: string;
}

export interface ArrivalFilter {
  date?: string;
  from?: string;
  to?: string;
  /** Prefix of the origin: a province covers its cities and districts. */
  origin?: string;
  township?: string;
  contact?: string;
  idNumber?: string;
  limit?: number;
  /** Rows skipped first (with limit: a page). */
  offset?: number;
}

/** The columns a caller may ask for by name (never built from input: checked against this list). */
const EXPORTABLE = ['name', 'id_number', 'phone', 'origin', 'arrival_date', 'arrival_time', 'transport', 'vehicle', 'destination', 'township', 'contact_type', 'exposure_date', 'note'];

const COLUMNS =
  'id_number, name, phone, origin, origin_code, origin_name, arrival_date, arrival_time, transport, vehicle, destination, township, contact_type, exposure_date, note, created_at, created_by';

/**
 * The WHERE clause of a listing is put together from these fixed fragments only; every
 * value is a bound parameter. Nothing a user types becomes SQL.
 */
const FILTERS: Record<keyof Omit<ArrivalFilter, 'limit' | 'offset'>, string> = {
  date: 'arrival_date = @date',
  from: 'arrival_date >= @from',
  to: 'arrival_date <= @to',
  origin: 'substr(origin, 1, length(@origin)) = @origin',
  township: 'township = @township',
  contact: 'contact_type = @contact',
  idNumber: 'id_number = @idNumber',
};

export class ArrivalRepo {
  private readonly insertStmt: Database.Statement;
  private readonly byKeyStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement;
  private readonly listCache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO arrivals (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id_number, arrival_date) DO NOTHING`,
    );
    this.byKeyStmt = db.prepare('SELECT * FROM arrivals WHERE id_number = ? AND arrival_date = ?');
    this.byIdStmt = db.prepare('SELECT * FROM arrivals WHERE id = ?');
  }

  /** Inserts; returns the new id, or null when (id_number, arrival_date) is already there. */
  insert(rec: ArrivalRecord, createdAt: string, createdBy: string): number | null {
    // positional parameters: an import inserts a million of these
    const r = this.insertStmt.run(
      rec.id_number, rec.name, rec.phone, rec.origin, rec.origin_code ?? null, rec.origin_name ?? null, rec.arrival_date, rec.arrival_time, rec.transport, rec.vehicle,
      rec.destination, rec.township, rec.contact_type, rec.exposure_date, rec.note, createdAt, createdBy,
    );
    return r.changes === 1 ? Number(r.lastInsertRowid) : null;
  }

  findByKey(idNumber: string, date: string): ArrivalRow | undefined {
    return this.byKeyStmt.get(idNumber, date) as ArrivalRow | undefined;
  }

  get(id: number): ArrivalRow | undefined {
    return this.byIdStmt.get(id) as ArrivalRow | undefined;
  }

  /**
   * A listing is in arrival order (date, time, number); an export streams in the order rows were
   * written (by number), which needs no sort of the whole table.
   */
  private listStatement(f: ArrivalFilter, order: 'arrival' | 'id' = 'arrival'): { stmt: Database.Statement; params: Record<string, unknown> } {
    const keys = (Object.keys(FILTERS) as Array<keyof typeof FILTERS>).filter((k) => f[k] !== undefined && f[k] !== null);
    const paged = f.limit !== undefined || (f.offset ?? 0) > 0;
    const sig = keys.join(',') + (paged ? ',limit' : '') + order;
    let stmt = this.listCache.get(sig);
    if (!stmt) {
      const where = keys.length ? `WHERE ${keys.map((k) => FILTERS[k]).join(' AND ')}` : '';
      stmt = this.db.prepare(
        `SELECT * FROM arrivals ${where} ORDER BY ${order === 'id' ? 'id' : 'arrival_date, arrival_time, id'} ${paged ? 'LIMIT @limit OFFSET @offset' : ''}`,
      );
      this.listCache.set(sig, stmt);
    }
    const params: Record<string, unknown> = {};
    for (const k of keys) params[k] = f[k];
    if (paged) {
      // SQLite: a negative LIMIT is no limit
      params.limit = f.limit ?? -1;
      params.offset = f.offset ?? 0;
    }
    return { stmt, params };
  }

  list(f: ArrivalFilter = {}): ArrivalRow[] {
    const { stmt, params } = this.listStatement(f);
    return stmt.all(params) as ArrivalRow[];
  }

  /** Streams rows one at a time, for exports of any size. */
  iterate(f: ArrivalFilter = {}): IterableIterator<ArrivalRow> {
    const { stmt, params } = this.listStatement(f, 'id');
    return stmt.iterate(params) as IterableIterator<ArrivalRow>;
  }

  /**
   * Streams rows as arrays of the given columns, in the order they were written: an export of a
   * million rows spends most of its time turning SQLite values into JavaScript ones, and arrays of
   * only the columns needed halve that.
   */
  iterateColumns(f: ArrivalFilter, columns: readonly (keyof ArrivalRecord)[]): IterableIterator<unknown[]> {
    const keys = (Object.keys(FILTERS) as Array<keyof typeof FILTERS>).filter((k) => f[k] !== undefined && f[k] !== null);
    const allowed = new Set<string>(EXPORTABLE);
    const cols = columns.filter((c) => allowed.has(c));
    if (cols.length !== columns.length) throw new Error(`not a column of arrivals: ${columns.join(',')}`);
    const where = keys.length ? `WHERE ${keys.map((k) => FILTERS[k]).join(' AND ')}` : '';
    const params: Record<string, unknown> = {};
    for (const k of keys) params[k] = f[k];
    return this.db.prepare(`SELECT ${cols.join(', ')} FROM arrivals ${where} ORDER BY id`).raw().iterate(params) as IterableIterator<unknown[]>;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM arrivals').get() as { n: number }).n;
  }
}
