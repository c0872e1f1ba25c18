/** fangkong test import — the lab's results file. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { addImportOptions, dryRunNote, runImport, throwIfRejected, type ImportFlags } from '../imports.js';

export function command(deps: Deps): Command {
  return addImportOptions(
    new Command('import')
      .description(L('导入检测机构的结果表（CSV：身份证号,采样日期,检测结果[,采样时间,检测机构]）；全部有效才写入，或 --skip-invalid', "import the lab's results (CSV: id_number,test_date,result[,sample_time,lab]); all or nothing, or --skip-invalid"))
      .argument('<file>', L('CSV 文件', 'CSV file')),
  )
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong test import 检测结果.csv\n`)
    .action(
      action<ImportFlags>(deps, async (opts, ctx, [file]) => {
        const r = await runImport(ctx, file, opts, async (o) => {
          const { importResults } = await import('../../services/testing.js');
          return importResults(await ctx.openStore(), file, ctx, o);
        });
        const rejected = r.rejected > 0 ? ctx.t(`，无效 ${r.rejected}`, `, rejected ${r.rejected}`) : '';
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r) + '\n');
        else ctx.io.stdout.write(ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}，重复 ${r.duplicates}，阳性 ${r.positives}${rejected}${dryRunNote(ctx, r)}\n`, `read ${r.read}, inserted ${r.inserted}, duplicates ${r.duplicates}, positive ${r.positives}${rejected}${dryRunNote(ctx, r)}\n`));
        if (r.positives > 0 && !r.dry_run) ctx.io.stderr.write(ctx.t(`⚠ ${r.positives} 例阳性，已标记待研判\n`, `⚠ ${r.positives} positive result(s), marked for decision\n`));
        throwIfRejected(ctx, r);
      }),
    );
}
