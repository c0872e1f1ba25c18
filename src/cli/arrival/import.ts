/** fangkong arrival import — arrivals from a spreadsheet (CSV). */
import { Command } from 'commander';
import { PartialSuccess, RowErrors, UsageError, type RowProblem } from '../../domain/errors.js';
import type { ImportResult } from '../../services/arrival-io.js';
import { action, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';

export interface Options {
  encoding?: string;
  skipInvalid?: boolean;
  rejects?: string;
  dryRun?: boolean;
}

/** Bad rows listed on stderr before the rest are only counted. */
const MAX_LISTED = 100;
/** Files at least this large get a progress bar on a terminal. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

export function command(deps: Deps): Command {
  return new Command('import')
    .description(L('从表格（CSV）导入来返人员：全部有效才写入，或用 --skip-invalid 只写有效行', 'import arrivals from a CSV file: all or nothing, or --skip-invalid to write the good rows'))
    .argument('<file>', L('CSV 文件（UTF-8 或 GB18030，逗号或制表符分隔，中英文表头均可）', 'CSV file (UTF-8 or GB18030, comma or tab separated, English or Chinese headers)'))
    .option('--encoding <enc>', L('文件编码：utf8 或 gb18030（默认自动识别）', 'file encoding: utf8 or gb18030 (default: detected)'))
    .option('--skip-invalid', L('写入有效行，无效行写入拒收文件，退出码 3', 'write the valid rows, put invalid ones in a rejects file, exit 3'))
    .option('--rejects <file>', L('拒收文件（默认：与输入同目录的 <名>.rejects.csv）', 'rejects file (default: <name>.rejects.csv beside the input)'))
    .option('--dry-run', L('只检查，不写入', 'check only, write nothing'))
    .addHelpText(
      'after',
      `\n${L('必需的列', 'Required columns')}: name,id_number,phone,origin,arrival_date,transport,destination
  (${L('或', 'or')} 姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地)
${L('可选的列', 'Optional columns')}: arrival_time,vehicle,township,contact_type,exposure_date,note
${L('示例', 'Example')}:\n  fangkong arrival import 城关镇报备.csv --skip-invalid\n`,
    )
    .action(
      action<Options>(deps, async (opts, ctx, [file]) => {
        const result = await run(file, opts, ctx);
        render(result, ctx);
        if (result.rejected > 0) {
          throw new PartialSuccess(ctx.t(`${result.rejected} 行无效，已写入 ${result.rejects_file}`, `${result.rejected} invalid row(s) written to ${result.rejects_file}`));
        }
      }),
    );
}

export async function run(file: string, opts: Options, ctx: Ctx): Promise<ImportResult> {
  const { importArrivals } = await import('../../services/arrival-io.js');
  if (opts.rejects && !opts.skipInvalid) throw new UsageError(ctx.t('--rejects 要与 --skip-invalid 一起用', '--rejects goes with --skip-invalid'));
  const store = await ctx.openStore();
  let listed = 0;
  let lastRow = -1;
  const onProblem = (p: RowProblem) => {
    if (p.row !== lastRow) {
      lastRow = p.row;
      listed++;
    }
    if (listed <= MAX_LISTED) ctx.io.stderr.write(`${ctx.t(`第${p.row}行`, `row ${p.row}`)} ${ctx.describe(p)}\n`);
  };
  const bar = await progressBar(ctx, file);
  try {
    const result = await importArrivals(store, file, ctx, {
      encoding: opts.encoding,
      skipInvalid: opts.skipInvalid,
      dryRun: opts.dryRun,
      rejectsFile: opts.rejects,
      describe: ctx.describe,
      onProblem,
      onProgress: bar ? (read, size) => bar.update(Math.min(read, size)) : undefined,
    });
    bar?.stop();
    if (listed > MAX_LISTED) ctx.io.stderr.write(ctx.t(`……另有 ${listed - MAX_LISTED} 行有误未列出\n`, `… and ${listed - MAX_LISTED} more invalid row(s)\n`));
    return result;
  } catch (err) {
    bar?.stop();
    if (listed > MAX_LISTED) ctx.io.stderr.write(ctx.t(`……另有 ${listed - MAX_LISTED} 行有误未列出\n`, `… and ${listed - MAX_LISTED} more invalid row(s)\n`));
    if (err instanceof RowErrors) {
      throw new UsageError(
        ctx.t(
          `${file} 中有 ${listed} 行有误，未写入任何记录（改正后重新导入，或用 --skip-invalid 只导入有效行）`,
          `${listed} invalid row(s) in ${file}: nothing was written (fix them and import again, or use --skip-invalid)`,
        ),
      );
    }
    throw err;
  }
}

async function progressBar(ctx: Ctx, file: string): Promise<{ update(n: number): void; stop(): void } | null> {
  if (!ctx.io.stderrIsTTY) return null;
  const fs = await import('node:fs');
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null;
  }
  if (size < PROGRESS_MIN_BYTES) return null;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: ctx.io.stderr as NodeJS.WritableStream, format: `${ctx.t('导入', 'importing')} [{bar}] {percentage}% | {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0);
  return bar;
}

export function render(r: ImportResult, ctx: Ctx): void {
  if (ctx.format === 'json') {
    ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
    return;
  }
  if (r.ignored_columns.length > 0) {
    ctx.io.stderr.write(ctx.t(`已忽略的列：${r.ignored_columns.join('、')}\n`, `ignored columns: ${r.ignored_columns.join(', ')}\n`));
  }
  const dry = r.dry_run ? ctx.t('（试运行，未写入）', ' (dry run: nothing written)') : '';
  ctx.io.stdout.write(
    ctx.t(
      `读取 ${r.read} 行，新增 ${r.inserted}，重复 ${r.duplicates}，无效 ${r.rejected}${dry}\n`,
      `read ${r.read}, inserted ${r.inserted}, duplicates ${r.duplicates}, rejected ${r.rejected}${dry}\n`,
    ),
  );
}
