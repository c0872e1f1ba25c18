/** fangkong arrival list — arrivals, filtered. */
import { Command } from 'commander';
import { CONTACT_TYPES, normaliseContact } from '../../domain/arrival.js';
import { UsageError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import type { RowStream } from '../../domain/row-stream.js';
import type { ArrivalFilter, ArrivalRow } from '../../store/arrivals.js';
import { addListOptions, choiceOption, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption as date } from '../dates.js';
import { ARRIVAL_COLUMNS, ARRIVAL_TABLE_COLUMNS, originShown } from './columns.js';

export interface Options {
  date?: string;
  from?: string;
  to?: string;
  origin?: string;
  township?: string;
  contact?: string;
  limit?: number;
  offset?: number;
  name?: string;
  phone?: string;
  q?: string;
  expected?: boolean;
  unresolved?: boolean;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('list')
    .description(t('列出来返人员报备（可筛选）', 'list registered arrivals, filtered'))
    .option('--date <date>', t('抵达日期为这一天', 'arrived on this date'))
    .option('--from <date>', t('抵达日期不早于', 'arrived on or after'))
    .option('--to <date>', t('抵达日期不晚于', 'arrived on or before'))
    .option('--origin <place>', t('来源地（前缀匹配：省包括其下的市、区）', 'origin, by prefix: a province covers its cities and districts'))
    .option('--township <name>', t('所属乡镇', 'township'))
    .addOption(choiceOption(cli, '--contact <type>', t('接触类型', 'contact type'), 'contact_type', CONTACT_TYPES, normaliseContact))
    .option('--name <text>', t('姓名（含此文字）', 'name (containing the text)'))
    .option('--phone <digits>', t('手机号（含这些数字；四位及以下：尾号）', 'phone (containing the digits; four or fewer: its last digits)'))
    .option('--expected', t('只列提前报备、尚未抵达的人员', 'only those registered in advance, not arrived yet'))
    .option('--unresolved', t('只列来源地对不上省市县的（未按风险区匹配，须更正）', 'only those whose origin matches no province, city or county (not matched to risk areas: to correct)'))
    .option('--q <text>', t('在姓名、手机号、车次/航班/车牌、目的地中查找', 'search the name, phone, vehicle and destination'))
    .addHelpText('after', examples(cli, 'fangkong arrival list --date 2022-11-20 --origin 广东省', 'fangkong arrival list --phone 8000', 'fangkong arrival list --q G1234'));
  return addListOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view, paged: true }));
}

/** The options as a filter of the store; dates checked. */
export function toFilter(opts: Options): ArrivalFilter {
  const f: ArrivalFilter = {
    date: date('--date', opts.date),
    from: date('--from', opts.from),
    to: date('--to', opts.to),
    origin: opts.origin?.trim() || undefined,
    township: opts.township?.trim() || undefined,
    contact: opts.contact,
    limit: opts.limit,
    offset: opts.offset,
    name: opts.name?.trim() || undefined,
    phone: opts.phone?.trim() || undefined,
    q: opts.q?.trim() || undefined,
    expected: opts.expected || undefined,
    unresolved: opts.unresolved || undefined,
  };
  if (f.from && f.to && f.from > f.to) throw new UsageError(`--from ${f.from} is after --to ${f.to}`, `--from ${f.from} 晚于 --to ${f.to}`);
  return f;
}

/** The listing as a stream (a count, then a row at a time from the store): any size in bounded memory. */
export async function run(opts: Options, ctx: Ctx): Promise<RowStream<ArrivalRow>> {
  const filter = toFilter(opts);
  const { streamArrivals } = await import('../../services/registration.js');
  return streamArrivals(await ctx.openStore(), filter);
}

/** onScreen without a copy: each row of a pass is a new object (from the store, or masked), read once. */
function shownInPlace(row: ArrivalRow): ArrivalRow & { origin_shown: string } {
  const r = row as ArrivalRow & { origin_shown: string };
  r.origin_shown = originShown(row);
  return r;
}

export function view(rows: RowStream<ArrivalRow>, ctx: Ctx): View {
  return { kind: 'list', rows: [], stream: rows.map(shownInPlace), columns: ARRIVAL_COLUMNS, screen: ARRIVAL_TABLE_COLUMNS, tally: ctx.t(`共 ${rows.count} 条`, `${rows.count} arrival(s)`) };
}
