/**
 * fangkong inspect session — the officer on duty enters one person after another with the fewest
 * keystrokes: ID number, then Enter for a green code, the test (Enter takes the latest result on
 * record, with its sampling time; without one it must be answered, and a negative's sampling time
 * is asked), Enter for a normal temperature. Each person is saved as soon as entered and their
 * verdict shown, by the same rules as `inspect log`; an empty ID or Ctrl-C ends it.
 */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { reason, valueLabel } from '../../domain/i18n.js';
import { CODES, parseSampleTime, parseTemperature, parseTestAnswer, type InspectionInput } from '../../domain/inspection.js';
import type { View } from '../../io/output.js';
import type { TestResultRow } from '../../store/tests.js';
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
    .description(
      t(
        '值班查验：逐人快速录入（绿码、登记在案的核酸、正常体温各按一次回车；没有登记的核酸须回答，阴性要问采样时间），每人即时保存、按同一规则判定；空身份证号或 Ctrl-C 结束',
        'interactive checkpoint session: one person after another (Enter for green, for the test on record, for a normal temperature; with no test on record the test must be answered, and a negative one’s sampling time), each saved at once and judged by the same rules; an empty ID or Ctrl-C ends it',
      ),
    )
    .requiredOption('--checkpoint <name>', t('卡点名称', 'checkpoint name'))
    .option('--temp <celsius>', t('默认体温', 'default temperature'), '36.5')
    .addHelpText('after', examples(cli, 'fangkong inspect session --checkpoint 高速收费站卡点'))
    .action(verb(cli, { parse, run, view }));
}

/** Asks for one person after another, saving each and printing their verdict, until an empty ID or Ctrl-C. */
export async function run(opts: Options, ctx: Ctx): Promise<SessionSummary> {
  if (!ctx.canPrompt) throw new UsageError(ctx.t('值班查验需要在终端中运行；脚本请用 fangkong inspect 或 inspect import', 'a session needs a terminal; in a script use fangkong inspect or inspect import'));
  const { findCheckpoint, inspectionNow, lastTestOnRecord, logInspection } = await import('../../services/inspection.js');
  const { parsePersonNumber: parseIdNumber } = await import('../../domain/document.js');
  const store = await ctx.openStore();
  const checkpoint = findCheckpoint(store, opts.checkpoint).name;
  const summary: SessionSummary = { checkpoint, inspected: 0, anomalies: 0, blocked: 0, unregistered: 0, interrupted: false };
  const p = ctx.deps.prompter;
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
      const parsed = parseIdNumber(id, ctx.today);
      const code = await p.select({ message: ctx.t('健康码', 'health code'), choices: CODES.map((c) => ({ name: valueLabel('code', c, ctx.lang), value: c })), default: 'green' });
      const now = inspectionNow(ctx).now;
      const test = await askTest(lastTestOnRecord(store, parsed.ok ? parsed.value.idNumber : id, now.slice(0, 10)), now, ctx);
      const temp = await p.input({
        message: ctx.t('体温', 'temperature'),
        default: opts.temp,
        validate: (v) => {
          const t = parseTemperature(v);
          return 'problem' in t ? reason(t.problem.code, t.problem.params, ctx.lang) : true;
        },
      });
      const r = logInspection(store, checkpoint, { id_number: id, code, ...test, temperature: temp }, ctx);
      summary.inspected++;
      if (r.anomalies.length) summary.anomalies++;
      if (r.verdict === 'stop') summary.blocked++;
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

/**
 * The test: the latest result on record offered with its sampling time (Enter takes it), else
 * asked with no default; a negative not on record is asked its sampling time (Enter: unknown,
 * which is an anomaly, never a pass).
 */
async function askTest(last: TestResultRow | undefined, now: string, ctx: Ctx): Promise<Pick<InspectionInput, 'test_result' | 'test_time'>> {
  const { t, lang } = ctx;
  const p = ctx.deps.prompter;
  let answer: string;
  if (last) {
    const when = last.sample_time ? t(`采样 ${last.sample_time.replace('T', ' ')}`, `sampled ${last.sample_time.replace('T', ' ')}`) : t(`${last.test_date}（未记采样时刻）`, `${last.test_date} (no sampling time)`);
    answer = await p.select({
      message: t('核酸', 'test'),
      choices: [
        { name: t(`登记的结果：${valueLabel('result', last.result, lang)}，${when}`, `on record: ${last.result}, ${when}`), value: 'record' },
        { name: t('阴性（出示其他证明）', 'negative (another certificate)'), value: 'negative' },
        { name: valueLabel('anomaly', 'no_test', lang), value: 'none' },
        { name: valueLabel('result', 'positive', lang), value: 'positive' },
      ],
      default: 'record',
    });
    // a record without a sampling time counts from the start of its day: its age is at most that
    if (answer === 'record') return { test_result: last.result, test_time: last.sample_time ?? last.test_date };
  } else {
    const typed = await p.input({
      message: t('核酸结果（1 阴性 / 2 阳性 / 0 无）', 'test result (1 negative / 2 positive / 0 none)'),
      validate: (v) => (parseTestAnswer(v) ? true : t('请回答 1（阴性）、2（阳性）或 0（无）', 'answer 1 (negative), 2 (positive) or 0 (none)')),
    });
    answer = parseTestAnswer(typed)!;
  }
  if (answer !== 'negative') return { test_result: answer };
  const time = await p.input({
    message: t('采样时间（如 11-21 09:00；不知道直接回车）', 'sampled at (e.g. 11-21 09:00; Enter if unknown)'),
    validate: (v) => {
      if (v.trim() === '') return true;
      const s = parseSampleTime(v, now.slice(0, 10));
      if (!s) return reason('date', { value: v.trim() }, lang);
      return s > now ? reason('test_after_inspection', { value: v.trim() }, lang) : true;
    },
  });
  return { test_result: 'negative', test_time: time.trim() ? parseSampleTime(time, now.slice(0, 10))! : undefined };
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
