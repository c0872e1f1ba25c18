/** fangkong template — a blank workbook for townships to fill in, that imports as it is. */
import { Command } from 'commander';
import { UsageError } from '../domain/errors.js';
import type { View } from '../io/output.js';
import { examples, verb } from './command.js';
import type { Cli, Ctx } from './context.js';

const KINDS = ['arrivals', 'inspections', 'tests', 'areas'] as const;

export interface Options {
  kind: string;
  out?: string;
}

export interface TemplateResult {
  kind: string;
  file: string;
  columns: string[];
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('template')
    .description(t('生成给乡镇填写的 Excel 模板（.xlsx）：中文表头、身份证号和手机号为文本格式、下拉列表、填写说明；填好即可导入', 'write an Excel template (.xlsx) for townships to fill in: Chinese headers, ID and phone columns as text, drop-down lists, instructions; a filled one imports as it is'))
    .argument('<kind>', t('arrivals（来返人员）、inspections（卡点查验）、tests（核酸结果）或 areas（风险区）', 'arrivals, inspections, tests or areas'))
    .requiredOption('--out <file>', t('模板文件（.xlsx）', 'the template file (.xlsx)'))
    .option('--force', t('文件已存在时覆盖它', 'replace the file if it exists'))
    .addHelpText('after', examples(cli, 'fangkong template arrivals --out 来返人员报备模板.xlsx', 'fangkong template areas --out 风险区模板.xlsx'))
    .action(verb(cli, { parse: ([kind], flags) => ({ kind, out: flags.out as string | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<TemplateResult> {
  if (!(KINDS as readonly string[]).includes(opts.kind)) {
    throw new UsageError(ctx.t(`模板种类应为 ${KINDS.join('、')}，不是“${opts.kind}”`, `the kind must be one of ${KINDS.join(', ')}, not "${opts.kind}"`));
  }
  if (!opts.out || !/\.xlsx$/i.test(opts.out)) throw new UsageError(ctx.t('模板是 .xlsx 文件：--out 文件名.xlsx', 'a template is an .xlsx file: --out NAME.xlsx'));
  const { writeTemplate } = await import('../io/template.js');
  return writeTemplate(opts.kind as (typeof KINDS)[number], opts.out, ctx.lang);
}

/** The workbook is written; only the line saying so, on stderr. */
export function view(r: TemplateResult, ctx: Ctx): View {
  return { kind: 'nothing', after: [ctx.t(`已写入模板 ${r.file}（列：${r.columns.join('、')}）`, `wrote the template ${r.file} (columns: ${r.columns.join(', ')})`)] };
}
