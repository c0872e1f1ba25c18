/**
 * Many desks at once on one PostgreSQL server: eight processes — two importing arrivals (half
 * of each file the other's too: the same natural keys), two importing inspections (one row of
 * each file the other's too), two assigning measures to whoever has none, two reading the daily
 * report — for a bounded time; then what every desk says it wrote is added up and checked
 * against the database: nothing lost, nothing doubled, no person with two measures, every
 * report's figures consistent with each other (one snapshot), the audit chain intact with one
 * row per command that wrote.
 *
 * And a reassessment and a transfer of the same person at once: one consistent state (the
 * transfer is applied to the measure in force, or refused with "run the command again"), never a
 * transfer recorded on a measure already superseded.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { verifyAudit } from '../../src/services/audit.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { on } from '../county.js';
import { ROOT, runMain } from '../helpers.js';
import { onPgServer, type PgServer } from '../pg-server.js';

let pg: PgServer;
let dir: string;
onPgServer((server, folder) => ((pg = server), (dir = folder)));

interface Done {
  kind: string;
  desk: string;
  ok: number;
  busy: number;
  failed: string[];
  arrivals: string[];
  inspections: string[];
  reports: Array<{ new: number; byTransport: number; byTownship: number; inspections: number }>;
}

function desk(kind: string, n: number, seconds: number, url: string): Promise<Done> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'test', 'concurrency', 'desk.mjs'), kind, String(n), String(seconds), dir], { env: { ...process.env, FANGKONG_DB: url } });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`desk ${kind}${n} exited ${code}: ${err}`))));
  });
}

describe('eight desks at once on one PostgreSQL database', () => {
  it('loses nothing and doubles nothing', async () => {
    const url = pg.createDatabase();
    expect((await runMain(['--db', url, 'init'])).code).toBe(0);
    expect((await runMain(['--db', url, 'checkpoint', 'add', '卡点', '--kind', 'road'])).code).toBe(0);
    const seconds = 12;
    const desks = await Promise.all([
      desk('import', 1, seconds, url), desk('import', 2, seconds, url),
      desk('inspect', 1, seconds, url), desk('inspect', 2, seconds, url),
      desk('assign', 1, seconds, url), desk('assign', 2, seconds, url),
      desk('report', 1, seconds, url), desk('report', 2, seconds, url),
    ]);
    for (const d of desks) {
      expect(d.failed, `${d.kind}${d.desk}`).toEqual([]);
      expect(d.ok, `${d.kind}${d.desk} got something done`).toBeGreaterThan(0);
    }
    const s = openStore(url);
    try {
      const arrivals = new Set(desks.flatMap((d) => d.arrivals));
      const inspections = new Set(desks.flatMap((d) => d.inspections));
      const count = (sql: string) => s.db.prepare(sql).pluck().get() as number;
      // nothing lost, nothing doubled: every row a desk was told it wrote is there, once
      expect(count('SELECT count(*) FROM arrivals')).toBe(arrivals.size);
      expect(count('SELECT count(*) FROM inspections')).toBe(inspections.size);
      // the two import desks did meet on the same rows, and the two assigning desks had work
      expect(desks.flatMap((d) => d.arrivals).length).toBeGreaterThan(arrivals.size);
      expect(count('SELECT count(*) FROM measures')).toBeGreaterThan(0);
      const keys = new Set((s.db.prepare("SELECT id_number || '|' || arrival_date FROM arrivals").pluck().all() as string[]));
      expect([...arrivals].filter((k) => !keys.has(k))).toEqual([]);
      // no one assigned twice by the two assigning desks
      expect(count('SELECT count(*) FROM (SELECT arrival_id FROM measures GROUP BY arrival_id HAVING count(*) > 1) AS twice')).toBe(0);
      // every report of one snapshot: its breakdowns add up to its totals
      for (const r of desks.flatMap((d) => d.reports)) {
        expect(r.byTransport).toBe(r.new);
        expect(r.byTownship).toBe(r.new);
      }
      // the audit chain: intact, one row per import that succeeded
      const audit = verifyAudit(s);
      expect(audit.ok, JSON.stringify(audit.problems)).toBe(true);
      const imports = desks.filter((d) => d.kind === 'import').reduce((a, d) => a + d.ok, 0);
      expect(count("SELECT count(*) FROM audit_log WHERE action = 'arrival.import'")).toBe(imports);
      const inspectImports = desks.filter((d) => d.kind === 'inspect').reduce((a, d) => a + d.ok, 0);
      expect(count("SELECT count(*) FROM audit_log WHERE action = 'inspection.import'")).toBe(inspectImports);
    } finally {
      s.close();
    }
  }, 120_000);
});

function bin(args: string[], url: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'fangkong'), ...args], { env: { PATH: process.env.PATH ?? '', LANG: 'C', FANGKONG_DB: url, FANGKONG_TZ: 'Asia/Shanghai' } });
    let err = '';
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stderr: err }));
  });
}

describe('a reassessment and a transfer of the same person at once', () => {
  it('end in one consistent state, the other applied after it or told to run again', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const url = pg.createDatabase();
      const setup = [
        ['init'],
        ['site', 'add', '党校', '--capacity', '10'],
        ['site', 'add', '宾馆', '--capacity', '10'],
        ['arrival', 'add', '--name', '张三', '--id-number', '11010519491231002X', '--phone', '13800138000', '--origin', '广东省深圳市南山区', '--arrival-date', '2022-11-20',
          '--transport', 'train', '--destination', '城关镇', '--contact', 'close', '--exposure-date', '2022-11-19'],
        ['quarantine', 'assign', '11010519491231002X', '--policy', 'close-contact-7+3', '--site', '党校'],
      ];
      for (const a of setup) {
        const r = await runMain(['--db', url, '--today', '2022-11-21', ...a]);
        expect(r.code, `${a.join(' ')}: ${r.stderr}`).toBe(0);
      }
      const [re, tr] = await Promise.all([
        bin(['--today', '2022-11-21', 'quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--yes'], url),
        bin(['--today', '2022-11-21', 'quarantine', 'transfer', '11010519491231002X', '--site', '宾馆'], url),
      ]);
      expect(re.code, re.stderr).toBe(0);
      if (tr.code !== 0) expect(tr.stderr).toMatch(/run the command again|try again/);
      const s = openStore(url);
      try {
        const active = s.db.prepare("SELECT id FROM measures WHERE status = 'active'").pluck().all() as number[];
        expect(active).toHaveLength(1);
        const rows = s.db.prepare("SELECT id, action, record FROM audit_log WHERE action IN ('measure.reassess', 'measure.transfer') ORDER BY id").all() as Array<{ id: number; action: string; record: string }>;
        const reassessed = rows.find((r) => r.action === 'measure.reassess')!;
        const moved = rows.find((r) => r.action === 'measure.transfer');
        expect(reassessed).toBeDefined();
        expect(Boolean(moved)).toBe(tr.code === 0);
        // never a transfer recorded on a measure already superseded: after the reassessment, it is on the new measure
        if (moved && moved.id > reassessed.id) expect(moved.record).toBe(`measure:${active[0]}`);
        // no lost update: the measure in force is where the transfer put the person when it succeeded
        // (before the reassessment, the new measure carries the placement over), else where they were
        const site = s.db
          .prepare('SELECT s.name FROM placements p LEFT JOIN sites s ON s.id = p.site_id WHERE p.measure_id = ? ORDER BY p.from_date DESC, p.id DESC LIMIT 1')
          .pluck()
          .get(active[0]);
        expect(site).toBe(moved ? '宾馆' : '党校');
        expect(verifyAudit(s).ok).toBe(true);
        outcomes.add(tr.code !== 0 ? 'told to retry' : moved!.id > reassessed.id ? 'transfer after' : 'transfer before');
      } finally {
        s.close();
      }
    }
    // which of the three happened, round by round, depends on who got the write lock first
    expect([...outcomes].every((o) => ['told to retry', 'transfer after', 'transfer before'].includes(o))).toBe(true);
  }, 120_000);
});

describe('a transfer that read a measure another desk then reassessed', () => {
  it('is told to run again, and writes nothing', async () => {
    const url = pg.createDatabase();
    for (const a of [
      ['init'],
      ['site', 'add', '党校', '--capacity', '10'],
      ['site', 'add', '宾馆', '--capacity', '10'],
      ['arrival', 'add', '--name', '张三', '--id-number', '11010519491231002X', '--phone', '13800138000', '--origin', '广东省深圳市南山区', '--arrival-date', '2022-11-20',
        '--transport', 'train', '--destination', '城关镇', '--contact', 'close', '--exposure-date', '2022-11-19'],
      ['quarantine', 'assign', '11010519491231002X', '--policy', 'close-contact-7+3', '--site', '党校'],
    ]) {
      const r = await runMain(['--db', url, '--today', '2022-11-21', ...a]);
      expect(r.code, `${a.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const s = openStore(url);
    try {
      const audit = s.audit.count();
      // this desk holds the write lock; the transfer reads measure 1, then waits for the lock
      s.begin();
      const transfer = bin(['--today', '2022-11-21', 'quarantine', 'transfer', '11010519491231002X', '--site', '宾馆'], url);
      const db = url.split('/').pop()!;
      for (let i = 0; i < 200; i++) {
        const waiting = pg.psql(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}' AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`).trim();
        if (waiting === '1') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      reassess(s, { from: 'close-contact-7+3', to: 'close-contact-5+3', dryRun: false }, on('2022-11-21'));
      s.commit();
      const r = await transfer;
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: measure 1 was changed by another desk while this command ran: nothing was written; run the command again\n');
      expect(s.audit.count()).toBe(audit + 1);
      expect(s.db.prepare("SELECT count(*) FROM placements p JOIN sites t ON t.id = p.site_id WHERE t.name = '宾馆'").pluck().get()).toBe(0);
      // run again, it moves the person under the measure now in force
      const again = await bin(['--today', '2022-11-21', 'quarantine', 'transfer', '11010519491231002X', '--site', '宾馆'], url);
      expect(again.code, again.stderr).toBe(0);
      expect(s.db.prepare("SELECT p.measure_id FROM placements p JOIN sites t ON t.id = p.site_id WHERE t.name = '宾馆'").pluck().all()).toEqual([2]);
    } finally {
      s.rollback();
      s.close();
    }
  }, 60_000);
});

describe('a desk that finds another writing', () => {
  it('waits up to 15 seconds for the write lock, then is told to try again, and writes nothing', async () => {
    const url = pg.createDatabase();
    expect((await runMain(['--db', url, 'init'])).code).toBe(0);
    const s = openStore(url);
    try {
      s.begin();
      const started = Date.now();
      const r = await bin(['arrival', 'add', '--name', '张三', '--id-number', '11010519491231002X', '--phone', '13800138000', '--origin', '北京市', '--arrival-date', '2022-11-20', '--transport', 'car', '--destination', '城关镇'], url);
      const waited = Date.now() - started;
      s.rollback();
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: the database is busy (another fangkong is writing to it, an import perhaps): try again in a minute; nothing was written\n');
      expect(waited).toBeGreaterThanOrEqual(15_000);
      expect(s.arrivals.count()).toBe(0);
    } finally {
      s.close();
    }
  }, 60_000);
});
