/** fangkong demo — a throw-away database with the sample data, and the day's arrivals. */
import { Command } from 'commander';
import type { DemoResult } from '../services/demo.js';
import { action, L } from './command.js';
import type { Ctx, Deps } from './context.js';
import { ARRIVAL_COLUMNS, ARRIVAL_TABLE_COLUMNS } from './arrival/columns.js';

export function command(deps: Deps): Command {
  return new Command('demo')
    .description(
      L(
        '用 data/sample/ 的样例数据建一个演示数据库，显示导入结果和当天抵达的人员',
        "load the sample data of data/sample/ into a demo database and show the day's arrivals",
      ),
    )
    .addHelpText(
      'after',
      L(
        '\n不给 --db 时使用临时目录中的演示数据库（每次重建）；演示日期默认为 2022-11-20（可用 --today 改）。\n',
        '\nWithout --db it uses a demo database in the temp folder, rebuilt each time; the demo day is 2022-11-20 unless --today.\n',
      ),
    )
    .action(
      action<object>(deps, async (_opts, ctx) => {
        const { path, result, today } = await run(ctx);
        await render(path, result, today, ctx);
      }),
    );
}

export async function run(ctx: Ctx): Promise<{ path: string; result: DemoResult; today: string }> {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const nodePath = await import('node:path');
  const { openStore } = await import('../store/db.js');
  const { loadDemo, DEMO_DATE } = await import('../services/demo.js');
  const loc = await ctx.db();
  let file = loc.path;
  if (loc.source === 'default') {
    file = nodePath.join(os.tmpdir(), 'fangkong-demo.db');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  const today = ctx.todayGiven ? ctx.today : DEMO_DATE;
  const store = openStore(file);
  try {
    const result = await loadDemo(store, { ...ctx, today }, ctx.describe);
    return { path: file, result, today };
  } finally {
    store.close();
  }
}

export async function render(file: string, r: DemoResult, today: string, ctx: Ctx): Promise<void> {
  const { renderList } = await import('../io/render.js');
  const { maskRow } = await import('../io/mask.js');
  const format = ctx.listFormat();
  if (format === 'json') {
    ctx.io.stdout.write(JSON.stringify({ database: file, date: today, loaded: { arrivals: r.arrivals.inserted }, arrivals_today: r.today.map(maskRow) }, null, 2) + '\n');
    return;
  }
  const out = ctx.io.stdout;
  out.write(ctx.t(`演示数据库：${file}\n`, `demo database: ${file}\n`));
  out.write(ctx.t(`已导入 ${r.arrivals.inserted} 名来返人员（data/sample/arrivals.csv）\n`, `loaded ${r.arrivals.inserted} arrivals from data/sample/arrivals.csv\n`));
  out.write(ctx.t(`\n${today} 抵达的来返人员（${r.today.length} 人）：\n`, `\nArrivals on ${today} (${r.today.length}):\n`));
  out.write(await renderList(r.today.map(maskRow), format === 'table' || format === 'markdown' ? ARRIVAL_TABLE_COLUMNS : ARRIVAL_COLUMNS, { format, lang: ctx.lang, color: ctx.color }));
  out.write(ctx.t(`\n接着试试：fangkong --db ${file} arrival list\n`, `\nNext, try: fangkong --db ${file} arrival list\n`));
}
