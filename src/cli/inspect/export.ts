/** fangkong inspect export — inspections to CSV (UTF-8 with BOM), in the columns `inspect import` takes. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  date?: string;
  checkpoint?: string;
  anomalies?: boolean;
  /** The CSV file; default stdout. */
  file?: string;
}

export interface ExportResult {
  exported: number;
  file: string | null;
}

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined), checkpoint: flags.checkpoint as string | undefined, anomalies: flags.anomalies as boolean | undefined, file: flags.out as string | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('export')
    .description(t('导出查验记录为 CSV（身份证号、手机号默认打码）', 'export inspections as CSV (ID numbers and phones masked unless --reveal)'))
    .option('--out <file>', t('写入文件（写完才出现），默认输出到屏幕', 'write to FILE (appears only when complete); default stdout'))
    .option('--force', t('文件已存在时覆盖它', 'replace the file if it exists'))
    .option('--date <date>', t('日期', 'date'))
    .option('--checkpoint <name>', t('卡点', 'checkpoint'))
    .option('--anomalies', t('只导出异常', 'anomalies only'))
    .addHelpText('after', examples(cli, 'fangkong inspect export --date 2022-11-21 --out 查验记录.csv'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ExportResult> {
  const { exportInspections } = await import('../../services/inspection.js');
  const target = opts.file ? { file: opts.file } : { stream: ctx.io.stdout };
  const { progressCallback } = await import('../../io/progress.js');
  const { EXPORT_PROGRESS_MIN } = await import('../arrival/export.js');
  // not when the CSV itself goes to the terminal: the bar would be drawn among its lines
  const bar = await progressCallback({ stream: ctx.io.stderr, isTTY: ctx.io.stderrIsTTY && !(!opts.file && ctx.io.stdoutIsTTY), lang: ctx.lang, label: { zh: '导出', en: 'exporting' }, min: EXPORT_PROGRESS_MIN });
  let exported: number;
  try {
    exported = await exportInspections(await ctx.openStore(), target, { date: opts.date, checkpoint: opts.checkpoint, anomalies: opts.anomalies }, ctx.reveal, bar.onProgress);
  } finally {
    bar.stop();
  }
  return { exported, file: opts.file ?? null };
}

/** The CSV itself went to the file or stdout: only the count, on stderr. */
export function view(r: ExportResult, ctx: Ctx): View {
  return { kind: 'nothing', after: r.file ? [ctx.t(`已导出 ${r.exported} 条到 ${r.file}`, `exported ${r.exported} inspection(s) to ${r.file}`)] : [] };
}
