/**
 * `fangkong demo`: a county's two weeks, replayed from data/sample/ into a fresh database through
 * the services every command uses — the import pipeline for the files a user imports (risk areas,
 * arrivals, test results, inspections) and the verbs' services for the rest (sites, checkpoints,
 * a local rule, measures) — each day at its own hour, so that every record is dated as it would
 * have been: the township's sheet at 10:00, the measures at 11:00, the lab's results at 18:00,
 * the checkpoints' log at 20:00.
 *
 * data/sample/
 *   areas.csv, sites.csv, checkpoints.csv, rules.csv   set up on the first morning
 *   days/YYYY-MM-DD/arrivals.csv                       fangkong arrival import
 *   days/YYYY-MM-DD/measures.csv                       fangkong quarantine assign, a row each
 *   days/YYYY-MM-DD/tests.csv                          fangkong test import
 *   days/YYYY-MM-DD/inspections.csv                    fangkong inspect import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Problem } from '../domain/errors.js';
import { addDays } from '../domain/dates.js';
import { openCsv } from '../io/csv.js';
import { openStore, type Store } from '../store/db.js';
import { importAreas } from './areas.js';
import { importArrivals } from './arrival-io.js';
import type { ServiceContext } from './context.js';
import { addCheckpoint, importInspections } from './inspection.js';
import { setRule } from './policy.js';
import { assign } from './quarantine/assign.js';
import { dailyReport, setUnit } from './reporting.js';
import { addSite } from './sites.js';
import { importResults } from './testing.js';

/** The two weeks of the sample: its first and its last day (the day the demo reports). */
export const DEMO_FIRST = '2022-11-07';
export const DEMO_DATE = '2022-11-20';
/** The county of the sample, on its reports. */
export const DEMO_UNIT = '城关县（演示）';

export function sampleDir(): string {
  return fileURLToPath(new URL('../../data/sample/', import.meta.url));
}

/** How many records of each kind the demo loaded. */
export interface DemoLoaded {
  days: number;
  areas: number;
  sites: number;
  checkpoints: number;
  rules: number;
  arrivals: number;
  measures: number;
  tests: number;
  inspections: number;
}

export interface DemoRun {
  /** The database file the demo loaded. */
  database: string;
  /** The day reported: the sample's last, or --today within the two weeks. */
  date: string;
  loaded: DemoLoaded;
  report: ReturnType<typeof dailyReport>;
}

/** A small CSV of data/sample/ as objects by header (the setup files and the measures). */
async function readTable(file: string): Promise<Array<Record<string, string>>> {
  const src = await openCsv(file);
  const rows: Array<Record<string, string>> = [];
  for await (const r of src.records) {
    if (r.fields.every((f) => !f.trim())) continue;
    rows.push(Object.fromEntries(src.header.map((h, i) => [h, (r.fields[i] ?? '').trim()])));
  }
  return rows;
}

/** The office's clock on a day of the sample, at an hour (China Standard Time, whatever the machine's zone). */
function on(date: string, hour: number, ctx: ServiceContext): ServiceContext {
  return { ...ctx, today: date, now: new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`), tz: 'Asia/Shanghai' };
}

/** The database named for the demo holds data already: the demo loads only into an empty one. */
export class DemoNotEmpty extends UsageError {
  constructor(
    readonly path: string,
    readonly arrivals: number,
  ) {
    super(
      `the demo needs an empty database, and ${path} holds ${arrivals} arrival(s): leave out --db to use a throw-away one`,
      `演示需要一个空数据库，而 ${path} 已有 ${arrivals} 条报备：去掉 --db 即用临时数据库`,
    );
  }
}

/** Replays the sample into an empty store, up to and including `last`; what was loaded. */
export async function loadDemo(store: Store, last: string, ctx: ServiceContext, describe: (p: Problem) => string): Promise<DemoLoaded> {
  const existing = store.arrivals.count();
  if (existing > 0) throw new DemoNotEmpty(store.path, existing);
  const dir = sampleDir();
  const file = (...p: string[]) => path.join(dir, ...p);
  const opts = { describe };
  const loaded: DemoLoaded = { days: 0, areas: 0, sites: 0, checkpoints: 0, rules: 0, arrivals: 0, measures: 0, tests: 0, inspections: 0 };

  const setup = on(DEMO_FIRST, 9, ctx);
  setUnit(store, DEMO_UNIT, setup);
  loaded.areas = (await importAreas(store, file('areas.csv'), setup, opts)).inserted;
  for (const s of await readTable(file('sites.csv'))) {
    addSite(store, { name: s['名称'], capacity: s['房间数'], address: s['地址'], head: s['负责人'] }, setup);
    loaded.sites++;
  }
  for (const c of await readTable(file('checkpoints.csv'))) {
    addCheckpoint(store, { name: c['名称'], kind: c['类型'], location: c['位置'] }, setup);
    loaded.checkpoints++;
  }
  for (const r of await readTable(file('rules.csv'))) {
    setRule(store, { from: r['开始日期'], category: r['类别'], policy: r['措施'], note: r['依据'] }, setup);
    loaded.rules++;
  }

  for (let date = DEMO_FIRST; date <= last && date <= DEMO_DATE; date = addDays(date, 1)) {
    loaded.days++;
    const day = (name: string) => {
      const f = file('days', date, name);
      return fs.existsSync(f) ? f : null;
    };
    const arrivals = day('arrivals.csv');
    if (arrivals) loaded.arrivals += (await importArrivals(store, arrivals, on(date, 10, ctx), opts)).inserted;
    const measures = day('measures.csv');
    if (measures) {
      for (const m of await readTable(measures)) {
        const place = m['隔离点'];
        // a measure recorded late, over before the day it is recorded: backdated on purpose, with its reason (补录原因)
        const late = m['补录原因'] ? { backdate: true, reason: m['补录原因'] } : {};
        assign(store, m['身份证号'], { policy: m['措施'] || undefined, site: place && place !== '居家' ? place : undefined, home: place === '居家', ...late }, on(date, 11, ctx));
        loaded.measures++;
      }
    }
    const tests = day('tests.csv');
    if (tests) loaded.tests += (await importResults(store, tests, on(date, 18, ctx), opts)).inserted;
    const inspections = day('inspections.csv');
    if (inspections) loaded.inspections += (await importInspections(store, inspections, on(date, 20, ctx), opts)).inserted;
  }
  return loaded;
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

/** `fangkong demo`: chooses the database, opens it, replays the sample, reports the day, closes it. */
export async function runDemo(
  location: { path: string; named: boolean },
  ctx: ServiceContext,
  opts: { today?: string; describe: (p: Problem) => string },
): Promise<DemoRun> {
  const date = opts.today ?? DEMO_DATE;
  const database = demoDatabase(location);
  const store = openStore(database);
  try {
    const loaded = await loadDemo(store, date, ctx, opts.describe);
    // a PostgreSQL URL is shown as the store shows it, without its password
    return { database: store.backend === 'postgres' ? store.path : database, date, loaded, report: dailyReport(store, date, DEMO_UNIT) };
  } finally {
    store.close();
  }
}
