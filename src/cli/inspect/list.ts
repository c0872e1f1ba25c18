/** fangkong inspect list — inspections of a day, a checkpoint, or the anomalies only. */
import { Command } from 'commander';
import { valueLabel } from '../../domain/i18n.js';
import type { Column, View } from '../../io/output.js';
import type { InspectionRow } from '../../store/inspections.js';
import { addListOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  /** YYYY-MM-DD; default today. */
  date?: string;
  checkpoint?: string;
  anomalies?: boolean;
}

/** Every field, in JSON and CSV: anomalies as a list (comma-separated in CSV), the travel star as true/false. */
const COLUMNS: Column[] = ['id', 'checkpoint', 'inspected_at', 'id_number', 'name', 'phone', 'vehicle', 'passengers', 'code', 'travel_star', 'test_time', 'test_result', 'temperature', 'action', 'override_reason', 'origin', 'anomalies', 'arrival_id'].map((key) => ({ key }));

/** On screen: the time of day, and the anomalies in words. */
const SCREEN: Column[] = [
  { key: 'id' }, { key: 'time' }, { key: 'checkpoint' }, { key: 'name' }, { key: 'id_number' }, { key: 'vehicle' }, { key: 'passengers' },
  { key: 'code', enumField: 'code' }, { key: 'temperature' }, { key: 'anomaly_words', label: 'anomalies' }, { key: 'action', enumField: 'action' },
];

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined), checkpoint: flags.checkpoint as string | undefined, anomalies: flags.anomalies as boolean | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出查验记录（默认今天）', 'list inspections (default today)'))
    .option('--date <date>', t('日期', 'date'))
    .option('--checkpoint <name>', t('只列这个卡点', 'only this checkpoint'))
    .option('--anomalies', t('只列异常', 'anomalies only'))
    .addHelpText('after', examples(cli, 'fangkong inspect list --date 2022-11-21 --anomalies'));
  return addListOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<InspectionRow[]> {
  const { listInspections } = await import('../../services/inspection.js');
  return listInspections(await ctx.openStore(), { date: opts.date ?? ctx.today, checkpoint: opts.checkpoint, anomalies: opts.anomalies });
}

export function view(rows: InspectionRow[], ctx: Ctx): View {
  const shown = rows.map((r) => {
    const anomalies = r.anomalies ? r.anomalies.split(',') : [];
    return {
      ...r,
      anomalies,
      travel_star: Boolean(r.travel_star),
      time: r.inspected_at.slice(11),
      anomaly_words: anomalies.map((a) => valueLabel('anomaly', a, ctx.lang)).join(ctx.t('、', ', ')),
    };
  });
  return { kind: 'list', rows: shown, columns: COLUMNS, screen: SCREEN };
}
