/**
 * Issue 14, registration in advance and corrections, as a script and a terminal see them:
 * an expected arrival inspected at a checkpoint is confirmed on the inspection's date (audited)
 * and counted once, on that day, whatever the machine's TZ; the daily report's
 * arrivals.expected_next_day; the window is a setting (config set advance-days); arrival edit
 * prompts pre-filled on a terminal, and --reassign runs the policy choice again.
 */
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { InputPrompt, Prompter, SelectPrompt } from '../../src/cli/context.js';
import { initDb, makeId, query, runBin, runMain, tmpDir } from '../helpers.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'];
const PASSPORT = ['--name', 'Mary Jones', '--doc-type', 'passport', '--country', 'GBR', '--id-number', '123456789', '--phone', '+44 7911 123456', '--origin', '英国', '--transport', 'plane', '--destination', '城关镇幸福路5号'];

describe('an expected arrival inspected at a checkpoint', () => {
  for (const TZ of ZONES) {
    it(`is confirmed on the inspection's date and counted once, on that day (TZ=${TZ})`, () => {
      const db = initDb(path.join(tmpDir(), 'a.db'));
      const bin = (today: string, args: string[]) => runBin(['--db', db, '--today', today, ...args], { env: { TZ } });
      const add = bin('2022-11-21', ['arrival', 'add', ...PASSPORT, '--arrival-date', '2022-11-24']);
      expect(add.code, add.stderr).toBe(0);
      expect(add.stderr).toContain('registered in advance: arrival 1');
      expect(bin('2022-11-21', ['checkpoint', 'add', '机场卡点', '--kind', 'airport']).code).toBe(0);
      const day = (d: string) => JSON.parse(bin('2022-11-25', ['report', 'daily', '--date', d]).stdout).arrivals;
      // before: expected the day after the 23rd, not counted anywhere
      expect(day('2022-11-22')).toMatchObject({ new: 0, expected_next_day: 0 });
      expect(day('2022-11-23')).toMatchObject({ new: 0, expected_next_day: 1 });
      expect(day('2022-11-24')).toMatchObject({ new: 0, expected_next_day: 0 });
      // they come a day early, through the airport at 23:50 office time
      const seen = bin('2022-11-23', ['inspect', '--checkpoint', '机场卡点', '--id-number', '123456789', '--code', 'green', '--temp', '36.4', '--test-result', 'negative', '--test-time', '2022-11-23 08:00', '--time', '2022-11-23 23:50']);
      expect(seen.code, seen.stderr).toBe(0);
      expect(JSON.parse(seen.stdout)).toMatchObject({ arrival_id: 1, inspected_date: '2022-11-23' });
      expect(query(db, 'SELECT expected, arrival_date FROM arrivals')).toEqual([{ expected: 0, arrival_date: '2022-11-23' }]);
      const confirm = query<{ action: string; before: string; after: string }>(db, "SELECT action, before, after FROM audit_log WHERE action = 'arrival.confirm'");
      expect(confirm).toHaveLength(1);
      expect(JSON.parse(confirm[0].after)).toEqual({ expected: false, arrival_date: '2022-11-23', by: 'inspection' });
      expect([day('2022-11-22'), day('2022-11-23'), day('2022-11-24')].map((a) => a.new)).toEqual([0, 1, 0]);
      expect(day('2022-11-22').expected_next_day + day('2022-11-23').expected_next_day).toBe(0);
      // a second inspection the next day changes nothing: counted once
      expect(bin('2022-11-24', ['inspect', '--checkpoint', '机场卡点', '--id-number', '123456789', '--code', 'green', '--temp', '36.4', '--time', '2022-11-24 09:00']).code).toBe(0);
      expect([day('2022-11-23'), day('2022-11-24')].map((a) => a.new)).toEqual([1, 0]);
      expect(query(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'arrival.confirm'")).toEqual([{ n: 1 }]);
    });
  }

  it('the window is a setting of the database: config set advance-days', () => {
    const db = initDb(path.join(tmpDir(), 'w.db'));
    const bin = (args: string[]) => runBin(['--db', db, '--today', '2022-11-21', ...args]);
    expect(bin(['arrival', 'add', ...PASSPORT, '--arrival-date', '2022-12-05']).code).toBe(0);
    expect(bin(['config', 'set', 'advance-days', '3']).code).toBe(0);
    const far = bin(['arrival', 'add', ...PASSPORT.map((v) => (v === '123456789' ? '123456780' : v)), '--arrival-date', '2022-11-25', '--lang', 'zh']);
    expect(far.code).toBe(2);
    expect(far.stderr.trim()).toBe('错误：抵达日期：“2022-11-25”晚于今天（2022-11-21）3 天以上：提前报备最多提前 3 天');
    expect(bin(['arrival', 'add', ...PASSPORT.map((v) => (v === '123456789' ? '123456780' : v)), '--arrival-date', '2022-11-24']).code).toBe(0);
    const bad = bin(['config', 'set', 'advance-days', 'two', '--lang', 'zh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('错误：提前报备天数：应为0至60的整数（天），实为“two”');
    expect(JSON.parse(bin(['config', 'list']).stdout)).toMatchObject({ 'advance-days': '3' });
    expect(query(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'settings.set'")).toEqual([{ n: 1 }]);
  });
});

/** A prompter that answers by message, Enter ('') taking the default, each answer checked by the prompt's validator. */
function scripted(answers: Record<string, string[]>): Prompter & { asked: Array<[string, string | undefined]> } {
  const asked: Array<[string, string | undefined]> = [];
  return {
    asked,
    async input(p: InputPrompt) {
      asked.push([p.message, p.default]);
      const queue = answers[p.message] ?? [''];
      while (queue.length > 0) {
        const typed = queue.shift()!;
        const a = typed === '' && p.default ? p.default : typed;
        if (!p.validate || p.validate(a) === true) return a;
      }
      throw new Error(`no valid answer for ${p.message}`);
    },
    async select(p: SelectPrompt) {
      asked.push([p.message, p.default]);
      return (answers[p.message] ?? [])[0] ?? p.default!;
    },
  };
}

describe('arrival edit', () => {
  const ID = makeId('440305', '19800101', '101');
  async function registered(): Promise<string> {
    const db = initDb(path.join(tmpDir(), 'e.db'));
    const r = await runMain(['--db', db, '--today', '2022-11-21', 'arrival', 'add', '--name', '陈明', '--id-number', ID, '--phone', '13800138000', '--origin', '广东省深圳市南山区', '--arrival-date', '2022-11-21', '--transport', 'train', '--destination', '城关镇幸福路1号', '--township', '城关镇']);
    expect(r.code, r.stderr).toBe(0);
    return db;
  }

  it('on a terminal with no field given, asks for each, pre-filled (ID and phone masked), and changes only what was answered differently', async () => {
    const db = await registered();
    const prompter = scripted({ 目的地: ['城关镇幸福路10号'], 手机号: ['0771-555123', '0771-5551234'] });
    const r = await runMain(['--db', db, '--today', '2022-11-21', '--lang', 'zh', 'arrival', 'edit', '1'], { tty: true, prompter });
    expect(r.code, r.stderr).toBe(0);
    const asked = Object.fromEntries(prompter.asked);
    expect(asked).toMatchObject({ 姓名: '陈明', 证件类型: 'resident_id', 身份证号: '440305********1011'.slice(0, 6) + '********' + ID.slice(-4), 手机号: '+86 138****8000', 目的地: '城关镇幸福路1号', 乡镇: '城关镇', 交通方式: 'train', 接触类型: 'none' });
    expect(asked).not.toHaveProperty('国籍/签发国');
    expect(stripVTControlCharacters(r.stderr)).toContain('已更正：报备 1（陈明）2 项');
    expect(query(db, 'SELECT id_number, phone, destination FROM arrivals')).toEqual([{ id_number: ID, phone: '+867715551234', destination: '城关镇幸福路10号' }]);
    const audit = query<{ before: string; after: string }>(db, "SELECT before, after FROM audit_log WHERE action = 'arrival.edit'");
    // the address left out of the audit log (no keyed tag: issue 23), the phones masked
    expect(JSON.parse(audit[0].before)).toEqual({ phone: '+86 138****8000', destination: '（已隐去）' });
    expect(JSON.parse(audit[0].after)).toEqual({ phone: '+86 771****234', destination: '（已隐去）' });
  });

  it('Enter on every prompt changes nothing', async () => {
    const db = await registered();
    const r = await runMain(['--db', db, '--today', '2022-11-21', 'arrival', 'edit', ID], { tty: true, prompter: scripted({}) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('arrival 1 (陈明): nothing to change');
    expect(query(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'arrival.edit'")).toEqual([{ n: 0 }]);
  });

  it('--reassign: a change of contact type shows the new policy choice as a dry run, then, with --yes, replaces the measure in the same transaction', async () => {
    const db = await registered();
    const bin = (args: string[]) => runBin(['--db', db, '--today', '2022-11-21', ...args]);
    expect(JSON.parse(bin(['quarantine', 'assign', '1']).stdout)).toMatchObject({ assigned: true, policy: 'low-risk-3d2t' });
    const args = ['arrival', 'edit', '1', '--contact', 'close', '--exposure-date', '2022-11-19', '--reassign'];
    const dry = bin([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('measure choice (dry run): measure 1 low-risk-3d2t (from 2022-11-21, released 2022-11-23) → close-contact-5+3 (from 2022-11-20, released 2022-11-28; 2022-11-11 close → close-contact-5+3)');
    // in a script, --yes is needed; nothing changed without it
    const no = bin(args);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/add --yes to confirm in a script \(nothing was changed\)/);
    expect(query(db, 'SELECT contact_type FROM arrivals')).toEqual([{ contact_type: 'none' }]);
    const yes = bin([...args, '--yes']);
    expect(yes.code, yes.stderr).toBe(0);
    // one document on stdout: what was corrected
    expect(JSON.parse(yes.stdout)).toEqual([expect.objectContaining({ before: 'none', after: 'close' }), expect.objectContaining({ after: '2022-11-19' })]);
    expect(yes.stderr).toContain('measure choice: measure 1 low-risk-3d2t');
    expect(yes.stderr).toContain(', new measure 2');
    expect(query(db, 'SELECT id, policy_id, status, superseded_by FROM measures ORDER BY id')).toEqual([
      { id: 1, policy_id: 'low-risk-3d2t', status: 'superseded', superseded_by: 2 },
      { id: 2, policy_id: 'close-contact-5+3', status: 'active', superseded_by: null },
    ]);
    expect(query(db, "SELECT action FROM audit_log WHERE action IN ('arrival.edit', 'measure.reassign') ORDER BY id")).toEqual([{ action: 'arrival.edit' }, { action: 'measure.reassign' }]);
    // a change that leaves the choice as it is: said, nothing replaced
    const same = bin(['arrival', 'edit', '1', '--township', '河口镇', '--origin', '广东省深圳市福田区', '--reassign', '--yes']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toContain('measure choice: still close-contact-5+3');
    expect(query(db, 'SELECT count(*) AS n FROM measures')).toEqual([{ n: 2 }]);
  });

  it('--reassign on a terminal asks before it replaces the measure; no keeps everything as it was', async () => {
    const db = await registered();
    expect((await runMain(['--db', db, '--today', '2022-11-21', 'quarantine', 'assign', '1'])).code).toBe(0);
    const prompter = scripted({});
    const r = await runMain(['--db', db, '--today', '2022-11-21', 'arrival', 'edit', '1', '--contact', 'close', '--exposure-date', '2022-11-19', '--reassign'], { tty: true, prompter });
    expect(prompter.asked.map(([m]) => m)).toEqual(['correct arrival 1 and replace measure 1 (low-risk-3d2t) by close-contact-5+3: go ahead?']);
    // the dry run was shown before the question
    expect(r.stderr).toContain('measure choice (dry run): measure 1 low-risk-3d2t (from 2022-11-21, released 2022-11-23) → close-contact-5+3');
    expect(r.stderr).toContain('cancelled: nothing was changed');
    expect(query(db, 'SELECT contact_type FROM arrivals')).toEqual([{ contact_type: 'none' }]);
    expect(query(db, 'SELECT count(*) AS n FROM measures')).toEqual([{ n: 1 }]);
  });
});
