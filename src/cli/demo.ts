/** fangkong demo — a county's two weeks from data/sample/ in a throw-away database, and the last day's report. */
import { Command } from 'commander';
import { UsageError } from '../domain/errors.js';
import type { View } from '../io/output.js';
import type { DemoRun } from '../services/demo.js';
import { addOutputOptions, examples, flagsOnly, verb } from './command.js';
import type { Cli, Ctx } from './context.js';
import { dailyDocument } from './report/render.js';

export type Options = Record<string, never>;

const FIRST = '2022-11-07';
const LAST = '2022-11-20';

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('demo')
    .description(
      t(
        '用 data/sample/ 的样例数据建一个县的两周（风险区、规则、隔离点、卡点、来返人员、管控措施、核酸、卡点查验），显示最后一天的日报',
        "build a county's two weeks from the sample data of data/sample/ (risk areas, rules, sites, checkpoints, arrivals, measures, tests, inspections) and show the last day's report",
      ),
    )
    .addHelpText(
      'after',
      t(
        `\n不给 --db 时使用临时目录中的演示数据库（每次重建）。样例从 ${FIRST} 到 ${LAST}，逐日导入，报告最后一天；--today 可让它停在这两周中的某一天（或报告之后的某一天）。\n`,
        `\nWithout --db it uses a demo database in the temp folder, rebuilt each time. The sample runs from ${FIRST} to ${LAST}, loaded day by day, and the last day is reported; --today stops it on a day of those two weeks (or reports a later day).\n`,
      ) + examples(cli, 'fangkong demo --format table --lang zh', 'fangkong --db demo.db demo'),
    );
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<DemoRun> {
  const today = ctx.todayGiven ? ctx.today : undefined;
  if (today && today < FIRST) {
    throw new UsageError(ctx.t(`样例数据从 ${FIRST} 开始：--today ${today} 在此之前`, `the sample starts on ${FIRST}: --today ${today} is before it`));
  }
  const loc = await ctx.db();
  const { DemoNotEmpty, runDemo } = await import('../services/demo.js');
  try {
    // only a database named on this command line (--db, FANGKONG_DB): never the config file's working one
    return await runDemo({ path: loc.path, named: loc.source === 'option' || loc.source === 'env' }, ctx, { today, describe: ctx.describe });
  } catch (err) {
    if (!(err instanceof DemoNotEmpty)) throw err;
    throw new UsageError(
      ctx.t(`演示需要一个空数据库，而 ${err.path} 已有 ${err.arrivals} 条报备：去掉 --db 即用临时数据库`, `the demo needs an empty database, and ${err.path} holds ${err.arrivals} arrival(s): leave out --db to use a throw-away one`),
    );
  }
}

/** A path as one shell word. */
const word = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** What was loaded, the day's report, and three commands to try next; JSON is all of it, CSV the report's figures. */
export function view(r: DemoRun, ctx: Ctx): View {
  const { t } = ctx;
  const l = r.loaded;
  const doc = dailyDocument(r.report, t);
  const db = `fangkong --db ${word(r.database)} --today ${r.date}`;
  const tries = [
    [`${db} quarantine list`, t('今天谁在隔离、在哪里、第几天', "who is under a measure today, where, and which day")],
    [`${db} test overdue`, t('该做未做的核酸', 'the tests that are due and not done')],
    [`${db} report daily --date ${r.date} --format html --out 日报.html`, t('把日报存为可打印的网页', 'the report as a page to print')],
  ];
  return {
    kind: 'document',
    data: { database: r.database, date: r.date, loaded: l, report: r.report },
    blocks: [
      { text: t(`演示数据库：${r.database}`, `demo database: ${r.database}`) },
      {
        text: t(
          `已逐日导入 ${FIRST} 起 ${l.days} 天的样例（data/sample/）：风险区 ${l.areas} 个、本地规则 ${l.rules} 条、隔离点 ${l.sites} 个、卡点 ${l.checkpoints} 个、来返人员 ${l.arrivals} 名、管控措施 ${l.measures} 项、核酸结果 ${l.tests} 条、卡点查验 ${l.inspections} 次`,
          `loaded ${l.days} days of the sample from ${FIRST} (data/sample/), day by day: ${l.areas} risk areas, ${l.rules} local rule(s), ${l.sites} sites, ${l.checkpoints} checkpoints, ${l.arrivals} arrivals, ${l.measures} measures, ${l.tests} test results, ${l.inspections} inspections`,
        ),
      },
      ...doc.blocks,
      { text: t('\n接着试试：', '\nNext, try:') },
      { text: tries.map(([c, what]) => `  ${c}\n      ${what}`).join('\n') },
    ],
    csv: doc.csv,
  };
}
