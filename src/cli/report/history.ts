/** fangkong report history — the daily reports as issued: when, by whom, which bytes. */
import { Command } from 'commander';
import type { Column, View } from '../../io/output.js';
import type { IssueSummary } from '../../services/reporting.js';
import { addListOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  date?: string;
  from?: string;
  to?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('history')
    .description(t('已上报的日报：哪天、哪个单位、何时、谁、什么格式、写到哪里、内容的 sha256', 'the daily reports as issued: date, unit, when, by whom, format, file, the sha256 of the bytes'))
    .option('--date <date>', t('只列这一天的', 'only those of this date'))
    .option('--from <date>', t('起始日期', 'first day'))
    .option('--to <date>', t('截止日期', 'last day'))
    .addHelpText('after', examples(cli, 'fangkong report history --from 2022-11-01 --to 2022-11-30'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<IssueSummary[]> {
  const f = { date: dateOption('--date', opts.date), from: dateOption('--from', opts.from), to: dateOption('--to', opts.to) };
  const { issueHistory } = await import('../../services/reporting.js');
  return issueHistory(await ctx.openStore(), f, ctx.tz);
}

export function view(rows: IssueSummary[], ctx: Ctx): View {
  const { t } = ctx;
  const columns: Column[] = ['id', 'date', 'unit', 'issued_at', 'actor', 'format', 'file', 'sha256', 'bytes'].map((key) => ({ key }));
  const screen: Column[] = [
    { key: 'id', heading: t('编号', 'no.'), align: 'right' },
    { key: 'date', heading: t('报告日期', 'date') },
    { key: 'unit', heading: t('单位', 'unit') },
    { key: 'issued_at', heading: t('上报时间', 'issued at') },
    { key: 'actor', heading: t('上报人', 'by') },
    { key: 'format', heading: t('格式', 'format') },
    { key: 'file', heading: t('文件', 'file') },
    { key: 'hash', heading: 'sha256' },
  ];
  return { kind: 'list', rows: rows.map((r) => ({ ...r, hash: `${r.sha256.slice(0, 12)}…` })), columns, screen, tally: t(`共 ${rows.length} 份`, `${rows.length} report(s)`) };
}
