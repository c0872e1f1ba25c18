/** fangkong area set — name a risk area for a period. */
import { Command, Option } from 'commander';
import { RISK_LEVELS } from '../../domain/area.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { renderAreas } from './render.js';

export function command(deps: Deps): Command {
  return (
    new Command('set')
      .description(L('设定一个风险区（按名称前缀匹配来源地：省包括其下的市、区）', 'name a risk area (matches origins by name prefix: a province covers its cities)'))
      .argument('<region>', L('地区名称，如 广东省广州市海珠区', 'region name, e.g. 广东省广州市海珠区'))
      .addOption(new Option('--level <level>', L('风险等级', 'risk level')).choices([...RISK_LEVELS]).makeOptionMandatory())
      .option('--from <date>', L('起始日期（默认今天）', 'first day in force (default today)'))
      .option('--to <date>', L('截止日期（含当天；默认直到解除）', 'last day in force (default: until cleared)'))
      .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong area set 广东省广州市海珠区 --level high --from 2022-11-05\n`)
      .action(
        action<{ level: string; from?: string; to?: string }>(deps, async (opts, ctx, [region]) => {
          const { setArea } = await import('../../services/areas.js');
          const row = setArea(await ctx.openStore(), { region, level: opts.level, from: opts.from, to: opts.to }, ctx);
          ctx.io.stderr.write(ctx.t(`已设定风险区：${row.region}\n`, `risk area set: ${row.region}\n`));
          await renderAreas([row], ctx);
        }),
      )
  );
}
