/** fangkong report daily — the report that goes up the chain every evening. */
import { Command } from 'commander';
import { addDays, localDate } from '../../domain/dates.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { dateOption } from '../dates.js';
import { renderDaily } from './render.js';

export interface Options {
  date?: string;
  unit?: string;
  out?: string;
}

export function command(deps: Deps): Command {
  const cmd = new Command('daily')
    .description(L('每日报告：新增来返人员、各类管控在管/新增/解除、核酸应检/已检/未检/阳性、卡点查验与异常、隔离点使用；无新增时为零报告', 'the daily report: new arrivals, people under each measure (active, started, released), tests (due, done, missing, positive), inspections and anomalies by checkpoint, site occupancy; a zero report when nothing new happened'))
    .option('--date <date>', L('报告日期（默认：中午前运行为昨天，否则为今天）', 'the date covered (default: yesterday before noon, else today)'))
    .option('--unit <name>', L('单位名称（默认用 config set unit 设置的）', 'the unit\'s name (default: the one set with config set unit)'))
    .addHelpText('after', `\n${L('示例', 'Examples')}:\n  fangkong report daily --date 2022-11-22 --format markdown --lang zh\n  fangkong report daily --format json --out /srv/reports/2022-11-22.json\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<Options>(deps, async (opts, ctx) => {
      const { report, date, chosen } = await run(opts, ctx);
      if (chosen) ctx.io.stderr.write(ctx.t(`报告日期：${date}（${chosen}）\n`, `report date: ${date} (${chosen})\n`));
      if (report.unit.startsWith('(')) ctx.io.stderr.write(ctx.t('提示：单位名称未设置，用 fangkong config set unit 名称 设置\n', 'note: the unit name is not set; set it with fangkong config set unit NAME\n'));
      await emit(ctx, await renderDaily(report, ctx.listFormat(), ctx.lang, ctx.color), opts.out);
    }),
  );
}

/** The date a report covers when none is given: yesterday before noon, else today. */
export function defaultReportDate(ctx: Ctx): { date: string; chosen: string } {
  if (ctx.todayGiven) return { date: ctx.today, chosen: ctx.t('--today', '--today') };
  const hour = ctx.now.getHours();
  const today = localDate(ctx.now);
  return hour < 12
    ? { date: addDays(today, -1), chosen: ctx.t('中午前运行，默认为昨天', 'before noon: yesterday') }
    : { date: today, chosen: ctx.t('中午后运行，默认为今天', 'after noon: today') };
}

export async function run(opts: Options, ctx: Ctx) {
  const { dailyReport, unitName } = await import('../../services/reporting.js');
  const store = await ctx.openStore();
  const given = dateOption('--date', opts.date);
  const d = given ? { date: given, chosen: '' } : defaultReportDate(ctx);
  return { report: dailyReport(store, d.date, unitName(store, opts.unit)), date: d.date, chosen: d.chosen };
}
