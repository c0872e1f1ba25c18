/** fangkong test import — the lab's results file. */
import { Command } from 'commander';
import { RowErrors, UsageError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('import')
    .description(L('导入检测机构的结果表（CSV：身份证号,采样日期,检测结果[,采样时间,检测机构]）；全部有效才写入', "import the lab's results (CSV: id_number,test_date,result[,sample_time,lab]); all or nothing"))
    .argument('<file>', L('CSV 文件', 'CSV file'))
    .option('--encoding <enc>', L('utf8 或 gb18030（默认自动识别）', 'utf8 or gb18030 (default: detected)'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong test import 检测结果.csv\n`)
    .action(
      action<{ encoding?: string }>(deps, async (opts, ctx, [file]) => {
        const { importResults } = await import('../../services/testing.js');
        let bad = 0;
        try {
          const r = await importResults(await ctx.openStore(), file, ctx, { encoding: opts.encoding, describe: ctx.describe, onProblem: (p) => {
            bad++;
            ctx.io.stderr.write(`${ctx.t(`第${p.row}行`, `row ${p.row}`)} ${ctx.describe(p)}\n`);
          } });
          if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r) + '\n');
          else ctx.io.stdout.write(ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}，重复 ${r.duplicates}，阳性 ${r.positives}\n`, `read ${r.read}, inserted ${r.inserted}, duplicates ${r.duplicates}, positive ${r.positives}\n`));
          if (r.positives > 0) ctx.io.stderr.write(ctx.t(`⚠ ${r.positives} 例阳性，已标记待研判\n`, `⚠ ${r.positives} positive result(s), marked for decision\n`));
        } catch (err) {
          if (err instanceof RowErrors) throw new UsageError(ctx.t(`${file} 有 ${bad} 处错误，未写入任何记录`, `${bad} problem(s) in ${file}: nothing was written`));
          throw err;
        }
      }),
    );
}
