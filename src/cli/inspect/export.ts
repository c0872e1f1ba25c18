/** fangkong inspect export — inspections to CSV (UTF-8 with BOM). */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  return new Command('export')
    .description(L('导出查验记录为 CSV（身份证号、手机号默认打码）', 'export inspections as CSV (ID numbers and phones masked unless --reveal)'))
    .option('--out <file>', L('写入文件（写完才出现），默认输出到屏幕', 'write to FILE (appears only when complete); default stdout'))
    .option('--date <date>', L('日期', 'date'))
    .option('--checkpoint <name>', L('卡点', 'checkpoint'))
    .option('--anomalies', L('只导出异常', 'anomalies only'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong inspect export --date 2022-11-21 --out 查验记录.csv\n`)
    .action(
      action<{ out?: string; date?: string; checkpoint?: string; anomalies?: boolean }>(deps, async (opts, ctx) => {
        const { exportInspections } = await import('../../services/inspection.js');
        const target = opts.out ? { file: opts.out } : { stream: ctx.io.stdout };
        const n = await exportInspections(await ctx.openStore(), target, { date: dateOption('--date', opts.date), checkpoint: opts.checkpoint, anomalies: opts.anomalies }, ctx.reveal);
        if (opts.out) ctx.io.stderr.write(ctx.t(`已导出 ${n} 条到 ${opts.out}\n`, `exported ${n} inspection(s) to ${opts.out}\n`));
      }),
    );
}
