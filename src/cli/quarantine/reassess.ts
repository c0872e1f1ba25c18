/** fangkong quarantine reassess — move everyone under one policy to another when a rule changes. */
import { Command } from 'commander';
import type { Column, View } from '../../io/output.js';
import type { ReassessResult } from '../../services/quarantine/reassess.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import type { Words } from './render.js';

export interface Options {
  fromPolicy: string;
  toPolicy: string;
  date?: string;
  dryRun?: boolean;
}

const COLUMNS: Column[] = [{ key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'start_date' }, { key: 'old' }, { key: 'old_release_date' }, { key: 'new' }, { key: 'new_release_date' }, { key: 'effect', enumField: 'effect' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('reassess')
    .description(t('批量调整：把仍在执行措施 A 的人员改为措施 B（同一开始日期）；已到期的按调整日解除', 'move everyone still under policy A to policy B from the same start; whose new measure is over is released on the reassessment date'))
    .requiredOption('--from-policy <id>', t('原措施', 'the old policy'))
    .requiredOption('--to-policy <id>', t('新措施', 'the new policy'))
    .option('--date <date>', t('调整日期（默认今天）', 'reassessment date (default today)'))
    .option('--dry-run', t('只列出变化，不写入', 'list the changes, write nothing'))
    .addHelpText('after', examples(cli, 'fangkong quarantine reassess --from-policy close-contact-7+3 --to-policy close-contact-5+3 --dry-run'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<ReassessResult> {
  const { reassess } = await import('../../services/quarantine/reassess.js');
  return reassess(await ctx.openStore(), { from: opts.fromPolicy, to: opts.toPolicy, date: opts.date, dryRun: Boolean(opts.dryRun) }, ctx);
}

/** "C 11-03~11-07, H 11-08~11-10" */
function span(phases: Array<{ kind: string; start: string; end: string }>, { t }: Words): string {
  const short = { centralized: t('集中', 'C'), home_quarantine: t('居家', 'H'), health_monitoring: t('监测', 'M') } as Record<string, string>;
  return phases.map((p) => `${short[p.kind]} ${p.start.slice(5)}~${p.end.slice(5)}`).join(', ');
}

export function view(r: ReassessResult, ctx: Ctx): View {
  const { t } = ctx;
  const rows = r.changes.map((c) => ({ ...c, old: span(c.old_phases, ctx), new: span(c.new_phases, ctx) }));
  const n = { released: 0, shortened: 0, extended: 0, unchanged: 0 };
  for (const c of r.changes) n[c.effect]++;
  const summary = r.dry_run
    ? t(
        `试运行（未写入）：${r.date} 仍执行 ${r.from_policy} 的 ${r.changes.length} 人将改为 ${r.to_policy}：即日解除 ${n.released}，缩短 ${n.shortened}，延长 ${n.extended}，不变 ${n.unchanged}`,
        `dry run (nothing written): ${r.changes.length} person(s) under ${r.from_policy} on ${r.date} would move to ${r.to_policy}: released now ${n.released}, shortened ${n.shortened}, extended ${n.extended}, unchanged ${n.unchanged}`,
      )
    : t(
        `已调整：${r.changes.length} 人由 ${r.from_policy} 改为 ${r.to_policy}（${r.date}）：即日解除 ${n.released}，缩短 ${n.shortened}，延长 ${n.extended}，不变 ${n.unchanged}`,
        `reassessed: ${r.changes.length} person(s) moved from ${r.from_policy} to ${r.to_policy} on ${r.date}: released now ${n.released}, shortened ${n.shortened}, extended ${n.extended}, unchanged ${n.unchanged}`,
      );
  return {
    kind: 'document',
    data: r,
    blocks: [...(rows.length ? [{ list: rows, columns: COLUMNS }] : []), { text: summary }],
    csv: { rows, columns: COLUMNS },
  };
}
