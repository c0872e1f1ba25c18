/** fangkong area import — the province's list of risk areas. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { addImportOptions, dryRunNote, runImport, throwIfRejected, type ImportFlags } from '../imports.js';

export function command(deps: Deps): Command {
  return addImportOptions(
    new Command('import')
      .description(L('导入省里公布的风险区名单（CSV：region,level,from,to 或 地区,风险等级,开始日期,结束日期）', "import the province's list (CSV: region,level,from,to or 地区,风险等级,开始日期,结束日期)"))
      .argument('<file>', L('CSV 文件', 'CSV file')),
  )
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong area import 风险区.csv\n`)
    .action(
      action<ImportFlags>(deps, async (opts, ctx, [file]) => {
        const r = await runImport(ctx, file, opts, async (o) => {
          const { importAreas } = await import('../../services/areas.js');
          return importAreas(await ctx.openStore(), file, ctx, o);
        });
        const rejected = r.rejected > 0 ? ctx.t(`，无效 ${r.rejected} 行`, `, rejected ${r.rejected}`) : '';
        ctx.io.stdout.write(ctx.t(`已导入 ${r.set} 个风险区${rejected}${dryRunNote(ctx, r)}\n`, `imported ${r.set} risk area(s)${rejected}${dryRunNote(ctx, r)}\n`));
        throwIfRejected(ctx, r);
      }),
    );
}
