/** arrival delete asks on a terminal (default no) and needs --yes in a script (issue 16 item 4). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../src/cli/context.js';
import { addArgs, initDb, query, runMain, tmpDir } from '../helpers.js';

function answering(answer: string, asked: string[]): Prompter {
  return {
    input: async () => {
      throw new Error('unexpected input prompt');
    },
    select: async (p) => {
      asked.push(p.message);
      expect(p.default).toBe('no');
      return answer;
    },
  };
}

describe('arrival delete asks first', () => {
  const setup = async () => {
    const db = initDb(path.join(tmpDir(), 'd.db'));
    expect((await runMain(['--db', db, '--today', '2022-11-30', ...addArgs()])).code).toBe(0);
    return db;
  };
  const deleted = (db: string) => query(db, 'SELECT deleted_at IS NOT NULL AS gone FROM arrivals')[0].gone;

  it('on a terminal: names the arrival, and "no" deletes nothing (exit 2)', async () => {
    const db = await setup();
    const asked: string[] = [];
    const r = await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'delete', '1', '--reason', '重复登记'], { tty: true, prompter: answering('no', asked) });
    expect(asked).toEqual([expect.stringMatching(/^this deletes arrival 1 \(张三, \d{4}-\d\d-\d\d\) with its measures and tests \(arrival restore undoes it\): go ahead\?$/)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cancelled: nothing was changed\n');
    expect(deleted(db)).toBe(0);
  });

  it('on a terminal: "yes" deletes', async () => {
    const db = await setup();
    const r = await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'delete', '1', '--reason', '重复登记'], { tty: true, prompter: answering('yes', []) });
    expect(r.code, r.stderr).toBe(0);
    expect(deleted(db)).toBe(1);
  });

  it('in a script: refused without --yes (exit 2, nothing changed), done with it, never asked', async () => {
    const db = await setup();
    const asked: string[] = [];
    const refused = await runMain(['--db', db, '--today', '2022-11-30', '--lang', 'zh', 'arrival', 'delete', '1', '--reason', '重复登记'], { prompter: answering('yes', asked) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^错误：将删除报备 1（张三，.*）.*脚本中请加 --yes 确认（未做任何更改）\n$/);
    expect(deleted(db)).toBe(0);
    const done = await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'delete', '1', '--reason', '重复登记', '--yes'], { prompter: answering('no', asked) });
    expect(done.code, done.stderr).toBe(0);
    expect(deleted(db)).toBe(1);
    expect(asked).toEqual([]);
  });

  it('an unknown arrival is "not found" before any question', async () => {
    const db = await setup();
    const asked: string[] = [];
    const r = await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'delete', '99', '--reason', 'x'], { tty: true, prompter: answering('yes', asked) });
    expect(r.code).not.toBe(0);
    expect(asked).toEqual([]);
  });
});
