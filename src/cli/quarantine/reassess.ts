/** fangkong quarantine reassess — move everyone under one policy to another when a rule changes. */
import { Command } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import type { Column, View } from '../../io/output.js';
import type { ReassessResult } from '../../services/quarantine/reassess.js';
import { addOutputOptions, addYesOption, confirm, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import type { Words } from './render.js';

export interface Options {
  fromPolicy: string;
  toPolicy: string;
  date?: string;
  dryRun?: boolean;
  /** With --to-policy none, when the rule table does not itself end the measure. */
  reason?: string;
  yes?: boolean;
}

const END_COLUMNS: Column[] = [{ key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'start_date' }, { key: 'old' }, { key: 'old_release_date' }, { key: 'released_on', label: 'release_date' }];
const COLUMNS: Column[] = [{ key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'start_date' }, { key: 'old' }, { key: 'old_release_date' }, { key: 'new' }, { key: 'new_release_date' }, { key: 'effect', enumField: 'effect' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('reassess')
    .description(
      t(
        '批量调整：把仍在执行措施 A 的人员改为措施 B（同一开始日期），新措施已到期的按调整日解除；--to-policy none：按当日规则（如 2023-01-08 起不再隔离）于调整日全部终止',
        'move everyone still under policy A to policy B from the same start (those whose new measure is already over are released on the date); --to-policy none: end them all on the date, by the rule of that date (no measures from 2023-01-08, say)',
      ),
    )
    .requiredOption('--from-policy <id>', t('原措施', 'the old policy'))
    .requiredOption('--to-policy <id>', t('新措施，或 none（终止）', 'the new policy, or none (end them)'))
    .option('--date <date>', t('调整日期（默认今天）', 'reassessment date (default today)'))
    .option('--dry-run', t('只列出变化，不写入（建议先运行）', 'list the changes, write nothing (run it first)'))
    .option('--reason <text>', t('与 none 同用：当日规则表仍要求管控时终止的原因', 'with none: why, when the rule table of the date still gives a measure'))
    .addHelpText(
      'after',
      examples(
        cli,
        'fangkong quarantine reassess --from-policy close-contact-7+3 --to-policy close-contact-5+3 --dry-run',
        'fangkong quarantine reassess --from-policy close-contact-7+3 --to-policy close-contact-5+3 --yes',
        'fangkong quarantine reassess --from-policy close-contact-home-5 --to-policy none --date 2023-01-08 --dry-run',
      ),
    );
  return addYesOption(addOutputOptions(cmd, cli), cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

/** Reassessments of at least this many measures get a progress bar on a terminal. */
export const REASSESS_PROGRESS_MIN = 500;

export async function run(opts: Options, ctx: Ctx): Promise<ReassessResult> {
  const { reassess } = await import('../../services/quarantine/reassess.js');
  const store = await ctx.openStore();
  const args = { from: opts.fromPolicy, to: opts.toPolicy, date: opts.date, reason: opts.reason };
  if (!opts.dryRun && !opts.yes) {
    // what it would change, counted by a dry run, is what the question says
    const would = reassess(store, { ...args, dryRun: true }, ctx);
    await confirm(ctx, opts.yes, ctx.t(`将调整 ${would.changes.length} 人的措施（${opts.fromPolicy} → ${opts.toPolicy}）`, `this changes the measures of ${would.changes.length} person(s) (${opts.fromPolicy} → ${opts.toPolicy})`));
  }
  const { progressCallback } = await import('../../io/progress.js');
  const bar = await progressCallback({ stream: ctx.io.stderr, isTTY: ctx.io.stderrIsTTY, lang: ctx.lang, label: { zh: '重新评估', en: 'reassessing' }, min: REASSESS_PROGRESS_MIN });
  try {
    return reassess(store, { ...args, dryRun: Boolean(opts.dryRun), onProgress: bar.onProgress }, ctx);
  } finally {
    bar.stop();
  }
}

/** "C 11-03~11-07, H 11-08~11-10" */
function span(phases: Array<{ kind: string; start: string; end: string }>, { t }: Words): string {
  const short = { centralized: t('集中', 'C'), home_quarantine: t('居家', 'H'), health_monitoring: t('监测', 'M') } as Record<string, string>;
  return phases.map((p) => `${short[p.kind]} ${p.start.slice(5)}~${p.end.slice(5)}`).join(', ');
}

export function view(r: ReassessResult, ctx: Ctx): View {
  const { t, lang } = ctx;
  const rows = r.changes.map((c) => ({ ...c, old: span(c.old_phases, ctx), new: c.new_phases.length ? span(c.new_phases, ctx) : t('（无）', '(none)') }));
  const counts = new Map<string, number>();
  for (const c of r.changes) counts.set(c.effect, (counts.get(c.effect) ?? 0) + 1);
  const list = [...counts].map(([e, n]) => `${valueLabel('effect', e, lang)} ${n}`).join(t('，', ', '));
  const effects = list ? t(`：${list}`, `: ${list}`) : '';
  if (r.to_policy === 'none') {
    const reason = r.changes[0]?.reason;
    const why = reason ? t(`；依据：${reason}`, `; by: ${reason}`) : '';
    const summary = r.dry_run
      ? t(`试运行（未写入）：${r.date} 仍执行 ${r.from_policy} 的 ${r.changes.length} 人将于当日终止措施${why}`, `dry run (nothing written): the measures of ${r.changes.length} person(s) under ${r.from_policy} would end on ${r.date}${why}`)
      : t(`已终止：${r.changes.length} 人的 ${r.from_policy} 措施于 ${r.date} 终止${why}`, `ended: the ${r.from_policy} measures of ${r.changes.length} person(s), on ${r.date}${why}`);
    return { kind: 'document', data: r, blocks: [...(rows.length ? [{ list: rows, columns: END_COLUMNS }] : []), { text: summary }], csv: { rows, columns: END_COLUMNS } };
  }
  const summary = r.dry_run
    ? t(
        `试运行（未写入）：${r.date} 仍执行 ${r.from_policy} 的 ${r.changes.length} 人将改为 ${r.to_policy}${effects}`,
        `dry run (nothing written): ${r.changes.length} person(s) under ${r.from_policy} on ${r.date} would move to ${r.to_policy}${effects}`,
      )
    : t(
        `已调整：${r.changes.length} 人由 ${r.from_policy} 改为 ${r.to_policy}（${r.date}）${effects}`,
        `reassessed: ${r.changes.length} person(s) moved from ${r.from_policy} to ${r.to_policy} on ${r.date}${effects}`,
      );
  return {
    kind: 'document',
    data: r,
    blocks: [...(rows.length ? [{ list: rows, columns: COLUMNS }] : []), { text: summary }],
    csv: { rows, columns: COLUMNS },
  };
}
