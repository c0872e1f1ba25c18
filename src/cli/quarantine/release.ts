/** fangkong quarantine release — end a measure early, or record a normal release. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('release')
    .description(L('解除管控措施：提前解除，或记录正常解除', 'end a measure early, or record a normal release'))
    .argument('<who>', L('报备编号或身份证号', 'arrival number or ID number'))
    .requiredOption('--reason <text>', L('原因', 'why'))
    .option('--date <date>', L('解除日期（默认今天）', 'release date (default today)'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong quarantine release 11010519491231002X --reason "转为居家隔离" --date 2022-11-22\n`)
    .action(
      action<{ reason: string; date?: string }>(deps, async (opts, ctx, [who]) => {
        const { release } = await import('../../services/quarantine/release.js');
        const v = release(await ctx.openStore(), who, opts, ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify(v, null, 2) + '\n');
        else
          ctx.io.stdout.write(
            v.released_on === v.planned_release_date
              ? ctx.t(`已解除（按期）：措施 ${v.measure_id}，${v.released_on}\n`, `released on schedule: measure ${v.measure_id}, ${v.released_on}\n`)
              : ctx.t(`已提前解除：措施 ${v.measure_id}，${v.released_on}（原定 ${v.planned_release_date}）\n`, `released early: measure ${v.measure_id}, ${v.released_on} (planned ${v.planned_release_date})\n`),
          );
      }),
    );
}
