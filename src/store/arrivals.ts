import type Database from 'better-sqlite3';
import { backendOf, likeOp, limitClause, type Driver, type Statement } from './driver.js';
import type { ArrivalRecord } from '../domain/arrival.js';
import { csvChunkSql, csvLineSql } from './csv-sql.js';
import { RowStream } from '../domain/row-stream.js';
import type { PgDriver } from './pg/driver.js';
import { stageRows, stagingTable } from './pg/staging.js';

export interface ArrivalRow extends Omit<ArrivalRecord, 'expected'> {
  id: number;
  origin_code: string | null;
  origin_name: string | null;
  created_at: string;
  created_by: string;
  /** Deleted as registered in error (UTC), and why; null while it stands. */
  deleted_at?: string | null;
  deleted_reason?: string | null;
  /** 1 while registered in advance and not arrived yet. */
  expected?: number;
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
  /** The document type (with idNumber: one person). */
  docType?: string;
  /** Part of the name. */
  name?: string;
  /** Part of the phone number; four digits or fewer: its last digits. */
  phone?: string;
  /** Part of the name, phone, vehicle or destination. */
  q?: string;
  /** Only those whose origin names no known place, or several (no origin_code, no origin_name). */
  unresolved?: boolean;
  limit?: number;
  /** Rows skipped first (with limit: a page). */
  offset?: number;
  /** Deleted arrivals too (arrival restore finds them); a listing leaves them out. */
  withDeleted?: boolean;
  /** true: only those registered in advance, not arrived yet; 'all': those too; default: arrived only. */
  expected?: boolean | 'all';
}

/** An export's matches read in one page through an index (see csvChunks). */
const FEW_MATCHES = 50_000;

/** A UTF-16 surrogate not in a pair (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * Columns whose CHECK (001-arrivals) admits only values that are CSV as they are (digits and
 * dashes, lower-case keys): written without the quoting expression.
 */
const CSV_PLAIN: ReadonlySet<string> = new Set(['arrival_date', 'transport', 'contact_type']);

/** The columns a caller may ask for by name (never built from input: checked against this list). */
const EXPORTABLE = ['name', 'doc_type', 'id_number', 'doc_country', 'phone', 'origin', 'arrival_date', 'arrival_time', 'transport', 'vehicle', 'destination', 'township', 'contact_type', 'exposure_date', 'note', 'entry_date', 'left_date'];

const COLUMNS =
  'doc_type, id_number, doc_country, name, phone, origin, origin_code, origin_name, arrival_date, arrival_time, transport, vehicle, destination, township, contact_type, exposure_date, note, created_at, created_by, entry_date, left_date';

/** The columns an import writes, in the order insertMany stages them on PostgreSQL. */
const STAGED = [...COLUMNS.split(', '), 'expected'];

/**
 * The WHERE clause of a listing is put together from these fixed fragments only; every
 * value is a bound parameter. Nothing a user types becomes SQL.
 */
type FilterKey = keyof Omit<ArrivalFilter, 'limit' | 'offset' | 'withDeleted' | 'expected'>;

function filters(like: string): Record<FilterKey, string> {
  return {
  date: 'arrival_date = @date',
  from: 'arrival_date >= @from',
  to: 'arrival_date <= @to',
  origin: 'substr(origin, 1, length(CAST(@origin AS TEXT))) = CAST(@origin AS TEXT)',
  township: 'township = @township',
  contact: 'contact_type = @contact',
  idNumber: 'id_number = @idNumber',
  docType: 'doc_type = @docType',
  name: `name ${like} @name ESCAPE '\\'`,
  phone: `phone ${like} @phone ESCAPE '\\'`,
  q: `(name ${like} @q ESCAPE '\\' OR phone ${like} @q ESCAPE '\\' OR vehicle ${like} @q ESCAPE '\\' OR destination ${like} @q ESCAPE '\\')`,
  unresolved: '(@unresolved = 1 AND origin_code IS NULL AND origin_name IS NULL)',
  };
}
const FILTERS = filters('LIKE');

