/**
 * What every `… import FILE` verb shares: the options (--encoding, --sheet, --keep-extra-columns,
 * --skip-invalid, --rejects, --dry-run), the bad rows listed on stderr, a progress bar on a terminal for a large file, the
 * one-line "nothing was written" error of an all-or-nothing import, and exit 3 when rows were
 * rejected. The verb gives the service call and prints its own summary.
 */
import type { Command } from 'commander';
import { UsageError, type RowProblem } from '../domain/errors.js';
import type { View } from '../io/output.js';
import type { Progress } from '../io/progress.js';
import type { ImportCounts, ImportOptions } from '../services/import.js';
import type { Cli, Ctx } from './context.js';

export interface ImportFlags {
  /** The file to import. */
  file: string;
  encoding?: string;
  sheet?: string;
  keepExtraColumns?: boolean;
  skipInvalid?: boolean;
  rejects?: string;
  dryRun?: boolean;
  force?: boolean;
}

/** Bad rows listed on stderr before the rest are only counted. */
export const MAX_LISTED = 100;
/** Files at least this large get a progress bar on a terminal. */
export const PROGRESS_MIN_BYTES = 1024 * 1024;

/** Declares the import options on a verb. */
export function addImportOptions(cmd: Command, cli: Cli): Command {
  const { t } = cli;
  return cmd
    .option('--encoding <enc>', t('CSV 的编码：utf8、gb18030 或 utf16（默认按整个文件识别）', "a CSV's encoding: utf8, gb18030 or utf16 (default: decided from the whole file)"))
    .option('--sheet <name>', t('读 .xlsx 的哪个工作表（默认第一个）', 'which sheet of an .xlsx workbook (default: the first)'))
    .option('--keep-extra-columns', t('不认识的列不报错：报备导入记入备注，其他导入忽略', 'do not refuse unknown columns: arrivals keep them in the note, the other imports ignore them'))
    .option('--skip-invalid', t('写入有效行，无效行写入拒收文件，退出码 3', 'write the valid rows, put invalid ones in a rejects file, exit 3'))
    .option('--rejects <file>', t('拒收文件（默认：与输入同目录的 <名>.rejects.csv）', 'rejects file (default: <name>.rejects.csv beside the input)'))
    .option('--dry-run', t('只检查，什么都不写（不写数据库，也不写拒收文件：有误的行列在屏幕上，或 --format json）', 'check only, write nothing at all (no rows, no rejects file: the invalid rows are listed on screen, or with --format json)'))
    .option('--force', t('拒收文件已存在时覆盖它', 'replace the rejects file if it exists'));
}

/**
 * Runs an import: `start` calls the service with the options made here. Bad rows are listed on
 * stderr as they are found (the first MAX_LISTED rows, then how many more); an all-or-nothing
 * import with bad rows becomes one UsageError in the user's language. Returns the service's result.
 */
