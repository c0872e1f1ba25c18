/** fangkong audit list — who changed what, when. */
import { Command } from 'commander';
import type { Column, View } from '../../io/output.js';
import type { RowStream } from '../../domain/row-stream.js';
import type { AuditFilter, AuditRow } from '../../store/audit.js';
import { addListOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';
import { UsageError } from '../../domain/errors.js';

export interface Options {
  since?: string;
  /** Filters by who acted: --by (the global --actor names who is acting, for the audit log). */
  by?: string;
  record?: string;
  limit?: number;
  offset?: number;
}

const COLUMNS: Column[] = [
  { key: 'id' },
  { key: 'at', label: 'audit_at' },
  { key: 'actor' },
  { key: 'action', label: 'audit_action' },
  { key: 'record' },
  { key: 'before' },
  { key: 'after' },
  { key: 'hash' },
];

/** On screen, without the before/after values and the hash. */
const SCREEN_COLUMNS = COLUMNS.filter((c) => !['before', 'after', 'hash'].includes(c.key));

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出审计记录，最新的在前（可按时间、操作人、记录筛选）', 'list audit rows, newest first (by time, actor, record)'))
    .option('--since <date>', t('从这一天起', 'from this date'))
    .option('--by <name>', t('只列此操作人的记录（--actor 是全局选项，指本次的操作人）', 'only the rows of this actor (--actor is the global option: who is acting now)'))
    .option('--record <ref>', t('记录，如 arrival:12 或 arrival', 'a record, e.g. arrival:12, or a kind, e.g. measure'))
    .addHelpText('after', examples(cli, 'fangkong audit list --since 2022-11-22 --by 李干部'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view, paged: true }));
}

/** The options as a filter of the store; the date and the limit checked. */
export function toFilter(opts: Options): AuditFilter {
  return { since: dateOption('--since', opts.since), actor: opts.by, record: opts.record, limit: opts.limit, offset: opts.offset };
}

/** The listing as a stream (a count, then a row at a time): an audit log of any size in bounded memory. */
export async function run(opts: Options, ctx: Ctx): Promise<RowStream<AuditRow>> {
  const filter = toFilter(opts);
  // `audit list --actor X` once filtered; now --actor is only who is acting (a listing changes
  // nothing but the row of a --reveal): refused rather than list every actor's rows
  if (ctx.actorGiven && !ctx.reveal) {
    throw new UsageError(
      '--actor names who is acting, it does not filter the list: to list one actor\'s rows, use --by NAME',
      '--actor 是本次的操作人，不是筛选条件：只列某操作人的记录请用 --by 名字',
    );
  }
  const { streamAudit } = await import('../../services/audit.js');
  const store = await ctx.openStore();
  return streamAudit(store, filter, ctx.tz);
}

export function view(rows: RowStream<AuditRow>, _ctx: Ctx): View {
  return { kind: 'list', rows: [], stream: rows, columns: COLUMNS, screen: SCREEN_COLUMNS };
}
