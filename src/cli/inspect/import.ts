/** fangkong inspect import — inspections from a CSV (paper forms typed up, a checkpoint's sheet). */
import { Command } from 'commander';
import { PartialSuccess, RowErrors, UsageError, type RowProblem } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('import')
    .description(L('从 CSV 导入查验记录（规则同报备导入：全部有效才写入，或 --skip-invalid）', 'import inspections from CSV (as arrival import: all or nothing, or --skip-invalid)'))
    .argument('<file>', L('CSV 文件', 'CSV file'))
    .option('--encoding <enc>', L('utf8 或 gb18030（默认自动识别）', 'utf8 or gb18030 (default: detected)'))
    .option('--skip-invalid', L('写入有效行，无效行写入拒收文件，退出码 3', 'write the valid rows, reject the others to a file, exit 3'))
    .option('--rejects <file>', L('拒收文件', 'rejects file'))
    .option('--dry-run', L('只检查，不写入', 'check only'))
    .addHelpText('after', `\n${L('列', 'Columns')}: checkpoint,time,id_number,name,phone,vehicle,passengers,code,travel_star,test_time,test_result,temperature,action,origin
  (${L('或', 'or')} 卡点,查验时间,身份证号,姓名,手机号,车牌,人数,健康码,行程码带星,核酸时间,核酸结果,体温,处置,来源地)
${L('示例', 'Example')}:\n  fangkong inspect import 卡点登记表.csv\n`)
    .action(
      action<{ encoding?: string; skipInvalid?: boolean; rejects?: string; dryRun?: boolean }>(deps, async (opts, ctx, [file]) => {
        const { importInspections } = await import('../../services/inspection.js');
        let bad = 0;
        let last = -1;
        const onProblem = (p: RowProblem) => {
          if (p.row !== last) {
            last = p.row;
            bad++;
          }
          if (bad <= 100) ctx.io.stderr.write(`${ctx.t(`第${p.row}行`, `row ${p.row}`)} ${ctx.describe(p)}\n`);
        };
        try {
          const r = await importInspections(await ctx.openStore(), file, ctx, { ...opts, onProblem, describe: ctx.describe });
          if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(r, null, 2) + '\n');
          else ctx.io.stdout.write(ctx.t(`读取 ${r.read} 行，新增 ${r.inserted}（异常 ${r.anomalies}），重复 ${r.duplicates}，无效 ${r.rejected}${r.dry_run ? '（试运行，未写入）' : ''}\n`, `read ${r.read}, inserted ${r.inserted} (${r.anomalies} anomalies), duplicates ${r.duplicates}, rejected ${r.rejected}${r.dry_run ? ' (dry run: nothing written)' : ''}\n`));
          if (r.rejected > 0) throw new PartialSuccess(ctx.t(`${r.rejected} 行无效，已写入 ${r.rejects_file}`, `${r.rejected} invalid row(s) written to ${r.rejects_file}`));
        } catch (err) {
          if (err instanceof RowErrors) throw new UsageError(ctx.t(`${file} 中有 ${bad} 行有误，未写入任何记录`, `${bad} invalid row(s) in ${file}: nothing was written`));
          throw err;
        }
      }),
    );
}