/** A LIKE pattern that matches the text itself: its % _ and \ escaped. */
function likeText(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The bound value of a filter: the searches become LIKE patterns (the text escaped), the rest as given. */
function bound(k: keyof typeof FILTERS, v: unknown): unknown {
  if (k === 'name' || k === 'q') return `%${likeText(String(v))}%`;
  if (k === 'unresolved') return v ? 1 : 0;
  if (k === 'phone') {
    const s = String(v).replace(/[\s-]/g, '');
    return /^\d{1,4}$/.test(s) ? `%${likeText(s)}` : `%${likeText(s)}%`;
  }
  return v;
}

function expectedCond(f: ArrivalFilter): string[] {
  return f.expected === 'all' ? [] : f.expected ? ['expected = 1'] : ['expected = 0'];
}

export class ArrivalRepo {
  private readonly insertStmt: Statement;
  private readonly byKeyStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly listCache = new Map<string, Statement>();
  private wasStmt: Statement | undefined;
  private readonly filters: Record<FilterKey, string>;
  private readonly limit: string;

  constructor(private readonly db: Driver) {
    this.filters = filters(likeOp(backendOf(db)));
    this.limit = limitClause(backendOf(db), '@limit');
    this.insertStmt = db.prepare(
      `INSERT INTO arrivals (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id_number, arrival_date, doc_type) DO NOTHING`,
    );
    this.byKeyStmt = db.prepare('SELECT * FROM arrivals WHERE id_number = ? AND arrival_date = ? AND doc_type = ?');
    this.byIdStmt = db.prepare('SELECT * FROM arrivals WHERE id = ?');
  }

  /** Inserts; returns the new id, or null when (doc_type, id_number, arrival_date) is already there. */
  insert(rec: ArrivalRecord, createdAt: string, createdBy: string): number | null {
    // positional parameters: an import inserts a million of these
    const r = this.insertStmt.run(
      rec.doc_type ?? 'resident_id', rec.id_number, rec.doc_country ?? null, rec.name, rec.phone, rec.origin, rec.origin_code ?? null, rec.origin_name ?? null, rec.arrival_date, rec.arrival_time, rec.transport, rec.vehicle,
      rec.destination, rec.township, rec.contact_type, rec.exposure_date, rec.note, createdAt, createdBy, rec.entry_date ?? null, rec.left_date ?? null,
    );
    if (r.changes !== 1) return null;
    const id = Number(r.lastInsertRowid);
    if (rec.expected) this.db.prepare('UPDATE arrivals SET expected = 1 WHERE id = ?').run(id);
    return id;
  }

  /**
   * Inserts records in order, as insert() one after the other (the same ids, the same outcome for
   * a row whose key is there already or earlier in the batch); returns each new id, or null with
   * the row already there when it was there before the batch (`was`).
   * PostgreSQL: the batch COPYed into a staging table (store/pg/staging.ts: the table's types and
   * CHECKs refuse a bad value there, naming its row), then one INSERT … SELECT from it, in order.
   */
  insertMany(recs: ArrivalRecord[], createdAt: string, createdBy: string): Array<{ id: number | null; was?: ArrivalRow }> {
    if (backendOf(this.db) !== 'postgres') return recs.map((r) => ({ id: this.insert(r, createdAt, createdBy) }));
    const db = this.db as PgDriver;
    if (!db.inTransaction) return db.transaction(() => this.insertMany(recs, createdAt, createdBy)).immediate();
    const stage = stagingTable('arrivals');
    const rows = stageRows(
      db,
      'arrivals',
      STAGED,
      recs.map((r) => [
        r.doc_type ?? 'resident_id', r.id_number, r.doc_country ?? null, r.name, r.phone, r.origin, r.origin_code ?? null, r.origin_name ?? null, r.arrival_date, r.arrival_time, r.transport, r.vehicle,
        r.destination, r.township, r.contact_type, r.exposure_date, r.note, createdAt, createdBy, r.entry_date ?? null, r.left_date ?? null, r.expected ? 1 : 0,
      ]),
      // only the inserted rows' keys: matched to the batch here, not by a join of the staged rows
      // to the INSERT's (the planner, knowing nothing of a temporary table, may make it a nested loop)
      `INSERT INTO arrivals (${STAGED.join(', ')})
         SELECT ${STAGED.join(', ')} FROM ${stage} ORDER BY n
         ON CONFLICT (id_number, arrival_date, doc_type) DO NOTHING RETURNING id, doc_type, id_number, arrival_date`,
    ) as Array<{ id: number; doc_type: string; id_number: string; arrival_date: string }>;
    const key = (docType: string, idNumber: string, date: string) => `${docType}\u0000${idNumber}\u0000${date}`;
    const inserted = new Map(rows.map((r) => [key(r.doc_type, r.id_number, r.arrival_date), r.id]));
    // the rows not inserted were there already: read as they are, one index lookup each
    const missing = new Map<string, ArrivalRecord>();
    for (const r of recs) {
      const k = key(r.doc_type ?? 'resident_id', r.id_number, r.arrival_date);
      if (!inserted.has(k) && !missing.has(k)) missing.set(k, r);
    }
    const before = new Map<string, ArrivalRow>();
    if (missing.size > 0) {
      this.wasStmt ??= this.db.prepare(
        `SELECT (SELECT row_to_json(a) FROM arrivals a WHERE a.id_number = k.id_number AND a.arrival_date = k.arrival_date AND a.doc_type = k.doc_type) AS was
         FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) WITH ORDINALITY AS k(doc_type, id_number, arrival_date, n) ORDER BY k.n`,
      );
      const want = [...missing.values()];
      const found = this.wasStmt.pluck().all(want.map((r) => r.doc_type ?? 'resident_id'), want.map((r) => r.id_number), want.map((r) => r.arrival_date)) as Array<ArrivalRow | null>;
      want.forEach((r, i) => {
        if (found[i]) before.set(key(r.doc_type ?? 'resident_id', r.id_number, r.arrival_date), found[i]!);
      });
    }
    // a key twice in the batch: the first row is the one inserted, the later ones find it there
    const seen = new Set<string>();
    return recs.map((rec) => {
      const k = key(rec.doc_type ?? 'resident_id', rec.id_number, rec.arrival_date);
      const id = inserted.get(k);
      if (id === undefined) return { id: null, was: before.get(k) };
      if (seen.has(k)) return { id: null };
      seen.add(k);
      return { id };
    });
  }

  /** The document numbers of those registered in advance and not arrived yet. */
  expectedIdNumbers(): string[] {
    return this.db.prepare('SELECT DISTINCT id_number FROM arrivals WHERE expected = 1 AND deleted_at IS NULL').pluck().all() as string[];
  }

  /** An expected arrival has arrived, on this date; expected_on keeps the date they were expected (the daily report's expected_next_day). */
  confirm(id: number, date: string): boolean {
    return this.db.prepare('UPDATE arrivals SET expected = 0, expected_on = arrival_date, arrival_date = ? WHERE id = ? AND expected = 1').run(date, id).changes === 1;
  }

  /** The arrival of a person (document type and number) on a date. */
  /** The person's arrival registered in advance (not arrived yet) expected on or before `latest`, the earliest first. */
  expectedFor(idNumber: string, latest: string): ArrivalRow | undefined {
    return this.db
      .prepare('SELECT * FROM arrivals WHERE id_number = ? AND expected = 1 AND deleted_at IS NULL AND arrival_date <= ? ORDER BY arrival_date, id LIMIT 1')
      .get(idNumber, latest) as ArrivalRow | undefined;
  }

  /** Other arrivals of one document number registered under another name than `name` (the latest first, at most 5). */
  otherNames(idNumber: string, docType: string, name: string): Array<{ id: number; name: string; arrival_date: string }> {
    return this.db
      .prepare('SELECT id, name, arrival_date FROM arrivals WHERE id_number = ? AND doc_type = ? AND name <> ? AND deleted_at IS NULL ORDER BY arrival_date DESC, id DESC LIMIT 5')
      .all(idNumber, docType, name) as Array<{ id: number; name: string; arrival_date: string }>;
  }

  /**
   * The arrivals numbered from `fromId` to `toId` (an import's) whose document number an earlier
   * arrival has under another name: each with that arrival, at most `limit`.
   */
  nameClashes(fromId: number, toId: number, limit: number): Array<{ id: number; name: string; other_id: number; other_name: string }> {
    return this.db
      .prepare(
        `SELECT a.id, a.name, b.id AS other_id, b.name AS other_name
           FROM arrivals a JOIN arrivals b ON b.id_number = a.id_number AND b.doc_type = a.doc_type AND b.name <> a.name AND b.id < a.id AND b.deleted_at IS NULL
          WHERE a.id >= ? AND a.id <= ? AND a.deleted_at IS NULL
          ORDER BY a.id, b.id LIMIT ?`,
      )
      .all(fromId, toId, limit) as Array<{ id: number; name: string; other_id: number; other_name: string }>;
  }

  findByKey(idNumber: string, date: string, docType: string = 'resident_id'): ArrivalRow | undefined {
    return this.byKeyStmt.get(idNumber, date, docType) as ArrivalRow | undefined;
  }

  get(id: number): ArrivalRow | undefined {
    return this.byIdStmt.get(id) as ArrivalRow | undefined;
  }

  /**
   * A listing is in arrival order (date, time, number); an export streams in the order rows were
   * written (by number), which needs no sort of the whole table.
   */
  private listStatement(f: ArrivalFilter, order: 'arrival' | 'id' = 'arrival', select: '*' | 'count' = '*'): { stmt: Statement; params: Record<string, unknown> } {
    const keys = (Object.keys(FILTERS) as Array<keyof typeof FILTERS>).filter((k) => f[k] !== undefined && f[k] !== null);
    const paged = f.limit !== undefined || (f.offset ?? 0) > 0;
    const sig = keys.join(',') + (paged ? ',limit' : '') + (f.withDeleted ? ',deleted' : '') + `,expected:${f.expected ?? ''}` + order + ',' + select;
    let stmt = this.listCache.get(sig);
    if (!stmt) {
      const conds = [...keys.map((k) => this.filters[k]), ...(f.withDeleted ? [] : ['deleted_at IS NULL']), ...expectedCond(f)];
      const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
      // a count needs no order (a page of it has as many rows in any order): no sort
      const orderBy = select === 'count' ? '' : `ORDER BY ${order === 'id' ? 'id' : 'arrival_date, arrival_time, id'}`;
      const sql = `SELECT ${select === 'count' ? 'id' : '*'} FROM arrivals ${where} ${orderBy} ${paged ? `${this.limit} OFFSET @offset` : ''}`;
      stmt = this.db.prepare(select === 'count' ? `SELECT count(*) AS n FROM (${sql}) AS listed` : sql);
      this.listCache.set(sig, stmt);
    }
    const params: Record<string, unknown> = {};
    for (const k of keys) params[k] = bound(k, f[k]);
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

  /**
   * A listing of any size, in listing order: its count first, then its rows read from iterate()
   * a row at a time, on each pass (a table measures its columns in one pass and draws in another).
   */
  stream(f: ArrivalFilter = {}): RowStream<ArrivalRow> {
    // the sort of a big listing spills to a temporary file past a small cache, not into memory
    // (db.ts keeps temporary tables in memory and a 64 MB cache, for imports and reports)
    const count = this.countOf(f);
    if (backendOf(this.db) === 'postgres') {
      // PostgreSQL: the rows through a server-side cursor (store/pg/driver.ts), already objects
      const { stmt, params } = this.listStatement(f);
      return new RowStream(count, () => stmt.iterate(params) as IterableIterator<ArrivalRow>);
    }
    const db = this.db as Database.Database;
    db.pragma('temp_store = FILE');
    db.pragma('cache_size = -8192');
    const { params } = this.listStatement(f);
    // every column, as list() reads them (only the listed ones was no faster, and took 160 MB, not 95, for 300,000 rows)
    const { stmt } = this.listStatement(f);
    const raw = db.prepare((stmt as unknown as Database.Statement).source).raw();
    const names = raw.columns().map((c) => c.name);
    return new RowStream(count, function* () {
      // arrays, made objects here: twice as fast as better-sqlite3's objects for a big listing
      for (const a of raw.iterate(params) as IterableIterator<unknown[]>) {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) row[names[i]] = a[i];
        yield row as unknown as ArrivalRow;
      }
    });
  }

  /** How many rows a listing (or an export) of the filter has. */
  countOf(f: ArrivalFilter = {}): number {
    const { stmt, params } = this.listStatement(f, 'arrival', 'count');
    return (stmt.get(params) as { n: number }).n;
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
    const conds = [...keys.map((k) => this.filters[k]), ...(f.withDeleted ? [] : ['deleted_at IS NULL']), ...expectedCond(f)];
    const where = `WHERE ${conds.join(' AND ')}`;
    const params: Record<string, unknown> = {};
    for (const k of keys) params[k] = bound(k, f[k]);
    return this.db.prepare(`SELECT ${cols.join(', ')} FROM arrivals ${where} ORDER BY id`).raw().iterate(params) as IterableIterator<unknown[]>;
  }

  /**
   * Streams the CSV of an export, assembled in SQL (store/csv-sql.ts), in the order rows were
   * written, a few thousand lines at a time, as UTF-8 bytes: one value per chunk crosses into
   * JavaScript. `fieldFns` gives, for a column (a personal field, masked), the JavaScript that
   * makes its CSV field from the stored value; it is registered as a deterministic SQL function.
   * The chunks are read in one read transaction: the export is one snapshot, whatever is written
   * meanwhile.
   */
  *csvChunks(f: ArrivalFilter, columns: readonly (keyof ArrivalRecord)[], fieldFns: ReadonlyMap<string, (v: string | null) => string> = new Map(), rows = 4000): Generator<{ bytes: Buffer; rows: number }> {
    const keys = (Object.keys(FILTERS) as Array<keyof typeof FILTERS>).filter((k) => f[k] !== undefined && f[k] !== null);
    const allowed = new Set<string>(EXPORTABLE);
    if (columns.some((c) => !allowed.has(c))) throw new Error(`not a column of arrivals: ${columns.join(',')}`);
    const names = new Map<string, string>();
    for (const [col, fn] of fieldFns) {
      if (!allowed.has(col)) throw new Error(`not a column of arrivals: ${col}`);
      const name = `fangkong_csv_${col}`;
      // SQLite's text is UTF-8: a lone surrogate (a mask that cut a character in two) becomes
      // U+FFFD, as Node's own encoder writes it on the way to a file
      (this.db as Database.Database).function(name, { deterministic: true }, (v: unknown) => fn(v === null || v === undefined ? null : String(v)).replace(LONE_SURROGATE, '\uFFFD'));
      names.set(col, name);
    }
    const conds = [...keys.map((k) => FILTERS[k]), ...(f.withDeleted ? [] : ['deleted_at IS NULL']), ...expectedCond(f)];
    const params: Record<string, unknown> = {};
    for (const k of keys) params[k] = bound(k, f[k]);
    const line = csvLineSql(columns, names, CSV_PLAIN);
    const own = !this.db.inTransaction;
    if (own) this.db.exec('BEGIN');
    try {
      // Paged by row number, each page is a search from the last row: in row order (the table
      // itself) that is one pass. A filter (a township, a date) would have SQLite search its index
      // and sort the matches again for every page: rows read grow with the square of the matches
      // (250,000 of a township: 16 s against 2.8 s for the whole table). So with a filter: a few
      // matches (an index search and one sort) in one page; many, the table in row order.
      let stmt: Statement;
      if (keys.length === 0) stmt = this.db.prepare(csvChunkSql(line, 'arrivals', conds, rows)).raw();
      else {
        const n = this.db.prepare(`SELECT count(*) FROM arrivals WHERE ${conds.join(' AND ')}`).pluck().get(params) as number;
        stmt = n <= FEW_MATCHES ? this.db.prepare(csvChunkSql(line, 'arrivals', conds, Math.max(n, 1))).raw() : this.db.prepare(csvChunkSql(line, 'arrivals NOT INDEXED', conds, rows)).raw();
      }
      let after = 0;
      for (;;) {
        const [bytes, n, last] = stmt.get({ ...params, after }) as [Buffer | null, number, number | null];
        if (n === 0 || bytes === null || last === null) break;
        yield { bytes, rows: n };
        after = last;
      }
    } finally {
      if (own && this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM arrivals WHERE deleted_at IS NULL AND expected = 0').get() as { n: number }).n;
  }

  /** Rewrites the registration fields of one arrival (a correction); true when it was there. */
  update(id: number, rec: ArrivalRecord): boolean {
    const sets = EXPORTABLE.concat(['origin_code', 'origin_name']).map((c) => `${c} = @${c}`).join(', ');
    const params: Record<string, unknown> = { id };
    for (const c of EXPORTABLE.concat(['origin_code', 'origin_name'])) params[c] = (rec as unknown as Record<string, unknown>)[c] ?? null;
    return this.db.prepare(`UPDATE arrivals SET ${sets} WHERE id = @id`).run(params).changes === 1;
  }

  /** Marks an arrival deleted (at, reason) or, with nulls, restores it. */
  setDeleted(id: number, at: string | null, reason: string | null): boolean {
    return this.db.prepare('UPDATE arrivals SET deleted_at = ?, deleted_reason = ? WHERE id = ?').run(at, reason, id).changes === 1;
  }
}
