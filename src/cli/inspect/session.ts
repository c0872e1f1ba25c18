/**
 * fangkong inspect session — the officer on duty enters one person after another with the fewest
 * keystrokes: ID number, then Enter for a green code, Enter for the last test result, Enter for
 * a normal temperature. Each person is saved as soon as entered and their verdict shown; an empty
 * ID or Ctrl-C ends it.
 */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { reason, valueLabel } from '../../domain/i18n.js';
import { blocked, CODES, parseTemperature } from '../../domain/inspection.js';
import type { View } from '../../io/output.js';
import { examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { verdictView } from './render.js';

export interface Options {
  checkpoint: string;
  /** The temperature Enter takes. */
  temp: string;
}

export interface SessionSummary {
  checkpoint: string;
  inspected: number;
  anomalies: number;
  blocked: number;
  unregistered: number;
  /** True when the session was ended by Ctrl-C rather than an empty ID number. */
  interrupted: boolean;
}

export const parse = flagsOnly<Options>;

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('session')
    .description(t('值班查验：逐人快速录入（绿码、正常体温各按一次回车），每人即时保存；空身份证号或 Ctrl-C 结束', 'interactive checkpoint session: one person after another (Enter for green, Enter for a normal temperature), each saved at once; an empty ID or Ctrl-C ends it'))
    .requiredOption('--checkpoint <name>', t('卡点名称', 'checkpoint name'))
    .option('--temp <celsius>', t('默认体温', 'default temperature'), '36.5')
    .addHelpText('after', examples(cli, 'fangkong inspect session --checkpoint 高速收费站卡点'))
    .action(verb(cli, { parse, run, view }));
}

/** Asks for one person after another, saving each and printing their verdict, until an empty ID or Ctrl-C. */
export async function run(opts: Options, ctx: Ctx): Promise<SessionSummary> {
  if (!ctx.canPrompt) throw new UsageError(ctx.t('值班查验需要在终端中运行；脚本请用 fangkong inspect 或 inspect import', 'a session needs a terminal; in a script use fangkong inspect or inspect import'));
  const { findCheckpoint, logInspection } = await import('../../services/inspection.js');
  const { parseIdNumber } = await import('../../domain/idnumber.js');
  const store = await ctx.openStore();
  const checkpoint = findCheckpoint(store, opts.checkpoint).name;
  const summary: SessionSummary = { checkpoint, inspected: 0, anomalies: 0, blocked: 0, unregistered: 0, interrupted: false };
  const p = ctx.deps.prompter;
  let lastResult = 'negative';
  await ctx.print(null, () => note(ctx.t(`${checkpoint} 值班查验：输入身份证号，直接回车结束`, `${checkpoint} session: enter an ID number; an empty one ends the session`)));
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
          const t = parseTemperature(v);
          return 'problem' in t ? reason(t.problem.code, t.problem.params, ctx.lang) : true;
        },
      });
      const r = logInspection(store, checkpoint, { id_number: id, code, test_result: test, temperature: temp }, ctx);
      summary.inspected++;
      if (r.anomalies.length) summary.anomalies++;
      if (blocked(r.anomalies)) summary.blocked++;
      if (!r.arrival_id) summary.unregistered++;
      await ctx.print(r, (shown) => verdictView(shown, ctx));
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ExitPromptError')) throw err;
    summary.interrupted = true;
    // off the line the interrupted prompt left
    await ctx.print(null, () => note(''));
  }
  return summary;
}

/** A line for the officer, on stderr, whatever the format. */
function note(line: string): View {
  return { kind: 'nothing', before: [line] };
}

export function view(s: SessionSummary, ctx: Ctx): View {
  return {
    kind: 'done',
    data: s,
    text: ctx.t(
      `本班结束：${s.checkpoint} 查验 ${s.inspected} 人，异常 ${s.anomalies}，不得放行 ${s.blocked}，未报备 ${s.unregistered}`,
      `session ended: ${s.checkpoint}, ${s.inspected} inspected, ${s.anomalies} anomalies, ${s.blocked} not let through, ${s.unregistered} not registered`,
    ),
  };
}
