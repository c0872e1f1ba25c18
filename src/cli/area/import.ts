/** fangkong area import — the province's list of risk areas. */
import { Command } from 'commander';
import { RowErrors, UsageError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return (
    new Command('import')
      .description(L('导入省里公布的风险区名单（CSV：region,level,from,to 或 地区,风险等级,开始日期,结束日期）', "import the province's list (CSV: region,level,from,to or 地区,风险等级,开始日期,结束日期)"))
      .argument('<file>', L('CSV 文件', 'CSV file'))
      .option('--encoding <enc>', L('文件编码：utf8 或 gb18030（默认自动识别）', 'utf8 or gb18030 (default: detected)'))
      .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong area import 风险区.csv\n`)
      .action(
        action<{ encoding?: string }>(deps, async (opts, ctx, [file]) => {
          const { importAreas } = await import('../../services/areas.js');
          let bad = 0;
          try {
            const r = await importAreas(await ctx.openStore(), file, ctx, { encoding: opts.encoding, describe: ctx.describe, onProblem: (p) => {
              bad++;
              ctx.io.stderr.write(`${ctx.t(`第${p.row}行`, `row ${p.row}`)} ${ctx.describe(p)}\n`);
            } });
            ctx.io.stdout.write(ctx.t(`已导入 ${r.set} 个风险区\n`, `imported ${r.set} risk area(s)\n`));
          } catch (err) {
            if (err instanceof RowErrors) throw new UsageError(ctx.t(`${file} 有 ${bad} 处错误，未写入任何记录`, `${bad} problem(s) in ${file}: nothing was written`));
            throw err;
          }
        }),
      )
  );
}
