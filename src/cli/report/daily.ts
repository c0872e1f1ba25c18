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
  /** Keep what goes to stdout as the issued report (with --out it always is). */
  record?: boolean;
  out?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('daily')
    .description(
      t(
        '每日报告：新增来返人员与补报、各类管控的在管/新增/转入/转出/解除/撤销、核酸应检/已出结果/待出结果/未采样/阳性、卡点查验与异常、隔离点使用；无事可报时为零报告；--out 写出的（或加 --record）记为已上报',
        'the daily report: new and late-registered arrivals, each measure kind (active, started, moved in/out, released, cancelled), tests (due, done, awaiting result, missing, positive), inspections and anomalies by checkpoint, site occupancy; a zero report when there is nothing to report; what --out writes (or --record prints) is kept as issued',
      ),
    )
    .option('--date <date>', t('报告日期（默认：中午前运行为昨天，否则为今天）', 'the date covered (default: yesterday before noon, else today)'))
    .option('--unit <name>', t('单位名称（默认为 “fangkong config set unit” 所设）', "the unit's name (default: the one set with config set unit)"))
    .option('--record', t('把输出到屏幕/管道的日报也记为已上报（--out 写出的总是记录）', 'keep what is printed as the issued report too (what --out writes always is)'))
    .addHelpText(
      'after',
      examples(cli, 'fangkong report daily --date 2022-11-22 --format markdown --lang zh', 'fangkong report daily --format json --out /srv/reports/2022-11-22.json', 'fangkong report daily --format html --out 日报.html'),
    );
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<DailyResult> {
  const date = dateOption('--date', opts.date);
  const { daily } = await import('../../services/reporting.js');
  return daily(await ctx.openStore(), { date, unit: opts.unit ?? ctx.deps?.env.FANGKONG_UNIT, defaultUnit: ctx.deps?.config?.unit, record: opts.record, out: opts.out }, { now: ctx.now, todayOption: ctx.todayGiven ? ctx.today : undefined, tz: ctx.tz });
}

const CHOSEN: Record<ReportDateReason, [zh: string, en: string]> = {
  today_option: ['--today', '--today'],
  before_noon: ['中午前运行，默认为昨天', 'before noon: yesterday'],
  after_noon: ['中午后运行，默认为今天', 'after noon: today'],
};

/**
 * The report itself is the JSON (a contract); the chosen date, a missing unit name and a day
 * issued before whose figures have changed go to stderr. With --out or --record, what was
 * written is kept as issued once it is written.
 */
export function view(r: DailyResult, ctx: Ctx): View {
  const { report } = r;
  const { t } = ctx;
  const before: string[] = [];
  if (r.chosen) {
    const why = t(...CHOSEN[r.chosen]);
    before.push(t(`报告日期：${report.date}（${why}）`, `report date: ${report.date} (${why})`));
  }
  if (!r.unit_set) before.push(t('提示：单位名称未设置，用 fangkong config set unit 名称 设置', 'note: the unit name is not set; set it with fangkong config set unit NAME'));
  if (r.issued?.changed) {
    before.push(
      t(
        `注意：${report.date} 的日报已于 ${r.issued.issued_at} 上报（第 ${r.issued.id} 号），此后有 ${r.issued.changed} 项数字变了：fangkong report diff --date ${report.date}`,
        `note: the report of ${report.date} was issued at ${r.issued.issued_at} (#${r.issued.id}); ${r.issued.changed} figure(s) have changed since: fangkong report diff --date ${report.date}`,
      ),
    );
  }
  const record = r.record;
  const written: View['written'] = record
    ? async (w) => {
        const { recordIssue } = await import('../../services/reporting.js');
        const kept = recordIssue(await ctx.openStore(), report, { text: w.text, format: w.format, file: record.file, marks: record.marks }, ctx);
        return [t(`已记为上报：第 ${kept.id} 号（sha256 ${kept.sha256.slice(0, 12)}…）`, `kept as issued: #${kept.id} (sha256 ${kept.sha256.slice(0, 12)}…)`)];
      }
    : undefined;
  return { kind: 'document', data: report, ...dailyDocument(report, t, { unitSet: r.unit_set, madeAt: r.made_at }), before, written };
}
