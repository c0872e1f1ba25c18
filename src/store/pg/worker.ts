/**
 * The code of the worker thread that holds the `pg` connection (kept as a string, run with
 * `eval: true`, so that it is the same file under tsc's dist/ and under vitest's src/).
 *
 * One request at a time: the main thread posts it on the port and sleeps in Atomics.wait; the
 * worker runs it, posts the answer, sets the flag and wakes it (store/pg/driver.ts).
 */
export const WORKER_SOURCE = String.raw`
const { workerData } = require('node:worker_threads');
const { port, flag: sab, url } = workerData;
const flag = new Int32Array(sab);
// whatever goes wrong here is an answer: the main thread is asleep waiting for one
process.on('uncaughtException', (err) => reply(fail(err)));
const pg = require(workerData.pgPath);
// integers as numbers, as SQLite gives them (counts are bigint, sums numeric); booleans as 1 and 0
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));
const client = new pg.Client({ connectionString: url, application_name: 'fangkong' });
client.on('error', () => {});
const cursors = new Map();
let nextCursor = 1;

function reply(msg) {
  port.postMessage(msg);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function fail(err) {
  return { error: { message: err && err.message ? err.message : String(err), code: err && err.code, detail: err && err.detail, constraint: err && err.constraint, where: err && err.where, column: err && err.column } };
}

function shape(r) {
  const bytea = [];
  const arrays = r.rows.length > 0 && Array.isArray(r.rows[0]);
  if (r.fields) r.fields.forEach((f, i) => { if (f.dataTypeID === 17) bytea.push(arrays ? i : f.name); });
  return { rows: r.rows, rowCount: r.rowCount, bytea };
}

async function handle(m) {
  switch (m.op) {
    case 'connect':
      await client.connect();
      return { ok: true };
    case 'query': {
      const q = { text: m.text, values: m.values };
      if (m.name) q.name = m.name;
      if (m.array) q.rowMode = 'array';
      const r = await client.query(q);
      return shape(Array.isArray(r) ? r[r.length - 1] : r);
    }
    case 'exec': {
      await client.query(m.text);
      return { ok: true };
    }
    case 'open': {
      // a cursor for iterate(): rows come in batches, never the whole result at once
      const id = 'fk_c' + nextCursor++;
      await client.query({ text: 'DECLARE ' + id + ' NO SCROLL CURSOR' + (m.hold ? ' WITH HOLD' : '') + ' FOR ' + m.text, values: m.values });
      cursors.set(id, m.array);
      return { cursor: id };
    }
    case 'fetch': {
      const r = await client.query({ text: 'FETCH ' + Number(m.n) + ' FROM ' + m.cursor, rowMode: cursors.get(m.cursor) ? 'array' : undefined });
      return shape(r);
    }
    case 'closeCursor': {
      cursors.delete(m.cursor);
      await client.query('CLOSE ' + m.cursor).catch(() => {});
      return { ok: true };
    }
    case 'copyIn': {
      const { from } = require(workerData.copyPath);
      const { Readable } = require('node:stream');
      const { pipeline } = require('node:stream/promises');
      const stream = client.query(from(m.text));
      await pipeline(Readable.from([Buffer.from(m.data)]), stream);
      return { rowCount: stream.rowCount };
    }
    case 'stage': {
      // a bulk import's batch in one request (store/pg/staging.ts): the staging table made or
      // emptied, the rows COPYed into it, then the statement that moves them (its rows returned)
      await client.query(m.pre);
      const { from } = require(workerData.copyPath);
      const { Readable } = require('node:stream');
      const { pipeline } = require('node:stream/promises');
      await pipeline(Readable.from([Buffer.from(m.data)]), client.query(from(m.copy)));
      if (!m.query) return { rows: [], rowCount: 0 };
      const q = { text: m.query.text, values: m.query.values, name: m.query.name };
      return shape(await client.query(q));
    }
    case 'close':
      await client.end();
      return { ok: true };
    default:
      throw new Error('unknown request ' + m.op);
  }
}

port.on('message', (m) => {
  handle(m).then((r) => reply(r), (err) => reply(fail(err)));
});
`;
