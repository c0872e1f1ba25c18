/** fangkong audit list — who changed what, when. */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { Column, View } from '../../io/output.js';
import type { AuditFilter, AuditRow } from '../../store/audit.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  since?: string;
  /** Filters by who acted (the global --actor names who acts; a listing changes nothing). */
  actor?: string;
  record?: string;
  limit?: string;
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
    .option('--limit <n>', t('只列最新的几条', 'only the newest this many'))
    .addHelpText('after', examples(cli, 'fangkong audit list --since 2022-11-22 --actor 李干部'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

/** The options as a filter of the store; the date and the limit checked. */
export function toFilter(opts: Options): AuditFilter {
  let limit: number | undefined;
  if (opts.limit !== undefined) {
    limit = Number(opts.limit);
    if (!/^\d+$/.test(opts.limit.trim()) || limit < 1) throw new UsageError(`--limit "${opts.limit}" is not a whole number of rows: use 1 or more`);
  }
  return { since: dateOption('--since', opts.since), actor: opts.actor, record: opts.record, limit };
}

export async function run(opts: Options, ctx: Ctx): Promise<AuditRow[]> {
  const filter = toFilter(opts);
  const { listAudit } = await import('../../services/audit.js');
  const store = await ctx.openStore();
  return listAudit(store, filter, ctx.tz);
}

export function view(rows: AuditRow[], _ctx: Ctx): View {
  return { kind: 'list', rows, columns: COLUMNS, screen: SCREEN_COLUMNS };
}
