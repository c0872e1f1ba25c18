/** The sample data set of data/sample/, loaded into a fresh database for `fangkong demo`. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Problem } from '../domain/errors.js';
import type { Store } from '../store/db.js';
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
