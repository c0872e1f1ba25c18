/**
 * Issue 24, points 7 and 8, the pure parts: the rule that ends every measure (read from the rule
 * table, at its first day and the day before), what the checkpoint does with a measure once it
 * is in force, the report's two new flows (a day's leavers by how their measure ended, a report
 * of version 2 issued before them), a measure's shown status, and argv of `quarantine end`.
 */
import { describe, expect, it } from 'vitest';
import * as end from '../../src/cli/quarantine/end.js';
import { DEFAULT_CHECKS } from '../../src/domain/checks.js';
import { anomaliesOf, verdictOf, type RegisterFacts } from '../../src/domain/inspection.js';
import { measureStatus, noMeasureRule, type Rule } from '../../src/domain/policy.js';
import { activeBefore, changedFigures, inIssuedShape, measureFlows, upgradeReport, type PersonState, type ReportOf } from '../../src/domain/report.js';
import { reference } from '../../src/io/reference.js';
import { firstNoMeasureDay } from '../../src/services/quarantine/end.js';
import { cli, parseArgv, type Parsed } from './argv-helper.js';

describe('the rule that ends every measure, from the rule table', () => {
  const rules = reference().rules;
  it('is in force from 2023-01-08, not the day before, and names its source', () => {
    expect(noMeasureRule(rules, '2023-01-07')).toBeNull();
    expect(noMeasureRule(rules, '2023-01-08')).toMatchObject({ from: '2023-01-08', policy: null, source: 'Class B management: no quarantine measures' });
    expect(noMeasureRule(rules, '2024-06-01')).toMatchObject({ from: '2023-01-08' });
    // before the first rule there is no rule at all: not "no measure"
    expect(noMeasureRule(rules, '2020-01-01')).toBeNull();
    expect(firstNoMeasureDay(rules)).toBe('2023-01-08');
  });

  it('follows the data: a local row that brings a measure back ends it, a table without the period has none', () => {
    const local: Rule = { category: 'close', policy: 'close-contact-5+3', from: '2023-02-01', source: 'local', local: true };
    expect(noMeasureRule([...rules, local], '2023-02-01')).toBeNull();
    expect(noMeasureRule([...rules, local], '2023-01-31')).toMatchObject({ from: '2023-01-08' });
    const without = rules.filter((r) => r.from !== '2023-01-08');
    expect(noMeasureRule(without, '2023-06-01')).toBeNull();
    expect(firstNoMeasureDay(without)).toBeNull();
  });
});

describe('a measure at the checkpoint once the rules end them all', () => {
  const base = { code: 'green' as const, temperature: 36.5, travel_star: 0 as const, test_result: 'negative' as const, test_time: '2023-01-08T08:00', inspected_at: '2023-01-08T09:00' };
  const phase = (kind: 'centralized' | 'home_quarantine' | 'health_monitoring'): RegisterFacts => ({ positive: null, cleared: null, phase: { kind, day: 3, site: null, policy: 'p', measure_id: 1 } });
  it('stops or restricts while measures count, and stops no one when they do not', () => {
    for (const [kind, anomaly] of [['centralized', 'in_centralized'], ['home_quarantine', 'in_home_quarantine'], ['health_monitoring', 'home_monitoring']] as const) {
      expect(anomaliesOf(base, DEFAULT_CHECKS, phase(kind))).toEqual([anomaly]);
      const ended = { ...DEFAULT_CHECKS, measures: false };
      expect(anomaliesOf(base, ended, phase(kind))).toEqual([]);
      expect(verdictOf(anomaliesOf(base, ended, phase(kind)), ended, 'rail')).toMatchObject({ verdict: 'pass', notify: [] });
    }
  });
  it('a positive still stops the person: that is not a measure', () => {
    const facts: RegisterFacts = { ...phase('centralized'), positive: { test_date: '2023-01-07', decision: null } };
    const ended = { ...DEFAULT_CHECKS, measures: false };
    expect(anomaliesOf(base, ended, facts)).toEqual(['positive_on_record']);
    expect(verdictOf(['positive_on_record'], ended).verdict).toBe('stop');
  });
});

