/**
 * What every `… import FILE` verb shares: the options (--encoding, --skip-invalid, --rejects,
 * --dry-run), the bad rows listed on stderr, a progress bar on a terminal for a large file, the
 * one-line "nothing was written" error of an all-or-nothing import, and exit 3 when rows were
 * rejected. The verb gives the service call and prints its own summary.
 */
import type { Command } from 'commander';
import { PartialSuccess, UsageError, type RowProblem } from '../domain/errors.js';
import type { ImportCounts, ImportOptions } from '../services/import.js';
import { L } from './command.js';
import type { Ctx } from './context.js';

export interface ImportFlags {
  encoding?: string;
  skipInvalid?: boolean;
  rejects?: string;
  dryRun?: boolean;
}

/** Bad rows listed on stderr before the rest are only counted. */
export const MAX_LISTED = 100;
/** Files at least this large get a progress bar on a terminal. */
export const PROGRESS_MIN_BYTES = 1024 * 1024;

/** Declares the import options on a verb. */
export function addImportOptions(cmd: Command): Command {
  return cmd
    .option('--encoding <enc>', L('文件编码：utf8 或 gb18030（默认自动识别）', 'file encoding: utf8 or gb18030 (default: detected)'))
    .option('--skip-invalid', L('写入有效行，无效行写入拒收文件，退出码 3', 'write the valid rows, put invalid ones in a rejects file, exit 3'))
    .option('--rejects <file>', L('拒收文件（默认：与输入同目录的 <名>.rejects.csv）', 'rejects file (default: <name>.rejects.csv beside the input)'))
    .option('--dry-run', L('只检查，不写入', 'check only, write nothing'));
}

/**
 * Runs an import: `start` calls the service with the options made here. Bad rows are listed on
 * stderr as they are found (the first MAX_LISTED rows, then how many more); an all-or-nothing
 * import with bad rows becomes one UsageError in the user's language. Returns the service's result.
 */
export async function runImport<R extends ImportCounts>(ctx: Ctx, file: string, flags: ImportFlags, start: (opts: ImportOptions) => Promise<R>): Promise<R> {
  if (flags.rejects && !flags.skipInvalid) throw new UsageError(ctx.t('--rejects 要与 --skip-invalid 一起用', '--rejects goes with --skip-invalid'));
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
  const done = () => {
    bar?.stop();
    if (listed > MAX_LISTED) ctx.io.stderr.write(ctx.t(`……另有 ${listed - MAX_LISTED} 行有误未列出\n`, `… and ${listed - MAX_LISTED} more invalid row(s)\n`));
  };
  try {
    const result = await start({
      encoding: flags.encoding,
      skipInvalid: flags.skipInvalid,
      dryRun: flags.dryRun,
      rejectsFile: flags.rejects,
      describe: ctx.describe,
      onProblem,
      onProgress: bar ? (read, size) => bar.update(Math.min(read, size)) : undefined,
    });
    done();
    return result;
  } catch (err) {
    done();
    const { InvalidRows } = await import('../services/import.js');
    if (err instanceof InvalidRows) {
      throw new UsageError(
        ctx.t(
          `${file} 中有 ${err.rejected} 行有误，未写入任何记录（改正后重新导入，或用 --skip-invalid 只导入有效行）`,
          `${err.rejected} invalid row(s) in ${file}: nothing was written (fix them and import again, or use --skip-invalid)`,
        ),
      );
    }
    throw err;
  }
}

/** Exit 3 (after the summary is printed) when an import with --skip-invalid rejected rows. */
export function throwIfRejected(ctx: Ctx, r: ImportCounts): void {
  if (r.rejected > 0) {
    throw new PartialSuccess(ctx.t(`${r.rejected} 行无效，已写入 ${r.rejects_file}`, `${r.rejected} invalid row(s) written to ${r.rejects_file}`));
  }
}

/** " (dry run: nothing written)" for a summary line, or "". */
export function dryRunNote(ctx: Ctx, r: ImportCounts): string {
  return r.dry_run ? ctx.t('（试运行，未写入）', ' (dry run: nothing written)') : '';
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
