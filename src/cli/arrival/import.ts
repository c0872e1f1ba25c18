/** fangkong arrival import — arrivals from a spreadsheet (CSV or .xlsx). */
import { Command } from 'commander';
import { fieldLabel } from '../../domain/i18n.js';
import type { View } from '../../io/output.js';
import type { ArrivalImportResult } from '../../services/arrival-io.js';

/** As services/arrival-io.ts lists them (not imported from there: a verb loads its service only when it runs). */
const MAX_UNRESOLVED_LISTED = 50;
const MAX_CLASHES_LISTED = 100;
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addImportOptions, importView, parseImport, runImport, type ImportFlags } from '../imports.js';

export type Options = ImportFlags & { strictPlaces?: boolean; update?: boolean };

export function command(cli: Cli): Command {
  const { t } = cli;
  return addImportOptions(
    new Command('import')
      .description(t('从表格（CSV 或 .xlsx）导入来返人员：全部有效才写入，或用 --skip-invalid 只写有效行', 'import arrivals from a spreadsheet (CSV or .xlsx): all or nothing, or --skip-invalid to write the good rows'))
      .argument('<file>', t('CSV 文件（UTF-8、GB18030 或 UTF-16，逗号或制表符分隔）或 .xlsx 工作簿，中英文表头均可；- 为标准输入', 'CSV file (UTF-8, GB18030 or UTF-16, comma or tab separated) or .xlsx workbook, English or Chinese headers; - for stdin')),
    cli,
  )
    .option('--update', t('已登记（身份证号与抵达日期相同）但内容有变的行：更正已登记的记录（同一事务，记入审计日志）；不加此项只列出，不写入', 'rows already registered (same ID number and arrival date) with other values: correct the registered records (in the same transaction, audited); without it they are only listed, nothing of them written'))
    .option('--strict-places', t('来源地对不上省市县（或可指多处）的行视为无效', 'count a row whose origin matches no province, city or county (or several) as invalid'))
    .addHelpText(
      'after',
      `\n${t('必需的列', 'Required columns')}: name,id_number,phone,origin,arrival_date,transport,destination
  (${t('或', 'or')} 姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地)
${t('可选的列', 'Optional columns')}: arrival_time,vehicle,township,contact_type,exposure_date,entry_date (入境日期),left_date (离开风险区日期),note
${t('也可导入 .xlsx（第一个工作表，或 --sheet；表头上方的标题行会跳过）', 'An .xlsx workbook imports too (its first sheet, or --sheet; a title row above the header is skipped)')}` + examples(cli, 'fangkong arrival import 城关镇报备.csv --skip-invalid', 'fangkong arrival import 城关镇报备.xlsx --sheet 11月'),
    )
    .action(verb(cli, { parse: parseImport, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ArrivalImportResult> {
  return runImport(ctx, opts, async (o) => {
    const { importArrivals } = await import('../../services/arrival-io.js');
    return importArrivals(await ctx.openStore(), opts.file, ctx, { ...o, strictPlaces: opts.strictPlaces, update: opts.update });
  });
}

export function view(r: ArrivalImportResult, ctx: Ctx): View {
  const places: string[] = [];
  if (r.unresolved_places > 0) {
    const names = r.unresolved_origins.map((u) => (u.candidates ? ctx.t(`${u.origin}（可指 ${u.candidates}）`, `${u.origin} (could be ${u.candidates})`) : u.origin));
    const more = r.unresolved_origins.length >= MAX_UNRESOLVED_LISTED ? ctx.t('……', ' …') : '';
    places.push(
      ctx.t(
        `注意：${r.unresolved_places} 行的来源地对不上省市县，按原文保存，不能按风险区匹配：${names.join('；')}${more}（写出省市县后重新导入，或用 --strict-places 拒收）`,
        `note: ${r.unresolved_places} row(s) have an origin that matches no province, city or county, kept as written and not matched to risk areas: ${names.join('; ')}${more} (write them with province and city, or use --strict-places to refuse them)`,
      ),
    );
  }
  const changed: string[] = [];
  if (r.changed > 0) {
    const list = r.changed_rows.map((c) => `${c.arrival_id} ${c.name}: ${c.fields.map((f) => fieldLabel(f, ctx.lang)).join(ctx.lang === 'zh' ? '、' : ', ')}`);
    const more = r.changed > r.changed_rows.length ? [ctx.t(`……另有 ${r.changed - r.changed_rows.length} 行`, `… and ${r.changed - r.changed_rows.length} more`)] : [];
    changed.push(
      r.updated > 0
        ? ctx.t(`已更正 ${r.updated} 条已登记的记录（记入审计日志）：`, `corrected ${r.updated} registered arrival(s) (audited):`)
        : ctx.t(`注意：${r.changed} 行已登记但内容有变，未写入（要更正已登记的记录，加 --update 重新导入）：`, `note: ${r.changed} row(s) already registered with other values, not written (to correct the registered records, import again with --update):`),
      ...list.map((l) => `  ${l}`),
      ...more,
    );
  }
  if (r.name_clashes.length > 0) {
    const more = r.name_clashes.length >= MAX_CLASHES_LISTED ? [ctx.t('……', '…')] : [];
    changed.push(
      ctx.t(`注意：以下新登记的证件号码已登记为另一姓名，请核对号码和姓名：`, `note: these new arrivals carry a document number registered under another name; check the number and the name:`),
      ...r.name_clashes.map((c) => ctx.t(`  ${c.id} ${c.name}：同号已登记为 ${c.other_name}（报备 ${c.other_id}）`, `  ${c.id} ${c.name}: the same number is registered as ${c.other_name} (arrival ${c.other_id})`)),
      ...more,
    );
  }
  const changedText = r.changed > 0 ? ctx.t(`，有变 ${r.changed}`, `, changed ${r.changed}`) : '';
  return importView(
    r,
    ctx,
    ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}，重复 ${r.duplicates}${changedText}，无效 ${r.rejected}`, `read ${r.read}, inserted ${r.inserted}, duplicates ${r.duplicates}${changedText}, rejected ${r.rejected}`),
    [...changed, ...places],
  );
}
