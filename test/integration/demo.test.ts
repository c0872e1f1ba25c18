/**
 * fangkong demo (issue 16 item 5): the sample's two weeks, replayed from data/sample/ through the
 * import pipeline and the verbs' services, leave every kind of record, and every day's report of
 * the demo database adds up (the balance rules of report-balance.test.ts), whatever the machine's
 * time zone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { PHASE_KINDS } from '../../src/domain/policy.js';
import { DEMO_DATE, DEMO_FIRST, DEMO_UNIT, runDemo, sampleDir } from '../../src/services/demo.js';
import { dailyReport } from '../../src/services/reporting.js';
import { addArgs, dbFor, initDb, query, runBin, runMain, tmpDir, openTestStore } from '../helpers.js';

const ctx = { today: '2026-12-01', now: new Date(), actor: 'tester', tz: 'Asia/Shanghai' };
const describeProblem = (p: { code: string }) => p.code;

async function demoDb(): Promise<{ file: string; run: Awaited<ReturnType<typeof runDemo>> }> {
  const file = path.join(tmpDir(), 'demo.db');
  const run = await runDemo({ path: dbFor(file), named: true }, ctx, { describe: describeProblem });
  return { file, run };
}

describe('the demo database', () => {
  it('holds every kind of record, as many as the files of data/sample/ list', async () => {
    const { file, run } = await demoDb();
    const count = (sql: string) => (query(file, sql)[0] as { n: number }).n;
    const rows = (rel: string) => fs.readFileSync(path.join(sampleDir(), rel), 'utf8').trim().split('\n').length - 1;
    const days = fs.readdirSync(path.join(sampleDir(), 'days')).sort();
    expect(days[0]).toBe(DEMO_FIRST);
    expect(days.at(-1)).toBe(DEMO_DATE);
    expect(days).toHaveLength(14);
    const inDays = (name: string) => days.reduce((n, d) => n + (fs.existsSync(path.join(sampleDir(), 'days', d, name)) ? rows(path.join('days', d, name)) : 0), 0);

    expect(count('SELECT count(*) AS n FROM risk_areas')).toBe(rows('areas.csv'));
    expect(count('SELECT count(*) AS n FROM sites')).toBe(rows('sites.csv'));
    expect(count('SELECT count(*) AS n FROM checkpoints')).toBe(rows('checkpoints.csv'));
    expect(count('SELECT count(*) AS n FROM policy_rules')).toBe(rows('rules.csv'));
    expect(count('SELECT count(*) AS n FROM arrivals')).toBe(inDays('arrivals.csv'));
    expect(count('SELECT count(*) AS n FROM measures')).toBe(inDays('measures.csv'));
    expect(count('SELECT count(*) AS n FROM placements WHERE site_id IS NOT NULL')).toBeGreaterThan(0);
    expect(count('SELECT count(*) AS n FROM test_results')).toBe(inDays('tests.csv'));
    expect(count('SELECT count(*) AS n FROM inspections')).toBe(inDays('inspections.csv'));
    expect(run.loaded).toEqual({
      days: 14,
      areas: rows('areas.csv'),
      sites: rows('sites.csv'),
      checkpoints: rows('checkpoints.csv'),
      rules: rows('rules.csv'),
      arrivals: inDays('arrivals.csv'),
      measures: inDays('measures.csv'),
      tests: inDays('tests.csv'),
      inspections: inDays('inspections.csv'),
    });
    // the story has the turns a report shows: a late registration, a positive, a pending result, a missed test, an anomaly
    expect(count("SELECT count(*) AS n FROM test_results WHERE result = 'positive'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM test_results WHERE result = 'pending'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM inspections WHERE anomalies <> '[]'")).toBeGreaterThanOrEqual(2);
    // every record dated on its day of the sample, as it was entered then
    expect(query(file, "SELECT min(created_at) AS a, max(created_at) AS b FROM arrivals")[0]).toEqual({ a: expect.stringMatching(/^2022-11-07/), b: expect.stringMatching(/^2022-11-20/) });
    expect(run.report).toEqual(dailyReport(openTestStore(file), DEMO_DATE, DEMO_UNIT));
  });

  it("every day's report adds up: arrivals by risk, transport and township; measures day to day; tests; checkpoints; sites", async () => {
    const { file } = await demoDb();
    const store = openTestStore(file);
    try {
      let before = dailyReport(store, addDays(DEMO_FIRST, -1), DEMO_UNIT);
      const seen = { late: 0, positive: 0, pending: 0, missing: 0, anomalies: 0, moved: 0, released: 0, started: 0 };
      for (let d = DEMO_FIRST; d <= addDays(DEMO_DATE, 10); d = addDays(d, 1)) {
        const r = dailyReport(store, d, DEMO_UNIT);
        const a = r.arrivals;
        const sum = (o: Record<string, number>) => Object.values(o).reduce((x, y) => x + y, 0);
        expect(sum(a.by_risk), `${d} by risk`).toBe(a.new);
        expect(sum(a.by_transport), `${d} by transport`).toBe(a.new);
        expect(sum(a.by_township), `${d} by township`).toBe(a.new);
        for (const k of PHASE_KINDS) {
          const m = r.measures[k];
          expect(m.active, `${d} ${k}`).toBe(before.measures[k].active + m.started + m.moved_in - m.moved_out - m.released - m.cancelled);
          seen.moved += m.moved_in;
          seen.released += m.released;
          seen.started += m.started;
        }
        expect(PHASE_KINDS.reduce((n, k) => n + r.measures[k].moved_in, 0), `${d} moved`).toBe(PHASE_KINDS.reduce((n, k) => n + r.measures[k].moved_out, 0));
        expect(r.tests.done + r.tests.pending + r.tests.missing, `${d} tests`).toBe(r.tests.due);
        const i = r.inspections;
        for (const f of ['inspections', 'people', 'vehicles', 'anomalies'] as const) {
          expect(i.by_checkpoint.reduce((n, c) => n + c[f], 0), `${d} ${f}`).toBe(f === 'inspections' ? i.total : i[f]);
        }
        const centralised = r.sites.reduce((n, s) => n + s.occupied, 0);
        expect(centralised, `${d} sites`).toBe(r.measures.centralized.active);
        for (const s of r.sites) expect(s.occupied).toBeLessThanOrEqual(s.capacity);
        seen.late += a.late_registrations;
        seen.positive += r.tests.positive;
        seen.pending += r.tests.pending;
        seen.missing += r.tests.missing;
        seen.anomalies += i.anomalies;
        before = r;
      }
      // the days did show what the report is for
      for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThan(0);
      // ten days on, everyone is released
      expect(PHASE_KINDS.reduce((n, k) => n + before.measures[k].active, 0)).toBe(0);
    } finally {
      store.close();
    }
  });

  it('the same database and report under any time zone of the machine', () => {
    const reports = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'].map((TZ) => {
      const file = path.join(tmpDir(), 'demo.db');
      const r = runBin(['--db', file, 'demo', '--format', 'json'], { env: { TZ } });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      return { loaded: out.loaded, report: out.report, created: query(file, 'SELECT created_at FROM arrivals ORDER BY id') };
    });
    for (const r of reports.slice(1)) expect(r).toEqual(reports[0]);
  });

  it('refuses a database that holds data, in the user\'s language (exit 2), and --today before the sample', async () => {
    const file = initDb(path.join(tmpDir(), 'full.db'));
    expect((await runMain(['--db', file, '--today', '2022-11-30', ...addArgs()])).code).toBe(0);
    const r = await runMain(['--db', file, '--lang', 'zh', 'demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`错误：演示需要一个空数据库，而 ${dbFor(file)} 已有 1 条报备：去掉 --db 即用临时数据库\n`);
    const early = await runMain(['--db', path.join(tmpDir(), 'e.db'), '--today', '2022-11-01', 'demo']);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe('error: the sample starts on 2022-11-07: --today 2022-11-01 is before it\n');
  });
});
