import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addArgs, makeId, query, runBin, tmpDir, VALID, initDb } from '../helpers.js';

let dir: string;
let db: string;
const bin = (args: string[], today = '2022-11-21') => runBin(['--db', db, '--today', today, ...args]);

beforeEach(async () => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'q.db'));
});

describe('policies and quarantine (spawned, no TTY)', () => {
  it('quarantine assign prints the plan as JSON with the stable keys, and quarantine show gives the same dates', () => {
    expect(bin(addArgs({ '--contact': 'close', '--exposure-date': '2022-11-19' })).code).toBe(0);
    const site = bin(['site', 'add', '县委党校隔离点', '--capacity', '1']);
    expect(JSON.parse(site.stdout)).toEqual({ name: '县委党校隔离点', capacity: 1, address: null, head: null });
    const r = bin(['quarantine', 'assign', VALID.id, '--site', '县委党校隔离点']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a).toMatchObject({
      policy: 'close-contact-5+3',
      chosen_by: '2022-11-11 close → close-contact-5+3',
      start_date: '2022-11-20',
      release_date: '2022-11-28',
      site: '县委党校隔离点',
      id_number: '110105********002X',
    });
    expect(a.phases.map((p: { kind: string; start: string; end: string }) => [p.kind, p.start, p.end])).toEqual([
      ['centralized', '2022-11-20', '2022-11-24'],
      ['home_quarantine', '2022-11-25', '2022-11-27'],
    ]);
    const show = JSON.parse(bin(['quarantine', 'show', VALID.id], '2022-11-22').stdout);
    expect(show).toMatchObject({ policy: 'close-contact-5+3', start_date: '2022-11-20', release_date: '2022-11-28', test_dates: a.test_dates, today: { phase: 'centralized', phase_day: 3 } });
    expect(query(db, 'SELECT policy_id, start_date, release_date, status FROM measures')).toEqual([{ policy_id: 'close-contact-5+3', start_date: '2022-11-20', release_date: '2022-11-28', status: 'active' }]);
    const sites = JSON.parse(bin(['site', 'list', '--date', '2022-11-22']).stdout);
    expect(sites).toEqual([{ name: '县委党校隔离点', capacity: 1, occupied: 1, free: 0, address: null, head: null }]);
  });

  it('a full site is exit 2 with one line and nothing written; --force assigns (the old spelling, fangkong assign)', () => {
    bin(['site', 'add', '党校', '--capacity', '1']);
    bin(addArgs({ '--contact': 'close' }));
    const other = makeId('310115', '19920315', '246');
    bin(addArgs({ '--id-number': other, '--contact': 'close' }));
    expect(bin(['assign', '1', '--site', '党校']).code).toBe(0);
    const full = bin(['assign', '2', '--site', '党校', '--lang', 'zh']);
    expect(full.code).toBe(2);
    expect(full.stderr).toBe('错误：隔离点：隔离点“党校”2022-11-20 已满（1/1），换一个隔离点，或加 --force\n');
    expect(query(db, 'SELECT count(*) n FROM measures')).toEqual([{ n: 1 }]);
    expect(bin(['assign', '2', '--site', '党校', '--force']).code).toBe(0);
  });

  it('the ledger in every format, release and transfer', () => {
    bin(['site', 'add', '党校', '--capacity', '5']);
    bin(addArgs({ '--contact': 'close' }));
    bin(['quarantine', 'assign', '1', '--site', '党校']);
    const json = JSON.parse(bin(['quarantine', 'list', '--date', '2022-11-22']).stdout);
    expect(json).toMatchObject([{ arrival_id: 1, phase: 'centralized', phase_day: 3, phase_days: 5, site: '党校', id_number: '110105********002X' }]);
    const md = bin(['quarantine', 'list', '--date', '2022-11-22', '--format', 'markdown', '--lang', 'zh']).stdout;
    expect(md).toContain('| 1 | 张三 | 110105********002X | 集中隔离 | 3/5 | 党校 | close-contact-5+3 | 2022-11-28 |');
    const moved = bin(['quarantine', 'transfer', '1', '--home', '--date', '2022-11-22'], '2022-11-22');
    expect(moved.code).toBe(0);
    // done: JSON when piped, the line on a terminal
    expect(JSON.parse(moved.stdout).placements).toEqual([{ from: '2022-11-20', site: '党校', home: false }, { from: '2022-11-22', site: null, home: true }]);
    expect(JSON.parse(bin(['quarantine', 'list', '--date', '2022-11-22']).stdout)[0]).toMatchObject({ place: 'home', site: null });
    const noReason = bin(['quarantine', 'release', '1'], '2022-11-23');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/required option '--reason <text>' not specified/);
    const rel = bin(['quarantine', 'release', '1', '--reason', '排除', '--format', 'table'], '2022-11-23');
    expect(rel.code).toBe(0);
    expect(rel.stdout).toBe('released early: measure 1, 2022-11-23 (planned 2022-11-28)\n');
    expect(JSON.parse(bin(['quarantine', 'show', '1'], '2022-11-23').stdout)).toMatchObject({ status: 'released', released_on: '2022-11-23', release_reason: '排除' });
    expect(JSON.parse(bin(['quarantine', 'list', '--date', '2022-11-23']).stdout)).toEqual([]);
    expect(query(db, "SELECT action FROM audit_log WHERE action LIKE 'measure.%' ORDER BY id")).toEqual([{ action: 'measure.assign' }, { action: 'measure.transfer' }, { action: 'measure.release' }]);
  });

  it('reassess --dry-run lists and writes nothing; without it, applies', () => {
    for (const [i, exp] of ['2022-11-02', '2022-11-06'].entries()) {
      bin(addArgs({ '--id-number': makeId('440305', '19800101', String(120 + i)), '--contact': 'close', '--exposure-date': exp, '--arrival-date': '2022-11-07' }), '2022-11-10');
      bin(['quarantine', 'assign', String(i + 1), '--policy', 'close-contact-7+3', '--home'], '2022-11-10');
    }
    const dry = bin(['quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--dry-run', '--format', 'table'], '2022-11-11');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run \(nothing written\): 2 person\(s\) under close-contact-7\+3 on 2022-11-11 would move to close-contact-5\+3: released now 1, shortened 1/);
    expect(JSON.parse(bin(['quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--dry-run'], '2022-11-11').stdout)).toMatchObject({ dry_run: true, changes: [{ new_measure_id: null }, { new_measure_id: null }] });
    expect(query(db, "SELECT count(*) n FROM measures WHERE status = 'superseded'")).toEqual([{ n: 0 }]);
    const done = JSON.parse(bin(['quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--yes'], '2022-11-11').stdout);
    expect(done.changes.map((c: { effect: string; new_release_date: string }) => [c.effect, c.new_release_date])).toEqual([
      ['released', '2022-11-11'],
      ['shortened', '2022-11-15'],
    ]);
    expect(query(db, 'SELECT policy_id, status, released_on FROM measures ORDER BY id')).toEqual([
      { policy_id: 'close-contact-7+3', status: 'superseded', released_on: null },
      { policy_id: 'close-contact-7+3', status: 'superseded', released_on: null },
      { policy_id: 'close-contact-5+3', status: 'released', released_on: '2022-11-11' },
      { policy_id: 'close-contact-5+3', status: 'active', released_on: null },
    ]);
  });

  it('areas: set, list by date, import (all or nothing), clear', () => {
    expect(bin(['area', 'set', '广东省广州市海珠区', '--level', 'high', '--from', '2022-11-05']).code).toBe(0);
    const bad = bin(['area', 'set', '广东省广州市', '--level', 'extreme']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are high, medium, low/);
    const csv = path.join(dir, '风险区.csv');
    fs.writeFileSync(csv, '地区,风险等级,开始日期,结束日期\n上海市浦东新区,高风险,2022-11-01,2022-11-15\n北京市朝阳区,中,2022-11-10,\n');
    const imp = bin(['area', 'import', csv, '--format', 'table']);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toBe('imported 2 risk area(s)\n');
    const list = JSON.parse(bin(['area', 'list', '--date', '2022-11-12']).stdout);
    expect(list.map((a: { region: string; level: string }) => [a.region, a.level])).toEqual([
      ['上海市浦东新区', 'high'],
      ['北京市朝阳区', 'medium'],
      ['广东省广州市海珠区', 'high'],
    ]);
    const broken = path.join(dir, 'bad.csv');
    fs.writeFileSync(broken, 'region,level,from\n天津市,high,2022-11-01\n河北省,severe,2022-11-01\n');
    const b = bin(['area', 'import', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('row 3 Level: "severe" is not one of: high|medium|low');
    expect(query(db, "SELECT count(*) n FROM risk_areas WHERE region = '天津市'")).toEqual([{ n: 0 }]);
    const cleared = bin(['area', 'clear', '广东省广州市海珠区', '--date', '2022-11-20']);
    expect(cleared.code).toBe(0);
    expect(JSON.parse(cleared.stdout)).toEqual({ region: '广东省广州市海珠区', cleared_from: '2022-11-20', records: 1 });
    expect(JSON.parse(bin(['area', 'list', '--date', '2022-11-20']).stdout).map((a: { region: string }) => a.region)).toEqual(['北京市朝阳区']);
  });

  it('policy list/show/add/rules', () => {
    const list = JSON.parse(bin(['policy', 'list']).stdout);
    expect(list.map((p: { id: string }) => p.id)).toContain('close-contact-5+3');
    const show = JSON.parse(bin(['policy', 'show', 'close-contact-5+3']).stdout);
    expect(show).toMatchObject({ id: 'close-contact-5+3', in_force_from: '2022-11-11', phases: [{ kind: 'centralized', days: 5, tests: [1, 2, 3, 5] }, { kind: 'home_quarantine', days: 3, tests: [1, 3] }] });
    expect(bin(['policy', 'show', 'nope']).code).toBe(2);
    const file = path.join(dir, 'p.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'county-5+5', name: { zh: '县 5+5', en: 'county 5+5' }, phases: [{ kind: 'centralized', days: 5, tests: [1, 6] }], source: '县', in_force_from: '2022-11-20' }));
    const bad = bin(['policy', 'add', '--file', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: phases[1]: test day 6 is not within days 1 to 5 of the phase\n');
    fs.writeFileSync(file, JSON.stringify({ id: 'county-5+5', name: { zh: '县 5+5', en: 'county 5+5' }, phases: [{ kind: 'centralized', days: 5, tests: [1, 5] }, { kind: 'health_monitoring', days: 5, tests: [5] }], source: '县', in_force_from: '2022-11-20' }));
    expect(bin(['policy', 'add', '--file', file]).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "id": ');
    expect(bin(['policy', 'add', '--file', path.join(dir, 'broken.json')]).stderr).toMatch(/is not valid JSON/);
    expect(bin(['policy', 'rules', 'set', '--category', 'close', '--policy', 'county-5+5', '--from', '2022-11-20']).code).toBe(0);
    const rules = JSON.parse(bin(['policy', 'rules', '--date', '2022-11-21']).stdout);
    expect(rules.find((r: { category: string }) => r.category === 'close')).toMatchObject({ policy: 'county-5+5', local: true });
    bin(addArgs({ '--contact': 'close', '--arrival-date': '2022-11-21' }));
    expect(JSON.parse(bin(['quarantine', 'assign', '1']).stdout)).toMatchObject({ policy: 'county-5+5', release_date: '2022-12-01' });
  });

  it('assign --pending assigns all who have none; bad combinations are usage errors, in both spellings', () => {
    bin(addArgs({ '--contact': 'close' }));
    bin(addArgs({ '--id-number': makeId('310115', '19920315', '246') }));
    const r = JSON.parse(bin(['assign', '--pending']).stdout);
    expect(r.assigned.map((a: { policy: string }) => a.policy)).toEqual(['close-contact-5+3', 'low-risk-3d2t']);
    expect(r.no_measure).toBe(0);
    expect(JSON.parse(bin(['quarantine', 'assign', '--pending']).stdout)).toEqual({ assigned: [], no_measure: 0, over_before_arrival: [], over_before_today: [] });
    for (const spelling of [['assign'], ['quarantine', 'assign']]) {
      expect(bin([...spelling, '--pending', '--policy', 'x']).code).toBe(2);
      const none = bin(spelling);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe('error: give an arrival number or ID number, or --pending\n');
    }
  });

  it('fangkong assign is an alias of quarantine assign: it works, help lists only quarantine assign', () => {
    const help = runBin(['--help']).stdout;
    expect(help).toMatch(/^ {2}quarantine /m);
    expect(help).not.toMatch(/^ {2}assign /m);
    expect(runBin(['quarantine', '--help']).stdout).toMatch(/^ {2}assign \[options\] \[who\] +assign a quarantine policy/m);
    const alias = runBin(['assign', '--help']);
    expect(alias.code).toBe(0);
    expect(alias.stdout).toContain('Usage: fangkong assign [options] [who]');
    expect(alias.stdout).toContain('alias of quarantine assign:');
    expect(alias.stdout).toContain('fangkong quarantine assign 11010519491231002X --site 县委党校隔离点');
  });
});
