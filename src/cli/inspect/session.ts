/**
 * fangkong inspect session — the officer on duty enters one person after another with the fewest
 * keystrokes: ID number, then Enter for a green code, Enter for the last test result, Enter for
 * a normal temperature. Each person is saved as soon as entered; an empty ID or Ctrl-C ends it.
 */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { valueLabel } from '../../domain/i18n.js';
import { CODES, type Anomaly } from '../../domain/inspection.js';
import { action, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { verdict } from './render.js';

export interface SessionSummary {
  checkpoint: string;
  inspected: number;
  anomalies: number;
  blocked: number;
  unregistered: number;
}

export function command(deps: Deps): Command {
  return new Command('session')
    .description(L('值班查验：逐人快速录入（绿码、正常体温各按一次回车），每人即时保存；空身份证号或 Ctrl-C 结束', 'interactive checkpoint session: one person after another (Enter for green, Enter for a normal temperature), each saved at once; an empty ID or Ctrl-C ends it'))
    .requiredOption('--checkpoint <name>', L('卡点名称', 'checkpoint name'))
    .option('--temp <celsius>', L('默认体温', 'default temperature'), '36.5')
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong inspect session --checkpoint 高速收费站卡点\n`)
    .action(
      action<{ checkpoint: string; temp: string }>(deps, async (opts, ctx) => {
        const s = await run(opts, ctx);
        ctx.io.stdout.write(
          ctx.t(
            `本班结束：${s.checkpoint} 查验 ${s.inspected} 人，异常 ${s.anomalies}，不得放行 ${s.blocked}，未报备 ${s.unregistered}\n`,
            `session ended: ${s.checkpoint}, ${s.inspected} inspected, ${s.anomalies} anomalies, ${s.blocked} not let through, ${s.unregistered} not registered\n`,
          ),
        );
      }),
    );
}

export async function run(opts: { checkpoint: string; temp: string }, ctx: Ctx): Promise<SessionSummary> {
  if (!ctx.canPrompt) throw new UsageError(ctx.t('值班查验需要在终端中运行；脚本请用 fangkong inspect 或 inspect import', 'a session needs a terminal; in a script use fangkong inspect or inspect import'));
  const { findCheckpoint, logInspection } = await import('../../services/inspection.js');
  const { validateInspection } = await import('../../domain/inspection.js');
  const { parseIdNumber } = await import('../../domain/idnumber.js');
  const { reason } = await import('../../domain/i18n.js');
  const store = await ctx.openStore();
  const checkpoint = findCheckpoint(store, opts.checkpoint).name;
  const summary: SessionSummary = { checkpoint, inspected: 0, anomalies: 0, blocked: 0, unregistered: 0 };
  const p = ctx.deps.prompter;
  let lastResult = 'negative';
  ctx.io.stdout.write(ctx.t(`${checkpoint} 值班查验：输入身份证号，直接回车结束\n`, `${checkpoint} session: enter an ID number; an empty one ends the session\n`));
  try {
    while (true) {
      const id = await p.input({
        message: ctx.t(`[${summary.inspected}] 身份证号`, `[${summary.inspected}] ID number`),
        validate: (v) => {
          if (v.trim() === '') return true;
          const r = parseIdNumber(v, ctx.today);
          return r.ok ? true : reason(r.problem.code, r.problem.params, ctx.lang);
        },
      });
      if (id.trim() === '') break;
      const code = await p.select({ message: ctx.t('健康码', 'health code'), choices: CODES.map((c) => ({ name: valueLabel('code', c, ctx.lang), value: c })), default: 'green' });
      const test = await p.select({
        message: ctx.t('核酸', 'test'),
        choices: ['negative', 'none', 'positive'].map((c) => ({ name: valueLabel('result', c, ctx.lang), value: c })),
        default: lastResult,
      });
      lastResult = test;
      const temp = await p.input({
        message: ctx.t('体温', 'temperature'),
        default: opts.temp,
        validate: (v) => {
          const { problems } = validateInspection({ id_number: id, code, temperature: v }, '9999-12-31T23:59');
          const t = problems.find((x) => x.field === 'temperature');
          return t ? reason(t.code, t.params, ctx.lang) : true;
        },
      });
      const r = logInspection(store, checkpoint, { id_number: id, code, test_result: test, temperature: temp }, ctx);
      summary.inspected++;
      if (r.anomalies.length) summary.anomalies++;
      if ((r.anomalies as Anomaly[]).some((a) => a === 'red_code' || a === 'fever' || a === 'test_positive')) summary.blocked++;
      if (!r.arrival_id) summary.unregistered++;
      ctx.io.stdout.write(await verdict(r, ctx));
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ExitPromptError')) throw err;
    ctx.io.stdout.write('\n');
  }
  return summary;
}
