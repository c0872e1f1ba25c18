/** fangkong report daily — the report that goes up the chain every evening. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { DailyResult, ReportDateReason } from '../../services/reporting.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { dailyDocument } from './render.js';

export interface Options {
  date?: string;
  unit?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('daily')
    .description(t('每日报告：新增来返人员、各类管控在管/新增/解除、核酸应检/已检/未检/阳性、卡点查验与异常、隔离点使用；无新增时为零报告', 'the daily report: new arrivals, people under each measure (active, started, released), tests (due, done, missing, positive), inspections and anomalies by checkpoint, site occupancy; a zero report when nothing new happened'))
    .option('--date <date>', t('报告日期（默认：中午前运行为昨天，否则为今天）', 'the date covered (default: yesterday before noon, else today)'))
    .option('--unit <name>', t('单位名称（默认为 “fangkong config set unit” 所设）', "the unit's name (default: the one set with config set unit)"))
    .addHelpText('after', examples(cli, 'fangkong report daily --date 2022-11-22 --format markdown --lang zh', 'fangkong report daily --format json --out /srv/reports/2022-11-22.json'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<DailyResult> {
  const date = dateOption('--date', opts.date);
  const { daily } = await import('../../services/reporting.js');
  return daily(await ctx.openStore(), { date, unit: opts.unit }, { now: ctx.now, todayOption: ctx.todayGiven ? ctx.today : undefined, tz: ctx.tz });
}

const CHOSEN: Record<ReportDateReason, [zh: string, en: string]> = {
  today_option: ['--today', '--today'],
  before_noon: ['中午前运行，默认为昨天', 'before noon: yesterday'],
  after_noon: ['中午后运行，默认为今天', 'after noon: today'],
};

/** The report itself is the JSON (a contract); the chosen date and a missing unit name go to stderr. */
export function view(r: DailyResult, ctx: Ctx): View {
  const { report } = r;
  const before: string[] = [];
  if (r.chosen) {
    const why = ctx.t(...CHOSEN[r.chosen]);
    before.push(ctx.t(`报告日期：${report.date}（${why}）`, `report date: ${report.date} (${why})`));
  }
  if (!r.unit_set) before.push(ctx.t('提示：单位名称未设置，用 fangkong config set unit 名称 设置', 'note: the unit name is not set; set it with fangkong config set unit NAME'));
  return { kind: 'document', data: report, ...dailyDocument(report, ctx.t), before };
}
