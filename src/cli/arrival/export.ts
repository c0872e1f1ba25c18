/** fangkong arrival export — arrivals to CSV (UTF-8 with BOM, opens in Excel). */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { toFilter, type Options as ListOptions } from './list.js';

export interface Options extends ListOptions {
  out?: string;
}

export function command(deps: Deps): Command {
  return new Command('export')
    .description(L('导出来返人员为 CSV（Excel 可直接打开；身份证号、手机号默认打码，--reveal 显示原文）', 'export arrivals as CSV for Excel (ID numbers and phones masked unless --reveal)'))
    .option('--out <file>', L('写入文件（写完才出现），默认输出到屏幕', 'write to FILE (appears only when complete); default stdout'))
    .option('--date <date>', L('抵达日期为这一天', 'arrived on this date'))
    .option('--from <date>', L('抵达日期不早于', 'arrived on or after'))
    .option('--to <date>', L('抵达日期不晚于', 'arrived on or before'))
    .option('--origin <place>', L('来源地（前缀匹配）', 'origin, by prefix'))
    .option('--township <name>', L('所属乡镇', 'township'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong arrival export --reveal --out 来返人员.csv\n`)
    .action(
      action<Options>(deps, async (opts, ctx) => {
        const n = await run(opts, ctx);
        if (opts.out) ctx.io.stderr.write(ctx.t(`已导出 ${n} 条到 ${opts.out}\n`, `exported ${n} arrival(s) to ${opts.out}\n`));
      }),
    );
}

export async function run(opts: Options, ctx: Ctx): Promise<number> {
  const filter = toFilter(opts);
  const { exportArrivals } = await import('../../services/arrival-io.js');
  const target = opts.out ? { file: opts.out } : { stream: ctx.io.stdout };
  const r = await exportArrivals(await ctx.openStore(), target, ctx, { reveal: ctx.reveal, filter });
  return r.exported;
}
