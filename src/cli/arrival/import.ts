/** fangkong arrival import — arrivals from a spreadsheet (CSV). */
import { Command } from 'commander';
import type { ImportResult } from '../../services/arrival-io.js';
import { action, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { addImportOptions, dryRunNote, runImport, throwIfRejected, type ImportFlags } from '../imports.js';

export type Options = ImportFlags;

export function command(deps: Deps): Command {
  return addImportOptions(
    new Command('import')
      .description(L('从表格（CSV）导入来返人员：全部有效才写入，或用 --skip-invalid 只写有效行', 'import arrivals from a CSV file: all or nothing, or --skip-invalid to write the good rows'))
      .argument('<file>', L('CSV 文件（UTF-8 或 GB18030，逗号或制表符分隔，中英文表头均可）', 'CSV file (UTF-8 or GB18030, comma or tab separated, English or Chinese headers)')),
  )
    .addHelpText(
      'after',
      `\n${L('必需的列', 'Required columns')}: name,id_number,phone,origin,arrival_date,transport,destination
  (${L('或', 'or')} 姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地)
${L('可选的列', 'Optional columns')}: arrival_time,vehicle,township,contact_type,exposure_date,note
${L('示例', 'Example')}:\n  fangkong arrival import 城关镇报备.csv --skip-invalid\n`,
    )
    .action(
      action<Options>(deps, async (opts, ctx, [file]) => {
        const result = await run(file, opts, ctx);
        render(result, ctx);
        throwIfRejected(ctx, result);
      }),
    );
}

export async function run(file: string, opts: Options, ctx: Ctx): Promise<ImportResult> {
  return runImport(ctx, file, opts, async (o) => {
    const { importArrivals } = await import('../../services/arrival-io.js');
    return importArrivals(await ctx.openStore(), file, ctx, o);
  });
}

export function render(r: ImportResult, ctx: Ctx): void {
  if (ctx.format === 'json') {
    ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
    return;
  }
  if (r.ignored_columns.length > 0) {
    ctx.io.stderr.write(ctx.t(`已忽略的列：${r.ignored_columns.join('、')}\n`, `ignored columns: ${r.ignored_columns.join(', ')}\n`));
  }
  const dry = dryRunNote(ctx, r);
  ctx.io.stdout.write(
    ctx.t(
      `读取 ${r.read} 行，新增 ${r.inserted}，重复 ${r.duplicates}，无效 ${r.rejected}${dry}\n`,
      `read ${r.read}, inserted ${r.inserted}, duplicates ${r.duplicates}, rejected ${r.rejected}${dry}\n`,
    ),
  );
}
