/** fangkong arrival import — arrivals from a spreadsheet (CSV). */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { ImportResult } from '../../services/import.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addImportOptions, importView, parseImport, runImport, type ImportFlags } from '../imports.js';

export type Options = ImportFlags;

export function command(cli: Cli): Command {
  const { t } = cli;
  return addImportOptions(
    new Command('import')
      .description(t('从表格（CSV）导入来返人员：全部有效才写入，或用 --skip-invalid 只写有效行', 'import arrivals from a CSV file: all or nothing, or --skip-invalid to write the good rows'))
      .argument('<file>', t('CSV 文件（UTF-8 或 GB18030，逗号或制表符分隔，中英文表头均可）', 'CSV file (UTF-8 or GB18030, comma or tab separated, English or Chinese headers)')),
    cli,
  )
    .addHelpText(
      'after',
      `\n${t('必需的列', 'Required columns')}: name,id_number,phone,origin,arrival_date,transport,destination
  (${t('或', 'or')} 姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地)
${t('可选的列', 'Optional columns')}: arrival_time,vehicle,township,contact_type,exposure_date,note` + examples(cli, 'fangkong arrival import 城关镇报备.csv --skip-invalid'),
    )
    .action(verb(cli, { parse: parseImport, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ImportResult> {
  return runImport(ctx, opts, async (o) => {
    const { importArrivals } = await import('../../services/arrival-io.js');
    return importArrivals(await ctx.openStore(), opts.file, ctx, o);
  });
}

export function view(r: ImportResult, ctx: Ctx): View {
  return importView(r, ctx, ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}，重复 ${r.duplicates}，无效 ${r.rejected}`, `read ${r.read}, inserted ${r.inserted}, duplicates ${r.duplicates}, rejected ${r.rejected}`));
}
