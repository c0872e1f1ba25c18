import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { InputPrompt, Prompter, SelectPrompt } from '../../src/cli/context.js';
import { query, runMain, tmpDir, VALID, initDb } from '../helpers.js';

/** A prompter that answers from a script, checking each answer with the prompt's own validator. */
function scripted(answers: Record<string, string[]>): Prompter & { asked: string[]; rejected: string[] } {
  const asked: string[] = [];
  const rejected: string[] = [];
  return {
    asked,
    rejected,
    async input(p: InputPrompt) {
      asked.push(p.message);
      const queue = answers[p.message] ?? [];
      while (queue.length > 0) {
        const typed = queue.shift()!;
        // as inquirer does: Enter on an empty line takes the default, then validates
        const a = typed === '' && p.default ? p.default : typed;
        const v = p.validate ? p.validate(a) : true;
        if (v === true) return a;
        rejected.push(`${p.message}: ${v}`);
      }
      throw new Error(`no valid answer for ${p.message}`);
    },
    async select(p: SelectPrompt) {
      asked.push(p.message);
      const a = (answers[p.message] ?? [])[0] ?? p.default!;
      expect(p.choices.map((c) => c.value)).toContain(a);
      return a;
    },
  };
}

describe('arrival add on a terminal', () => {
  it('asks for each missing value, re-asking until it is valid, and registers', async () => {
    const db = initDb(path.join(tmpDir(), 'p.db'));
    const prompter = scripted({
      手机号: ['1380013800', VALID.phone],
      来源地: [VALID.origin],
      抵达日期: ['2022-11-30', ''],
      交通方式: ['bus'],
      目的地: [VALID.destination],
      接触类型: ['close'],
      末次暴露日期: ['2022-11-19'],
    });
    const r = await runMain(['--db', db, '--today', '2022-11-21', '--lang', 'zh', 'arrival', 'add', '--name', '张三', '--id-number', VALID.id], { tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual(['手机号', '来源地', '抵达日期', '交通方式', '目的地', '接触类型', '末次暴露日期']);
    expect(prompter.rejected).toEqual([
      '手机号: “1380013800”不是有效的电话号码：大陆手机号11位（1开头，第二位3-9），座机带区号（0771-5551234），境外号码带国家或地区代码（+852 9123 4567）',
      '抵达日期: 2022-11-30晚于今天（2022-11-21）',
    ]);
    expect(stripVTControlCharacters(r.stdout)).toContain('姓名：张三');
    expect(stripVTControlCharacters(r.stdout)).toContain('交通方式：客车');
    expect(query(db, 'SELECT arrival_date, transport, contact_type, exposure_date FROM arrivals')).toEqual([
      { arrival_date: '2022-11-21', transport: 'bus', contact_type: 'close', exposure_date: '2022-11-19' },
    ]);
  });

  it('does not prompt when every required value is given', async () => {
    const db = initDb(path.join(tmpDir(), 'q.db'));
    const r = await runMain(['--db', db, '--today', '2022-11-21', 'arrival', 'add', '--name', '张三', '--id-number', VALID.id, '--phone', VALID.phone, '--origin', VALID.origin, '--arrival-date', VALID.date, '--transport', 'car', '--destination', VALID.destination], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\u001b[1mName\u001b[22m: 张三');
  });

  it('a cancelled prompt (Ctrl-C) writes nothing and exits 2', async () => {
    const db = initDb(path.join(tmpDir(), 'c.db'));
    const cancel: Prompter = {
      input: async () => {
        const e = new Error('User force closed the prompt');
        e.name = 'ExitPromptError';
        throw e;
      },
      select: async () => 'train',
    };
    const r = await runMain(['--db', db, 'arrival', 'add', '--name', '张三'], { tty: true, prompter: cancel });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cancelled: nothing was written\n');
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 0 }]);
  });

  it('shows a table with colour on a terminal, plain JSON when piped', async () => {
    const db = initDb(path.join(tmpDir(), 't.db'));
    const args = ['--db', db, '--today', '2022-11-21', 'arrival', 'add', '--name', '张三', '--id-number', VALID.id, '--phone', VALID.phone, '--origin', VALID.origin, '--arrival-date', VALID.date, '--transport', 'car', '--destination', VALID.destination];
    await runMain(args, {});
    const tty = await runMain(['--db', db, 'arrival', 'list'], { tty: true });
    expect(tty.stdout).toMatch(/\u001b\[/);
    expect(tty.stdout).toContain('110105********002X');
    const noColor = await runMain(['--db', db, 'arrival', 'list', '--no-color'], { tty: true });
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
    const envNoColor = await runMain(['--db', db, 'arrival', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(envNoColor.stdout).not.toMatch(/\u001b\[/);
    const piped = await runMain(['--db', db, 'arrival', 'list'], {});
    expect(JSON.parse(piped.stdout)[0].name).toBe('张三');
  });
});