describe('the report: transferred and ended by rule, each its own flow', () => {
  const s = (id: number, kind: PersonState['kind'], o: Partial<PersonState> = {}): PersonState => ({ arrival_id: id, measure_id: id, kind, cancelled_on: null, end_kind: null, released_on: null, ...o });
  it('counts each leaver once, by how the measure ended that day', () => {
    const D = '2023-01-08';
    const before = [
      s(1, 'centralized', { end_kind: 'transferred', released_on: D }),
      s(2, 'centralized', { end_kind: 'rule', released_on: D }),
      s(3, 'home_quarantine', { end_kind: 'rule', released_on: D }),
      s(4, 'home_quarantine', { released_on: D }),
      s(5, 'home_quarantine', { cancelled_on: D }),
      // ended by a transfer on another day (a decision since, on a later day): released that evening by its dates
      s(6, 'health_monitoring', { end_kind: 'transferred', released_on: '2023-01-10' }),
    ];
    const m = measureFlows(before, [], D);
    expect(m.centralized).toEqual({ active: 0, started: 0, moved_in: 0, moved_out: 0, released: 0, transferred: 1, ended_by_rule: 1, cancelled: 0, recorded_late: 0 });
    expect(m.home_quarantine).toEqual({ active: 0, started: 0, moved_in: 0, moved_out: 0, released: 1, transferred: 0, ended_by_rule: 1, cancelled: 1, recorded_late: 0 });
    expect(m.health_monitoring).toMatchObject({ released: 1, transferred: 0, ended_by_rule: 0 });
    expect(activeBefore(m.centralized)).toBe(2);
    expect(activeBefore(m.home_quarantine)).toBe(3);
  });

  it('a version-2 report issued before the two flows has them unknown, and its evening before unknown with them', () => {
    const counts = { active: 1, started: 0, moved_in: 0, moved_out: 0, released: 1, cancelled: 0 };
    const old = {
      schema_version: 2,
      date: '2022-11-22',
      unit: 'A',
      zero_report: false,
      arrivals: { new: 0, late_registrations: 0, expected_next_day: 0, by_risk: { high: 0, medium: 0, low: 0 }, by_transport: {}, by_township: {} },
      measures: { centralized: counts, home_quarantine: counts, health_monitoring: counts },
      tests: { due: 0, done: 0, pending: 0, missing: 0, positive: 0 },
      inspections: { total: 0, people: 0, vehicles: 0, anomalies: 0, by_checkpoint: [] },
      sites: [],
    } as unknown as ReportOf<number>;
    const up = upgradeReport(old);
    expect(up.measures.centralized).toEqual({ ...counts, transferred: null, ended_by_rule: null, recorded_late: null });
    expect(activeBefore(up.measures.centralized)).toBeNull();
    // report diff: the day now, counted as that report counted it (transfers and ends among the released)
    const flows = (released: number, transferred: number, ended: number) => ({ active: 1, started: 0, moved_in: 0, moved_out: 0, released, transferred, ended_by_rule: ended, cancelled: 0 });
    const now = { ...old, measures: { centralized: flows(0, 1, 0), home_quarantine: flows(0, 0, 1), health_monitoring: flows(1, 0, 0) } } as unknown as ReportOf<number>;
    expect(changedFigures(old, inIssuedShape(old, now))).toEqual([]);
    const more = { ...now, measures: { ...now.measures, centralized: flows(0, 2, 0) } } as unknown as ReportOf<number>;
    expect(changedFigures(old, inIssuedShape(old, more))).toEqual([{ key: 'measures.centralized.released', issued: 1, now: 2 }]);
    // a report issued with them is compared figure by figure
    expect(inIssuedShape(now, more)).toBe(more);
  });
});

describe("a measure's status shown", () => {
  const m = { status: 'released', released_on: '2022-11-23', release_date: '2022-11-28' };
  it('transferred from the day of the transfer, active the day before; ended by rule likewise', () => {
    expect(measureStatus({ ...m, end_kind: 'transferred' }, '2022-11-22')).toBe('active');
    expect(measureStatus({ ...m, end_kind: 'transferred' }, '2022-11-23')).toBe('transferred');
    expect(measureStatus({ ...m, end_kind: 'rule' }, '2022-11-23')).toBe('ended_by_rule');
    expect(measureStatus({ ...m, end_kind: null }, '2022-11-23')).toBe('released');
  });
});

describe('quarantine end (argv)', () => {
  const table: Array<[string[], end.Options]> = [
    [['--all', '--date', '2023-01-08', '--reason', '乙类乙管'], { all: true, date: '2023-01-08', reason: '乙类乙管' }],
    [['--all', '--reason', 'x', '--yes'], { all: true, reason: 'x', yes: true }],
    [['--all', '--reason', 'x', '--dry-run'], { all: true, reason: 'x', dryRun: true }],
    [['--reason', 'x'], { reason: 'x' }],
  ];
  for (const [argv, expected] of table) {
    it(argv.join(' '), async () => {
      const p = (await parseArgv(end.command(cli), argv)) as Parsed;
      expect(p.flags).toEqual(expected);
    });
  }
  it('needs --reason', async () => {
    expect(await parseArgv(end.command(cli), ['--all'])).toEqual({ error: expect.stringMatching(/required option '--reason <text>'/) });
  });
});
