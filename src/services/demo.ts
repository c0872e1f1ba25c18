/** The sample data set of data/sample/, loaded into a fresh database for `fangkong demo`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Problem } from '../domain/errors.js';
import { openStore, type Store } from '../store/db.js';
import type { ArrivalRow } from '../store/arrivals.js';
import { importArrivals, type ImportResult } from './arrival-io.js';
import type { ServiceContext } from './context.js';

/** The day the sample data is built around: its latest arrival date. */
export const DEMO_DATE = '2022-11-20';

export function sampleDir(): string {
  return fileURLToPath(new URL('../../data/sample/', import.meta.url));
}

export interface DemoResult {
  arrivals: ImportResult;
  today: ArrivalRow[];
}

export async function loadDemo(store: Store, ctx: ServiceContext, describe: (p: Problem) => string): Promise<DemoResult> {
  const existing = store.arrivals.count();
  if (existing > 0) {
    throw new UsageError(`the demo needs an empty database, and ${store.path} holds ${existing} arrival(s): leave out --db to use a throw-away one`);
  }
  const arrivals = await importArrivals(store, path.join(sampleDir(), 'arrivals.csv'), ctx, { describe });
  return { arrivals, today: store.arrivals.list({ date: ctx.today }) };
}

/**
 * The database the demo loads: the one the user named (--db, FANGKONG_DB), else a throw-away
 * file in the temp folder, removed first (with its WAL files) so each demo starts anew.
 */
export function demoDatabase(location: { path: string; named: boolean }): string {
  if (location.named) return location.path;
  const file = path.join(os.tmpdir(), 'fangkong-demo.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return file;
}

export interface DemoRun extends DemoResult {
  /** The database file the demo loaded. */
  database: string;
  /** The demo day: --today, else DEMO_DATE. */
  date: string;
}

/** `fangkong demo`: chooses the database, opens it, loads the sample data, closes it. */
export async function runDemo(
  location: { path: string; named: boolean },
  ctx: ServiceContext,
  opts: { today?: string; describe: (p: Problem) => string },
): Promise<DemoRun> {
  const database = demoDatabase(location);
  const date = opts.today ?? DEMO_DATE;
  const store = openStore(database);
  try {
    // a PostgreSQL URL is shown as the store shows it, without its password
    return { database: store.backend === 'postgres' ? store.path : database, date, ...(await loadDemo(store, { ...ctx, today: date }, opts.describe)) };
  } finally {
    store.close();
  }
}
