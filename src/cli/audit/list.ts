/** fangkong audit list — who changed what, when. */
import { Command } from 'commander';
import type { Column, View } from '../../io/output.js';
import type { RowStream } from '../../domain/row-stream.js';
import type { AuditFilter, AuditRow } from '../../store/audit.js';
import { addListOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  since?: string;
  /** Filters by who acted (the global --actor names who acts; a listing changes nothing). */
  actor?: string;
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
    .option('--actor <name>', t('操作人', 'who acted'))
    .option('--record <ref>', t('记录，如 arrival:12 或 arrival', 'a record, e.g. arrival:12, or a kind, e.g. measure'))
    .addHelpText('after', examples(cli, 'fangkong audit list --since 2022-11-22 --actor 李干部'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view, paged: true }));
}

/** The options as a filter of the store; the date and the limit checked. */
export function toFilter(opts: Options): AuditFilter {
  return { since: dateOption('--since', opts.since), actor: opts.actor, record: opts.record, limit: opts.limit, offset: opts.offset };
}

/** The listing as a stream (a count, then a row at a time): an audit log of any size in bounded memory. */
export async function run(opts: Options, ctx: Ctx): Promise<RowStream<AuditRow>> {
  const filter = toFilter(opts);
  const { streamAudit } = await import('../../services/audit.js');
  const store = await ctx.openStore();
  return streamAudit(store, filter, ctx.tz);
}

export function view(rows: RowStream<AuditRow>, _ctx: Ctx): View {
  return { kind: 'list', rows: [], stream: rows, columns: COLUMNS, screen: SCREEN_COLUMNS };
}
