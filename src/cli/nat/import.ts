/** fangkong test import — the lab's results file. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { ImportResult } from '../../services/import.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addImportOptions, importView, parseImport, runImport, type ImportFlags } from '../imports.js';

export type Options = ImportFlags;
type Result = ImportResult & { positives: number; completed: number };

export function command(cli: Cli): Command {
  const { t } = cli;
  return addImportOptions(
    new Command('import')
      .description(t('导入检测机构的结果表（CSV：身份证号,采样日期,检测结果[,采样时间,检测机构]）；全部有效才写入，或 --skip-invalid；同日待出的结果由最终结果补全', "import the lab's results (CSV: id_number,test_date,result[,sample_time,lab]); all or nothing, or --skip-invalid; a final result completes the pending one of its date"))
      .argument('<file>', t('CSV 文件（- 为标准输入）', 'CSV file (- for stdin)')),
    cli,
  )
    .addHelpText('after', examples(cli, 'fangkong test import 检测结果.csv'))
    .action(verb(cli, { parse: parseImport, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Result> {
  return runImport(ctx, opts, async (o) => {
    const { importResults } = await import('../../services/testing.js');
    return importResults(await ctx.openStore(), opts.file, ctx, o);
  });
}

export function view(r: Result, ctx: Ctx): View {
  const rejected = r.rejected > 0 ? ctx.t(`，无效 ${r.rejected}`, `, rejected ${r.rejected}`) : '';
  // a final result for a date with a pending one (sampled, awaiting the result) completes it
  const completed = r.completed > 0 ? ctx.t(`（其中补全待出结果 ${r.completed}）`, ` (${r.completed} completing pending results)`) : '';
  const positives = r.positives > 0 && !r.dry_run ? [ctx.t(`⚠ ${r.positives} 例阳性，已标记待研判`, `⚠ ${r.positives} positive result(s), marked for decision`)] : [];
  return importView(
    r,
    ctx,
    ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}${completed}，重复 ${r.duplicates}，阳性 ${r.positives}${rejected}`, `read ${r.read}, inserted ${r.inserted}${completed}, duplicates ${r.duplicates}, positive ${r.positives}${rejected}`),
    positives,
  );
}
