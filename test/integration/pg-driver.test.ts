/**
 * The PostgreSQL driver behind the synchronous store (store/pg/driver.ts), against a real server:
 * the better-sqlite3 API the repos use, with SQLite's answers — placeholders, named parameters,
 * pluck and raw, numbers for counts and sums, 1/0 for booleans, Buffers for bytea, iterate()
 * through a cursor (stopped early too), nested transactions as savepoints, the write lock held
 * by a write transaction, a deferred one in REPEATABLE READ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDriver, translate, WRITE_LOCK } from '../../src/store/pg/driver.js';
import { startPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let db: PgDriver;
beforeAll(async () => {
  pg = await startPgServer();
  db = new PgDriver(pg.createDatabase());
  db.exec('CREATE TABLE t (id bigint PRIMARY KEY, name text, n bigint, blob bytea)');
}, 60_000);
afterAll(() => {
  db?.close();
  pg?.stop();
});

describe('PgDriver', () => {
  it('translates ? and @name to $n outside quotes and comments, and returns ids of inserts', () => {
    expect(translate("SELECT ? , '?', @a, @b, @a -- @c ?\n, \"@d\"").text).toBe("SELECT $1 , '?', $1, $2, $1 -- @c ?\n, \"@d\"");
    expect(translate('INSERT INTO arrivals (name) VALUES (?)').text).toBe('INSERT INTO arrivals (name) VALUES ($1) RETURNING id');
    expect(translate('INSERT INTO settings (key) VALUES (?)').text).toBe('INSERT INTO settings (key) VALUES ($1)');
  });

  it('runs, gets, plucks and lists rows as SQLite gives them', () => {
    const ins = db.prepare('INSERT INTO t (id, name, n, blob) VALUES (@id, @name, @n, @blob)');
    expect(ins.run({ id: 1, name: 'a', n: 5, blob: Buffer.from([1, 2, 3]) })).toEqual({ changes: 1, lastInsertRowid: 0 });
    ins.run({ id: 2, name: "o'b", n: 7, blob: null });
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
    expect(db.prepare('SELECT sum(n) AS s, EXISTS (SELECT 1 FROM t) AS e, 1 = 2 AS f FROM t').get()).toEqual({ s: 12, e: 1, f: 0 });
    expect(db.prepare('SELECT blob FROM t WHERE id = ?').pluck().get(1)).toEqual(Buffer.from([1, 2, 3]));
    expect(Buffer.isBuffer(db.prepare('SELECT blob FROM t WHERE id = ?').pluck().get(1))).toBe(true);
    expect(db.prepare('SELECT id, name FROM t ORDER BY id').raw().all()).toEqual([[1, 'a'], [2, "o'b"]]);
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(9)).toBeUndefined();
    expect(db.prepare('UPDATE t SET n = n + 1').run().changes).toBe(2);
    expect(() => db.prepare('SELECT @x').get({})).toThrow(/missing named parameter "x"/);
  });

  it('iterates through a cursor, in batches, and closes it when stopped early', () => {
    db.exec('CREATE TABLE many AS SELECT g AS id FROM generate_series(1, 2500) g');
    let n = 0;
    for (const id of db.prepare('SELECT id FROM many ORDER BY id').pluck().iterate() as Iterable<number>) {
      expect(id).toBe(++n);
    }
    expect(n).toBe(2500);
    const open = () => db.prepare("SELECT count(*) FROM pg_cursors WHERE name LIKE 'fk_c%'").pluck().get();
    for (const id of db.prepare('SELECT id FROM many ORDER BY id').pluck().iterate() as Iterable<number>) {
      if (id === 3) {
        expect(open()).toBe(1);
        break;
      }
    }
    expect(open()).toBe(0);
  });

  it('nests transactions as savepoints, rolls back what throws, and holds the write lock while it writes', () => {
    const locks = () => db.prepare(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ${WRITE_LOCK} AND pid = pg_backend_pid()`).pluck().get();
    db.transaction(() => {
      db.prepare("INSERT INTO t (id, name) VALUES (10, 'outer')").run();
      expect(locks()).toBe(1);
      expect(() =>
        db.transaction(() => {
          db.prepare("INSERT INTO t (id, name) VALUES (11, 'inner')").run();
          throw new Error('no');
        }).immediate(),
      ).toThrow('no');
      expect(db.inTransaction).toBe(true);
    }).immediate();
    expect(db.inTransaction).toBe(false);
    expect(locks()).toBe(0);
    expect(db.prepare('SELECT name FROM t WHERE id >= 10 ORDER BY id').pluck().all()).toEqual(['outer']);
    expect(db.transaction(() => db.prepare('SHOW transaction_isolation').pluck().get()).deferred()).toBe('repeatable read');
    expect(db.transaction(() => db.prepare('SHOW transaction_isolation').pluck().get()).immediate()).toBe('read committed');
  });

  it('says what the server said, with its SQLSTATE', () => {
    expect(() => db.prepare("INSERT INTO t (id, name) VALUES (1, 'again')").run()).toThrow(expect.objectContaining({ code: '23505' }));
    // the connection is usable after an error
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
  });
});
