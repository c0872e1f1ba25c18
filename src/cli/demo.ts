/** fangkong demo — a throw-away database with the sample data, and the day's arrivals. */
import { Command } from 'commander';
import type { View } from '../io/output.js';
import type { DemoRun } from '../services/demo.js';
import { addOutputOptions, examples, flagsOnly, verb } from './command.js';
import type { Cli, Ctx } from './context.js';
import { ARRIVAL_COLUMNS, ARRIVAL_TABLE_COLUMNS, onScreen } from './arrival/columns.js';

export type Options = Record<string, never>;

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('demo')
    .description(t('用 data/sample/ 的样例数据建一个演示数据库，显示导入结果和当天抵达的人员', "load the sample data of data/sample/ into a demo database and show the day's arrivals"))
    .addHelpText(
      'after',
      t(
        '\n不给 --db 时使用临时目录中的演示数据库（每次重建）；演示日期默认为 2022-11-20（可用 --today 改）。\n',
        '\nWithout --db it uses a demo database in the temp folder, rebuilt each time; the demo day is 2022-11-20 unless --today.\n',
      ) + examples(cli, 'fangkong demo --format table --lang zh'),
    );
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<DemoRun> {
  const loc = await ctx.db();
  const { runDemo } = await import('../services/demo.js');
  return runDemo({ path: loc.path, named: loc.source !== 'default' }, ctx, { today: ctx.todayGiven ? ctx.today : undefined, describe: ctx.describe });
}

/** What was loaded and the day's arrivals; CSV is those arrivals. */
export function view(r: DemoRun, ctx: Ctx): View {
  return {
    kind: 'document',
    data: { database: r.database, date: r.date, loaded: { arrivals: r.arrivals.inserted }, arrivals_today: r.today },
    blocks: [
      { text: ctx.t(`演示数据库：${r.database}`, `demo database: ${r.database}`) },
      { text: ctx.t(`已导入 ${r.arrivals.inserted} 名来返人员（data/sample/arrivals.csv）`, `loaded ${r.arrivals.inserted} arrivals from data/sample/arrivals.csv`) },
      // the leading newlines leave a blank line above the list and above the hint
      { text: ctx.t(`\n${r.date} 抵达的来返人员（${r.today.length} 人）：`, `\nArrivals on ${r.date} (${r.today.length}):`) },
      { list: r.today.map(onScreen), columns: ARRIVAL_TABLE_COLUMNS },
      { text: ctx.t(`\n接着试试：fangkong --db ${r.database} arrival list`, `\nNext, try: fangkong --db ${r.database} arrival list`) },
    ],
    csv: { rows: r.today, columns: ARRIVAL_COLUMNS },
  };
}
