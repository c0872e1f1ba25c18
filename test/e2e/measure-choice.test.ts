/**
 * Issue 24, points 3, 4, 5 and 11 as a script and a terminal see them, under three machine time
 * zones (and on PostgreSQL in the postgres project): the strictest measure with every reason, the
 * entry date and where the days count from, the refusal of a measure that ends before it begins
 * (exit 2, one line, nothing written) unless --backdate --reason (audited), and a correction that
 * leaves the measure wrong says so (asked on a terminal).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompter, SelectPrompt } from '../../src/cli/context.js';
import { initDb, makeId, query, runBin, runMain, tmpDir } from '../helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];

const person = (n: number, over: string[]) => [
  'arrival', 'add', '--name', ['张一', '张二', '张三', '张四'][n - 1], '--id-number', makeId('440305', '19800101', String(100 + n)), '--phone', '13800138000', '--transport', 'plane', '--destination', `城关镇幸福路${n}号`, ...over,
];

describe('the measure of an arrival, under any time zone of the machine', () => {
  for (const TZ of ZONES) {
    it(`strictest measure, entry date, refusal and backdate, a correction that says so (TZ=${TZ})`, () => {
      const db = initDb(path.join(tmpDir(), 'm.db'));
      const bin = (today: string, args: string[]) => runBin(['--db', db, '--today', today, ...args], { env: { TZ } });
      const ok = (today: string, args: string[]) => {
        const r = bin(today, args);
        expect(r.code, r.stderr).toBe(0);
        return r;
      };
      ok('2022-11-20', person(1, ['--origin', '法国巴黎', '--contact', 'secondary', '--arrival-date', '2022-11-20']));
      ok('2022-12-07', person(2, ['--origin', '香港', '--contact', 'close', '--exposure-date', '2022-12-06', '--arrival-date', '2022-12-07']));
      ok('2022-11-18', person(3, ['--origin', '美国纽约', '--entry-date', '2022-11-16', '--arrival-date', '2022-11-18']));
      ok('2022-11-20', person(4, ['--origin', '上海市', '--arrival-date', '2022-11-20']));
      expect(query(db, 'SELECT id, entry_date FROM arrivals ORDER BY id')).toEqual([
        { id: 1, entry_date: null }, { id: 2, entry_date: null }, { id: 3, entry_date: '2022-11-16' }, { id: 4, entry_date: null },
      ]);

      // point 3: a secondary contact from abroad gets the inbound measure; a close contact from 香港 on 12-07 too, not 5 days at home
      const one = JSON.parse(ok('2022-11-20', ['quarantine', 'assign', '1']).stdout);
      expect(one).toMatchObject({ policy: 'inbound-5+3', category: 'inbound', start_date: '2022-11-20', release_date: '2022-11-28' });
      expect(one.reasons).toEqual([
        { category: 'secondary', policy: null, rule: '2022-11-11 secondary → none' },
        { category: 'inbound', policy: 'inbound-5+3', rule: '2022-11-11 inbound → inbound-5+3' },
      ]);
      const two = bin('2022-12-07', ['quarantine', 'assign', '2', '--format', 'table', '--lang', 'zh']);
      expect(two.code, two.stderr).toBe(0);
      expect(two.stdout).toContain('措施：inbound-5+3');
      expect(two.stdout).toContain('同时适用：密接 → close-contact-home-5（2022-12-07 close → close-contact-home-5）；取最严者');

      // point 4: from the entry date: the port's days count, in force in the county from the arrival
      expect(JSON.parse(ok('2022-11-18', ['quarantine', 'assign', '3']).stdout)).toMatchObject({ start_date: '2022-11-16', start_basis: 'entry', release_date: '2022-11-24', in_force_from: '2022-11-18' });

      // point 5: released on the arrival day: refused, one line, nothing written
      const refused = bin('2022-11-20', ['quarantine', 'assign', '4', '--policy', 'high-risk-area-7', '--start', '2022-11-13', '--lang', 'zh']);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim().split('\n')).toEqual([
        '错误：开始日期：措施 2022-11-13 开始、2022-11-20 解除，整段在抵达（2022-11-20）之前：不分配；如确需按此日期补录，请加 --backdate --reason 说明原因（记入审计）',
      ]);
      expect(query(db, 'SELECT count(*) AS n FROM measures WHERE arrival_id = 4')).toEqual([{ n: 0 }]);
      const noReason = bin('2022-11-20', ['quarantine', 'assign', '4', '--policy', 'high-risk-area-7', '--start', '2022-11-13', '--backdate']);
      expect(noReason.code).toBe(2);
      expect(noReason.stderr.trim()).toBe('error: --backdate needs --reason TEXT: why the measure is recorded for past dates (it is audited)');
      const back = bin('2022-11-20', ['quarantine', 'assign', '4', '--policy', 'high-risk-area-7', '--start', '2022-11-13', '--backdate', '--reason', '外县已隔离，补录台账']);
      expect(back.code, back.stderr).toBe(0);
      expect(JSON.parse(back.stdout)).toMatchObject({ assigned: true, start_date: '2022-11-13', release_date: '2022-11-20', backdate_reason: '外县已隔离，补录台账' });
      const audit = query<{ after: string }>(db, "SELECT after FROM audit_log WHERE action = 'measure.assign' ORDER BY id DESC LIMIT 1");
      expect(JSON.parse(audit[0].after)).toMatchObject({ arrival_id: 4, backdate: true, reason: '外县已隔离，补录台账' });

      // point 11: the entry date corrected without --reassign: the measure stays, the officer is told which and how
      const edit = bin('2022-11-19', ['arrival', 'edit', '3', '--entry-date', '2022-11-17']);
      expect(edit.code, edit.stderr).toBe(0);
      expect(edit.stderr).toContain(
        'note: measure 3 (inbound-5+3, from 2022-11-16, released 2022-11-24) no longer matches the corrected record: the rules now give inbound-5+3 (from 2022-11-17, released 2022-11-25; 2022-11-11 inbound → inbound-5+3); to reassign: fangkong arrival edit 3 --reassign',
      );
      expect(query(db, 'SELECT id, start_date, status FROM measures WHERE arrival_id = 3 ORDER BY id')).toEqual([{ id: 3, start_date: '2022-11-16', status: 'active' }]);
      const re = bin('2022-11-19', ['arrival', 'edit', '3', '--reassign', '--yes']);
      expect(re.code, re.stderr).toBe(0);
      expect(query(db, 'SELECT start_date, release_date, status FROM measures WHERE arrival_id = 3 ORDER BY id')).toEqual([
        { start_date: '2022-11-16', release_date: '2022-11-24', status: 'superseded' },
        { start_date: '2022-11-17', release_date: '2022-11-25', status: 'active' },
      ]);
      // fourteen processes, each opening the database: on PostgreSQL, under a loaded machine, more than the default 30 s
    }, 120_000);
  }
});

describe('arrival edit on a terminal', () => {
  function answering(answer: string): Prompter & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      async input() {
        throw new Error('no input expected');
      },
      async select(p: SelectPrompt) {
        asked.push(p.message);
        return answer;
      },
    };
  }

  async function assigned(): Promise<string> {
    const db = initDb(path.join(tmpDir(), 't.db'));
    for (const args of [person(1, ['--origin', '上海市', '--arrival-date', '2022-11-20']), ['quarantine', 'assign', '1']]) {
      const r = await runMain(['--db', db, '--today', '2022-11-20', ...args]);
      expect(r.code, r.stderr).toBe(0);
    }
    return db;
  }

  it('a change of origin that makes the measure wrong: asked whether to reassign now; yes replaces it', async () => {
    const db = await assigned();
    const prompter = answering('yes');
    const r = await runMain(['--db', db, '--today', '2022-11-21', '--lang', 'zh', 'arrival', 'edit', '1', '--origin', '法国巴黎'], { tty: true, prompter });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.asked).toEqual(['措施 1（low-risk-3d2t）与更正后的登记不再相符，按规则应为 inbound-5+3（2022-11-20 起，2022-11-28 解除）：现在重新分配吗？']);
    expect(r.stderr).toContain('重新选择措施：措施 1 low-risk-3d2t（2022-11-20 起，2022-11-22 解除）→ inbound-5+3（2022-11-20 起，2022-11-28 解除；2022-11-11 inbound → inbound-5+3），新措施 2');
    expect(r.stderr).not.toContain('注意');
    expect(query(db, 'SELECT policy_id, status FROM measures ORDER BY id')).toEqual([
      { policy_id: 'low-risk-3d2t', status: 'superseded' },
      { policy_id: 'inbound-5+3', status: 'active' },
    ]);
  });

  it('no: the record is corrected, the measure left as it was', async () => {
    const db = await assigned();
    const prompter = answering('no');
    const r = await runMain(['--db', db, '--today', '2022-11-21', 'arrival', 'edit', '1', '--origin', '法国巴黎'], { tty: true, prompter });
    expect(r.code, r.stderr).toBe(0);
    expect(prompter.asked).toEqual(['measure 1 (low-risk-3d2t) no longer matches the corrected record, the rules now give inbound-5+3 (from 2022-11-20, released 2022-11-28): reassign now?']);
    expect(r.stderr).toContain('note: measure 1 (low-risk-3d2t, from 2022-11-20, released 2022-11-22) no longer matches the corrected record: the rules now give inbound-5+3 (from 2022-11-20, released 2022-11-28; 2022-11-11 inbound → inbound-5+3); to reassign: fangkong arrival edit 1 --reassign');
    expect(query(db, 'SELECT origin FROM arrivals')).toEqual([{ origin: '法国巴黎' }]);
    expect(query(db, 'SELECT policy_id, status FROM measures ORDER BY id')).toEqual([{ policy_id: 'low-risk-3d2t', status: 'active' }]);
  });
});