export async function runImport<R extends ImportCounts>(ctx: Ctx, flags: ImportFlags, start: (opts: ImportOptions) => Promise<R>, shown?: string): Promise<R> {
  if (flags.rejects && !flags.skipInvalid) throw new UsageError(ctx.t('--rejects 要与 --skip-invalid 一起用', '--rejects goes with --skip-invalid'));
  if (flags.file === '-') {
    // standard input: copied to an owner-only temporary file, imported as any file, removed after
    const { stdinToTempFile } = await import('../io/files.js');
    const tmp = await stdinToTempFile(ctx.io.stdin);
    const named = { ...flags };
    flags.file = tmp.path;
    // the rejects file cannot go beside a temporary file: stdin.rejects.csv here
    if (flags.skipInvalid && !flags.rejects) flags.rejects = 'stdin.rejects.csv';
    try {
      const r = await runImport(ctx, flags, start, ctx.t('标准输入', 'stdin'));
      if ('file' in r) (r as { file: unknown }).file = '-';
      return r;
    } finally {
      tmp.remove();
      Object.assign(flags, { file: named.file, rejects: named.rejects });
    }
  }
  const file = shown ?? flags.file;
  if (flags.skipInvalid && !flags.dryRun) {
    // the rejects file checked before anything is read or written (io/kept.ts): not the
    // database, not the input, not a device; an existing one only with --force
    const fs = await import('node:fs');
    const { keepInput, checkTarget } = await import('../io/kept.js');
    const { defaultRejectsFile } = await import('../services/import.js');
    const st = fs.statSync(flags.file, { throwIfNoEntry: false });
    if (st) keepInput(st, flags.file);
    checkTarget(flags.rejects ?? defaultRejectsFile(flags.file));
  }
  let listed = 0;
  let lastRow = -1;
  const onProblem = (p: RowProblem) => {
    if (p.row !== lastRow) {
      lastRow = p.row;
      listed++;
    }
    if (listed <= MAX_LISTED) ctx.io.stderr.write(`${ctx.t(`第${p.row}行`, `row ${p.row}`)} ${ctx.describe(p)}\n`);
  };
  const bar = await progressBar(ctx, flags.file);
  const done = () => {
    bar?.stop();
    if (listed > MAX_LISTED) ctx.io.stderr.write(ctx.t(`……另有 ${listed - MAX_LISTED} 行有误未列出\n`, `… and ${listed - MAX_LISTED} more invalid row(s)\n`));
  };
  try {
    const result = await start({
      encoding: flags.encoding,
      sheet: flags.sheet,
      keepExtraColumns: flags.keepExtraColumns,
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

/** An import's options from argv: the file, then the shared flags. */
export function parseImport([file]: string[], flags: Record<string, unknown>): ImportFlags {
  return { ...flags, file } as ImportFlags;
}

/**
 * An import's result for the output pipeline: its counts for programs, the summary line for
 * people (the verb's own words), the ignored columns, and exit 3 with a warning when rows were
 * rejected (only with --skip-invalid).
 */
export function importView(r: ImportCounts & { ignored_columns?: string[]; kept_columns?: string[]; sheet?: string | null; header_row?: number }, ctx: Ctx, summary: string, notes: string[] = []): View {
  const dry = r.dry_run ? ctx.t('（试运行，未写入）', ' (dry run: nothing written)') : '';
  const before: string[] = [];
  if (r.sheet) before.push(ctx.t(`工作表：${r.sheet}`, `sheet: ${r.sheet}`));
  if (r.header_row && r.header_row > 1) before.push(ctx.t(`表头在第${r.header_row}行，其上的行已跳过`, `header in row ${r.header_row}: the rows above it were skipped`));
  if (r.ignored_columns?.length) before.push(ctx.t(`已忽略的列：${r.ignored_columns.join('、')}`, `ignored columns: ${r.ignored_columns.join(', ')}`));
  if (r.kept_columns?.length) before.push(ctx.t(`已记入备注的列：${r.kept_columns.join('、')}`, `columns kept in the note: ${r.kept_columns.join(', ')}`));
  const rejected =
    r.rejected === 0 ? [] :
    r.dry_run ? [ctx.t(`注意：${r.rejected} 行无效（见上；试运行不写拒收文件）`, `warning: ${r.rejected} invalid row(s) (listed above; a dry run writes no rejects file)`)] :
    [ctx.t(`注意：${r.rejected} 行无效，已写入 ${r.rejects_file}`, `warning: ${r.rejected} invalid row(s) written to ${r.rejects_file}`)];
  return { kind: 'done', data: r, text: summary + dry, before, after: [...notes, ...rejected], outcome: r.rejected > 0 ? 'rejections' : undefined };
}

async function progressBar(ctx: Ctx, file: string): Promise<Progress | null> {
  const fs = await import('node:fs');
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null;
  }
  const { progressBar: bar } = await import('../io/progress.js');
  return bar({ stream: ctx.io.stderr, isTTY: ctx.io.stderrIsTTY, lang: ctx.lang, label: { zh: '导入', en: 'importing' }, total: size, min: PROGRESS_MIN_BYTES });
}
