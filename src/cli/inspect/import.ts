/** fangkong inspect import — inspections from a CSV (paper forms typed up, a checkpoint's sheet). */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { ImportResult } from '../../services/import.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addImportOptions, importView, parseImport, runImport, type ImportFlags } from '../imports.js';

export type Options = ImportFlags;
type Result = ImportResult & { anomalies: number };

export function command(cli: Cli): Command {
  const { t } = cli;
  return addImportOptions(
    new Command('import')
      .description(t('从 CSV 导入查验记录（规则同报备导入：全部有效才写入，或 --skip-invalid）', 'import inspections from CSV (as arrival import: all or nothing, or --skip-invalid)'))
      .argument('<file>', t('CSV 文件（- 为标准输入）', 'CSV file (- for stdin)')),
    cli,
  )
    .addHelpText(
      'after',
      `\n${t('列', 'Columns')}: checkpoint,time,id_number,name,phone,vehicle,passengers,code,travel_star,test_time,test_result,temperature,action,origin
  (${t('或', 'or')} 卡点,查验时间,身份证号,姓名,手机号,车牌,人数,健康码,行程码带星,核酸时间,核酸结果,体温,处置,来源地)` + examples(cli, 'fangkong inspect import 卡点登记表.csv'),
    )
    .action(verb(cli, { parse: parseImport, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Result> {
  return runImport(ctx, opts, async (o) => {
    const { importInspections } = await import('../../services/inspection.js');
    return importInspections(await ctx.openStore(), opts.file, ctx, o);
  });
}

export function view(r: Result, ctx: Ctx): View {
  return importView(
    r,
    ctx,
    ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}（异常 ${r.anomalies}），重复 ${r.duplicates}，无效 ${r.rejected}`, `read ${r.read}, inserted ${r.inserted} (${r.anomalies} anomalies), duplicates ${r.duplicates}, rejected ${r.rejected}`),
  );
}
