/** fangkong quarantine list — the ledger (台账): who is in which phase on a date. */
import { Command } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import { PHASE_KINDS, type PhaseKind } from '../../domain/policy.js';
import type { Column, View } from '../../io/output.js';
import type { LedgerRow } from '../../services/quarantine/ledger.js';
import { addListOptions, choiceOption, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  date?: string;
  phase?: PhaseKind;
  site?: string;
  township?: string;
}

/** The ledger of a date. */
export interface Ledger {
  date: string;
  rows: LedgerRow[];
}

/** Every column, in JSON and CSV: the values as they are. */
const COLUMNS: Column[] = ['measure_id', 'arrival_id', 'name', 'id_number', 'phone', 'policy', 'phase', 'phase_day', 'phase_days', 'phase_start', 'phase_end', 'site', 'place', 'address', 'township', 'release_date', 'flag', 'flag_decision'].map((key) => ({ key }));

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('台账：某日（默认今天）处于各隔离阶段的人员', 'the ledger: who is in which phase on a date (default today)'))
    .option('--date <date>', t('日期', 'date'))
    .addOption(choiceOption(cli, '--phase <kind>', t('只列这一阶段', 'only this phase'), 'phase', PHASE_KINDS))
    .option('--site <name>', t('只列这个隔离点', 'only this site'))
    .option('--township <name>', t('只列这个乡镇的人员', 'only people of this township'))
    .addHelpText('after', examples(cli, 'fangkong quarantine list --date 2022-11-21 --phase centralized'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Ledger> {
  const date = dateOption('--date', opts.date) ?? ctx.today;
  const { quarantineList } = await import('../../services/quarantine/ledger.js');
  const rows = quarantineList(await ctx.openStore(), date, opts.phase ?? null, opts.site ?? null);
  const township = opts.township?.trim();
  return { date, rows: township ? rows.filter((r) => r.township === township) : rows };
}

/** On screen: day 3/5, the site or home / not placed, a warning for a positive test. */
export function view({ date, rows }: Ledger, ctx: Ctx): View {
  const { t } = ctx;
  const shown = rows.map((r) => ({
    ...r,
    day_of: `${r.phase_day}/${r.phase_days}`,
    where: r.site ?? t(r.place === 'home' ? '居家' : '待安排隔离点', r.place === 'home' ? 'home' : 'awaiting a site'),
    warning: r.flag !== 'positive' ? '' : r.flag_decision ? `⚠ ${valueLabel('decision', r.flag_decision, ctx.lang)}` : t('⚠ 阳性待研判', '⚠ POSITIVE'),
  }));
  const screen: Column[] = [
    { key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'phase', enumField: 'phase' }, { key: 'day_of', label: 'phase_day' }, { key: 'where', label: 'site' }, { key: 'policy' }, { key: 'release_date' },
    ...(rows.some((r) => r.flag) ? [{ key: 'warning', label: 'flag' }] : []),
  ];
  const waiting = rows.filter((r) => r.place === 'unplaced').length;
  const tally = t(`${date}：共 ${rows.length} 人`, `${date}: ${rows.length} person(s)`) + (waiting ? t(`，其中集中隔离待安排隔离点 ${waiting} 人`, `, ${waiting} in centralised quarantine awaiting a site`) : '');
  return { kind: 'list', rows: shown, columns: COLUMNS, screen, tally };
}
