/** fangkong quarantine release — end a measure early, or record a normal release. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { MeasureView } from '../../services/quarantine/measure.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
  reason: string;
  date?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('release')
    .description(t('解除管控措施：提前解除，或记录正常解除', 'end a measure early, or record a normal release'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .requiredOption('--reason <text>', t('原因', 'why'))
    .option('--date <date>', t('解除日期（默认今天）', 'release date (default today)'))
    .addHelpText('after', examples(cli, 'fangkong quarantine release 11010519491231002X --reason "转为居家隔离" --date 2022-11-22'))
    .action(verb(cli, { parse: ([who], flags) => ({ ...(flags as Omit<Options, 'who'>), who }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<MeasureView> {
  const { release } = await import('../../services/quarantine/release.js');
  return release(await ctx.openStore(), opts.who, { reason: opts.reason, date: opts.date }, ctx);
}

export function view(v: MeasureView, { t }: Ctx): View {
  const text =
    v.released_on === v.planned_release_date
      ? t(`已解除（按期）：措施 ${v.measure_id}，${v.released_on}`, `released on schedule: measure ${v.measure_id}, ${v.released_on}`)
      : t(`已提前解除：措施 ${v.measure_id}，${v.released_on}（原定 ${v.planned_release_date}）`, `released early: measure ${v.measure_id}, ${v.released_on} (planned ${v.planned_release_date})`);
  return { kind: 'done', data: v, text };
}
