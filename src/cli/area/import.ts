/** fangkong area import — the province's list of risk areas. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { ImportResult } from '../../services/import.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addImportOptions, importView, parseImport, runImport, type ImportFlags } from '../imports.js';

export type Options = ImportFlags;
type Result = ImportResult & { set: number };

export function command(cli: Cli): Command {
  const { t } = cli;
  return addImportOptions(
    new Command('import')
      .description(t('导入省里公布的风险区名单（CSV：region,level,from,to 或 地区,风险等级,开始日期,结束日期）', "import the province's list (CSV: region,level,from,to or 地区,风险等级,开始日期,结束日期)"))
      .argument('<file>', t('CSV 文件（- 为标准输入）', 'CSV file (- for stdin)')),
    cli,
  )
    .addHelpText('after', examples(cli, 'fangkong area import 风险区.csv'))
    .action(verb(cli, { parse: parseImport, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Result> {
  return runImport(ctx, opts, async (o) => {
    const { importAreas } = await import('../../services/areas.js');
    return importAreas(await ctx.openStore(), opts.file, ctx, o);
  });
}

export function view(r: Result, ctx: Ctx): View {
  const rejected = r.rejected > 0 ? ctx.t(`，无效 ${r.rejected} 行`, `, rejected ${r.rejected}`) : '';
  return importView(r, ctx, ctx.t(`已导入 ${r.set} 个风险区${rejected}`, `imported ${r.set} risk area(s)${rejected}`));
}
