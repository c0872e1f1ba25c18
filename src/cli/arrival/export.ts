/** fangkong arrival export — arrivals to CSV (UTF-8 with BOM, opens in Excel). */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { toFilter, type Options as ListOptions } from './list.js';

export interface Options extends ListOptions {
  /** The CSV file; default stdout. */
  file?: string;
}

export interface ExportResult {
  exported: number;
  file: string | null;
}

/** Exports of at least this many rows get a progress bar on a terminal. */
export const EXPORT_PROGRESS_MIN = 10_000;

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('export')
    .description(t('导出来返人员为 CSV（Excel 可直接打开；身份证号、手机号默认打码，--reveal 显示原文）', 'export arrivals as CSV for Excel (ID numbers and phones masked unless --reveal)'))
    .option('--out <file>', t('写入文件（写完才出现），默认输出到屏幕', 'write to FILE (appears only when complete); default stdout'))
    .option('--force', t('文件已存在时覆盖它', 'replace the file if it exists'))
    .option('--date <date>', t('抵达日期为这一天', 'arrived on this date'))
    .option('--from <date>', t('抵达日期不早于', 'arrived on or after'))
    .option('--to <date>', t('抵达日期不晚于', 'arrived on or before'))
    .option('--origin <place>', t('来源地（前缀匹配）', 'origin, by prefix'))
    .option('--township <name>', t('所属乡镇', 'township'))
    .addHelpText('after', examples(cli, 'fangkong arrival export --reveal --out 来返人员.csv'))
    .action(verb(cli, { parse: (_a, { out, ...f }) => ({ ...f, file: out as string | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ExportResult> {
  const filter = toFilter(opts);
  const { exportArrivals } = await import('../../services/arrival-io.js');
  const target = opts.file ? { file: opts.file } : { stream: ctx.io.stdout };
  const { progressCallback } = await import('../../io/progress.js');
  // not when the CSV itself goes to the terminal: the bar would be drawn among its lines
  const bar = await progressCallback({ stream: ctx.io.stderr, isTTY: ctx.io.stderrIsTTY && !('stream' in target && ctx.io.stdoutIsTTY), lang: ctx.lang, label: { zh: '导出', en: 'exporting' }, min: EXPORT_PROGRESS_MIN });
  try {
    return await exportArrivals(await ctx.openStore(), target, ctx, { reveal: ctx.reveal, filter, bom: ctx.bom, onProgress: bar.onProgress });
  } finally {
    bar.stop();
  }
}

/** The CSV itself went to the file or stdout: only the count, on stderr. */
export function view(r: ExportResult, ctx: Ctx): View {
  return { kind: 'nothing', after: r.file ? [ctx.t(`已导出 ${r.exported} 条到 ${r.file}`, `exported ${r.exported} arrival(s) to ${r.file}`)] : [] };
}
