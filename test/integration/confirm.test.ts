/** Destructive verbs ask on a terminal (default no) and need --yes in a script; "no" changes nothing. */
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

describe('arrival purge asks first', () => {
  const setup = async () => {
    const db = initDb(path.join(tmpDir(), 'p.db'));
    expect((await runMain(['--db', db, '--today', '2022-11-30', ...addArgs()])).code).toBe(0);
    return db;
  };

  it('on a terminal: says how many, and "no" purges nothing (exit 2)', async () => {
    const db = await setup();
    const asked: string[] = [];
    const r = await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25'], { tty: true, prompter: answering('no', asked) });
    expect(asked).toEqual(['this purges the personal data of 1 arrival(s) (ended before 2022-11-25), for good: go ahead?']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cancelled: nothing was changed\n');
    expect(query(db, 'SELECT name FROM arrivals')).toEqual([{ name: '张三' }]);
  });

  it('on a terminal: "yes" purges', async () => {
    const db = await setup();
    const r = await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25'], { tty: true, prompter: answering('yes', []) });
    expect(r.code).toBe(0);
    expect(query(db, 'SELECT name FROM arrivals')).not.toEqual([{ name: '张三' }]);
  });

  it('--yes does not ask; a dry run never asks', async () => {
    const db = await setup();
    const asked: string[] = [];
    expect((await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--dry-run'], { tty: true, prompter: answering('no', asked) })).code).toBe(0);
    expect((await runMain(['--db', db, '--today', '2022-11-30', 'arrival', 'purge', '--before', '2022-11-25', '--yes'], { tty: true, prompter: answering('no', asked) })).code).toBe(0);
    expect(asked).toEqual([]);
  });
});
