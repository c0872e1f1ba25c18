/**
 * fangkong quarantine end --all — end every running measure on the day the rules end them all
 * (2023-01-08, 乙类乙管). A dry run on a terminal unless --yes; --yes in a script.
 */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { Column, View } from '../../io/output.js';
import type { EndAllResult } from '../../services/quarantine/end.js';
import { addOutputOptions, addYesOption, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  all?: boolean;
  date?: string;
  reason: string;
  dryRun?: boolean;
  yes?: boolean;
}

const COLUMNS: Column[] = [{ key: 'measure_id' }, { key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'policy' }, { key: 'start_date' }, { key: 'planned_release_date', label: 'old_release_date' }, { key: 'released_on', label: 'release_date' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('end')
    .description(
      t(
        '按规定终止：规则表自某日起不再实施任何管控措施（如 2023-01-08 乙类乙管）时，于当日终止全部在管措施；终端中默认只试运行，加 --yes 执行',
        'end every running measure on the day the rule table ends them all (2023-01-08, Class B management): a dry run on a terminal unless --yes',
      ),
    )
    .option('--all', t('全部在管措施（必需）', 'every running measure (required)'))
    .option('--date <date>', t('终止日期（默认今天）：当日规则表须已不再实施任何措施', 'the day they end (default today): the rule table of that day must give no measure'))
    .requiredOption('--reason <text>', t('原因（记入每条措施和审计日志）', 'why (kept with each measure and in the audit log)'))
    .option('--dry-run', t('只列出将终止的措施，不写入', 'list the measures that would end, write nothing'))
    .addHelpText(
      'after',
      examples(
        cli,
        'fangkong quarantine end --all --date 2023-01-08 --reason "乙类乙管，不再隔离"',
        'fangkong quarantine end --all --date 2023-01-08 --reason "乙类乙管，不再隔离" --yes',
      ),
    );
  return addYesOption(addOutputOptions(cmd, cli), cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<EndAllResult> {
  if (!opts.all) throw new UsageError('give --all: quarantine end ends every running measure on a date (one person: quarantine release)', '请加 --all：quarantine end 终止某日全部在管措施（单个人员请用 quarantine release）');
  // a dry run unless --yes: by default on a terminal; a script must say which
  if (!opts.yes && !opts.dryRun && !ctx.canPrompt) {
    throw new UsageError('add --yes to end the measures in a script, or --dry-run to list them (nothing was changed)', '脚本中请加 --yes 执行终止，或加 --dry-run 只列出（未做任何更改）');
  }
  const { endAll } = await import('../../services/quarantine/end.js');
  return endAll(await ctx.openStore(), { date: opts.date, reason: opts.reason, dryRun: !opts.yes || Boolean(opts.dryRun) }, ctx);
}

export function view(r: EndAllResult, { t }: Ctx): View {
  const rule = `${r.rule.from} ${r.rule.source}`;
  const blocks = [
    ...(r.ended.length ? [{ list: r.ended, columns: COLUMNS }] : []),
    {
      text: r.dry_run
        ? t(
            `试运行（未写入）：${r.ended.length} 项在管措施将于 ${r.date} 按规定终止（依据：${rule}）；确认无误后加 --yes 执行`,
            `dry run (nothing written): ${r.ended.length} running measure(s) would end by rule on ${r.date} (rule: ${rule}); add --yes to end them`,
          )
        : t(`已按规定终止：${r.ended.length} 项措施于 ${r.date} 终止（依据：${rule}；原因：${r.reason}）`, `ended by rule: ${r.ended.length} measure(s) on ${r.date} (rule: ${rule}; reason: ${r.reason})`),
    },
  ];
  return { kind: 'document', data: r, blocks, csv: { rows: r.ended, columns: COLUMNS } };
}
