/**
 * Copying every row of one fangkong database into another, either way between SQLite and
 * PostgreSQL (`db copy`): same schema version on both sides, the target new (no arrivals, no
 * audit rows). In one transaction of the target: its rows are replaced by the source's, keys
 * included (the audit chain is keyed: the copy carries the key, so the chain verifies there; the
 * pseudonym key goes where the target keeps it — an SQLite target's key file, PostgreSQL's table),
 * with the append-only triggers off around it and foreign keys checked at the commit.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../domain/errors.js';
import type { Store } from './db.js';
import { backendOf, type Driver } from './driver.js';

/** Column names of a table, in order. */
function columns(db: Driver, table: string): string[] {
  if (backendOf(db) === 'postgres') {
    return db
      .prepare('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position')
      .pluck()
      .all(table) as string[];
  }
  return ((db as Database.Database).pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name);
}

const BATCH = 500;

/** Copies the rows of `from` into `to` (see the top of this file); returns the rows copied by table. */
export function copyRows(from: Store, to: Store, opts: { newKeyFile?: boolean } = {}): Record<string, number> {
  if (from.schemaVersion() !== to.schemaVersion()) throw new StoreError(
      `the two databases have schemas ${from.schemaVersion()} and ${to.schemaVersion()}: open both with this fangkong first`,
      `两个数据库的结构版本不同（${from.schemaVersion()} 和 ${to.schemaVersion()}）：请先用这个 fangkong 分别打开一次`,
    );
  const tables = from.maintenance.tables();
  const target = new Set(to.maintenance.tables());
  for (const t of tables) if (!target.has(t)) throw new StoreError(`the target has no table ${t}`, `目标数据库没有数据表 ${t}`);
  const busy = (to.db.prepare('SELECT (SELECT count(*) FROM arrivals) + (SELECT count(*) FROM measures) + (SELECT count(*) FROM inspections)').pluck().get() as number) ?? 0;
  const audit = to.db.prepare("SELECT count(*) FROM audit_log WHERE action <> 'db.copy'").pluck().get() as number;
  if (busy > 0 || audit > 0) throw new StoreError(`${to.path} is not empty (${busy} rows, ${audit} audit rows): copy into a new database`, `${to.path} 不是空的（${busy} 行数据、${audit} 行审计记录）：请复制到一个新数据库`);
  const pg = to.backend === 'postgres';
  const copied: Record<string, number> = {};
  to.transaction(() => {
    let triggers: Array<{ name: string; sql: string }> = [];
    if (pg) {
      to.db.exec('SET CONSTRAINTS ALL DEFERRED');
      for (const t of ['audit_log', 'keys']) to.db.exec(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    } else {
      const db = to.db as Database.Database;
      db.pragma('defer_foreign_keys = ON');
      triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; sql: string }>;
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    }
    for (const t of [...tables].reverse()) to.db.exec(`DELETE FROM "${t}"`);
    for (const t of tables) {
      const cols = columns(from.db, t);
      const have = new Set(columns(to.db, t));
      const missing = cols.filter((c) => !have.has(c));
      if (missing.length) throw new StoreError(`the target's ${t} has no column ${missing.join(', ')}`, `目标数据库的数据表 ${t} 没有列 ${missing.join('、')}`);
      const list = cols.map((c) => `"${c}"`).join(', ');
      const row = `(${cols.map(() => '?').join(', ')})`;
      const insert = (n: number) => to.db.prepare(`INSERT INTO "${t}" (${list}) VALUES ${Array(n).fill(row).join(', ')}`);
      const full = insert(BATCH);
      let batch: unknown[] = [];
      let n = 0;
      let count = 0;
      for (const r of from.db.prepare(`SELECT ${list} FROM "${t}"`).raw().iterate() as IterableIterator<unknown[]>) {
        batch.push(...r);
        if (++n === BATCH) {
          full.run(batch);
          batch = [];
          count += n;
          n = 0;
        }
      }
      if (n > 0) insert(n).run(batch);
      copied[t] = count + n;
    }
    // the pseudonym key goes with the copy, where the target keeps it (store/keys.ts): a person stays one person
    to.keys.adopt(from.keys.get('pseudonym'), { replaceFile: opts.newKeyFile });
    if (pg) {
      for (const t of ['audit_log', 'keys']) to.db.exec(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    } else {
      for (const t of triggers) to.db.exec(t.sql);
    }
  });
  return copied;
}
