/** fangkong inspect import — inspections from a CSV (paper forms typed up, a checkpoint's sheet). */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { addImportOptions, dryRunNote, runImport, throwIfRejected, type ImportFlags } from '../imports.js';

export function command(deps: Deps): Command {
  return addImportOptions(
    new Command('import')
      .description(L('从 CSV 导入查验记录（规则同报备导入：全部有效才写入，或 --skip-invalid）', 'import inspections from CSV (as arrival import: all or nothing, or --skip-invalid)'))
      .argument('<file>', L('CSV 文件', 'CSV file')),
  )
    .addHelpText('after', `\n${L('列', 'Columns')}: checkpoint,time,id_number,name,phone,vehicle,passengers,code,travel_star,test_time,test_result,temperature,action,origin
  (${L('或', 'or')} 卡点,查验时间,身份证号,姓名,手机号,车牌,人数,健康码,行程码带星,核酸时间,核酸结果,体温,处置,来源地)
${L('示例', 'Example')}:\n  fangkong inspect import 卡点登记表.csv\n`)
    .action(
      action<ImportFlags>(deps, async (opts, ctx, [file]) => {
        const r = await runImport(ctx, file, opts, async (o) => {
          const { importInspections } = await import('../../services/inspection.js');
          return importInspections(await ctx.openStore(), file, ctx, o);
        });
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else ctx.io.stdout.write(ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}（异常 ${r.anomalies}），重复 ${r.duplicates}，无效 ${r.rejected}${dryRunNote(ctx, r)}\n`, `read ${r.read}, inserted ${r.inserted} (${r.anomalies} anomalies), duplicates ${r.duplicates}, rejected ${r.rejected}${dryRunNote(ctx, r)}\n`));
        throwIfRejected(ctx, r);
      }),
    );
}
