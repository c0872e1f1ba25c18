/** fangkong arrival list — arrivals, filtered. */
import { Command, Option } from 'commander';
import { CONTACT_TYPES } from '../../domain/arrival.js';
import { UsageError } from '../../domain/errors.js';
import { dateOption as date } from '../dates.js';
import type { ArrivalFilter, ArrivalRow } from '../../store/arrivals.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { columnsFor } from './columns.js';

export interface Options {
  date?: string;
  from?: string;
  to?: string;
  origin?: string;
  township?: string;
  contact?: string;
  out?: string;
}

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('列出来返人员报备（可筛选）', 'list registered arrivals, filtered'))
    .option('--date <date>', L('抵达日期为这一天', 'arrived on this date'))
    .option('--from <date>', L('抵达日期不早于', 'arrived on or after'))
    .option('--to <date>', L('抵达日期不晚于', 'arrived on or before'))
    .option('--origin <place>', L('来源地（前缀匹配：省包括其下的市、区）', 'origin, by prefix: a province covers its cities and districts'))
    .option('--township <name>', L('所属乡镇', 'township'))
    .addOption(new Option('--contact <type>', L('接触类型', 'contact type')).choices([...CONTACT_TYPES]))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong arrival list --date 2022-11-20 --origin 广东省\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<Options>(deps, async (opts, ctx) => {
      const rows = await run(opts, ctx);
      await render(rows, ctx, opts.out);
    }),
  );
}

export function toFilter(opts: Options): ArrivalFilter {
  const f: ArrivalFilter = {
    date: date('--date', opts.date),
    from: date('--from', opts.from),
    to: date('--to', opts.to),
    origin: opts.origin?.trim() || undefined,
    township: opts.township?.trim() || undefined,
    contact: opts.contact,
  };
  if (f.from && f.to && f.from > f.to) throw new UsageError(`--from ${f.from} is after --to ${f.to}`);
  return f;
}

export async function run(opts: Options, ctx: Ctx): Promise<ArrivalRow[]> {
  const filter = toFilter(opts);
  const { listArrivals } = await import('../../services/registration.js');
  return listArrivals(await ctx.openStore(), filter);
}

export async function render(rows: ArrivalRow[], ctx: Ctx, out?: string): Promise<void> {
  const { renderList } = await import('../../io/render.js');
  const { maskRow } = await import('../../io/mask.js');
  const format = ctx.listFormat();
  const shown = ctx.reveal ? rows : rows.map(maskRow);
  await emit(ctx, await renderList(shown, columnsFor(format), { format, lang: ctx.lang, color: ctx.color }), out);
  if (format === 'table') ctx.io.stderr.write(ctx.t(`共 ${rows.length} 条\n`, `${rows.length} arrival(s)\n`));
}
