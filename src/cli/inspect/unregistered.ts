/** fangkong inspect unregistered — people inspected whose ID number has no arrival (不漏一人). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { fieldLabel } from '../../domain/i18n.js';
import type { Column, View } from '../../io/output.js';
import type { UnregisteredPerson } from '../../services/inspection.js';
import type { ArrivalRow } from '../../store/arrivals.js';
import { addListOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  /** Inspections of this date only (YYYY-MM-DD); default every date. */
  date?: string;
  /** Register each one on the terminal instead of listing them. */
  register?: boolean;
  /** The township they go to: a column of the sheet, and of each registration (else asked for). */
  township?: string;
}

/** The people, or (--register) the arrivals registered for them. */
export type Result = { people: UnregisteredPerson[]; registered?: undefined } | { people: UnregisteredPerson[]; registered: ArrivalRow[] };

/** The columns of `arrival import`, then where and when they were inspected. */
const COLUMNS: Column[] = ['name', 'doc_type', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'township', 'vehicle', 'checkpoint', 'inspected_at'].map((key) => ({
  key,
  enumField: key === 'transport' || key === 'doc_type' ? key : undefined,
}));

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  const township = typeof flags.township === 'string' && flags.township.trim() !== '' ? flags.township.trim() : undefined;
  return { date: dateOption('--date', flags.date as string | undefined), register: Boolean(flags.register), township };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('unregistered')
    .description(t('不漏一人：列出查验过但没有报备的人；--register 在终端中逐个补登记，--format csv --out 导出为报备导入表', 'no one missed: people inspected with no arrival registered; --register registers them one by one on a terminal, --format csv --out gives a sheet for arrival import'))
    .option('--date <date>', t('只看这一天的查验', 'inspections of this date only'))
    .option('--register', t('逐个补登记（需要终端）', 'register each one (needs a terminal)'))
    .option('--township <name>', t('所属乡镇：填入导出表的乡镇列；补登记时不再逐个询问', 'township: fills the township column of the sheet; with --register, each registration takes it instead of asking'))
    .addHelpText('after', examples(cli, 'fangkong inspect unregistered --date 2022-11-21', 'fangkong inspect unregistered --township 城关镇 --format csv --reveal --out 城关镇待登记.csv', 'fangkong inspect unregistered --format csv --reveal --out 待登记.csv'));
  return addListOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Result> {
  if (opts.register && !ctx.canPrompt) throw new UsageError(ctx.t('--register 需要终端；脚本中请导出后用 arrival import', '--register needs a terminal; in a script export them and use arrival import'));
  const { unregisteredPeople } = await import('../../services/inspection.js');
  const people = unregisteredPeople(await ctx.openStore(), opts.date ?? null, opts.township);
  if (!opts.register) return { people };
  return { people, registered: await register(people, opts.township, ctx) };
}

/** Registers each person through `arrival add`, which asks on the terminal for what is missing. */
async function register(people: UnregisteredPerson[], township: string | undefined, ctx: Ctx): Promise<ArrivalRow[]> {
  const add = await import('../arrival/add.js');
  const registered: ArrivalRow[] = [];
  let last = '';
  for (const p of people) {
    await ctx.print(p, (who) => ({ kind: 'nothing', before: [ctx.t(`\n补登记：${who.name} ${who.id_number}`, `\nregistering: ${who.name} ${who.id_number}`)] }));
    // the township does the follow-up: asked for each person (the last answer offered), unless given
    const town = township ?? (await ctx.deps.prompter.input({ message: fieldLabel('township', ctx.lang), default: last || undefined })).trim();
    last = town || last;
    const row = await add.run(
      { township: town || undefined, docType: p.doc_type, idNumber: p.id_number, name: p.name || undefined, phone: p.phone || undefined, origin: p.origin || undefined, arrivalDate: p.arrival_date, transport: p.transport, vehicle: p.vehicle || undefined },
      ctx,
    );
    await ctx.print(row, (shown) => add.view(shown, ctx));
    registered.push(row);
  }
  return registered;
}

export function view(r: Result, ctx: Ctx): View {
  if (r.registered) {
    const n = r.registered.length;
    return { kind: 'done', data: { registered: n, arrivals: r.registered.map((a) => a.id) }, text: ctx.t(`已补登记 ${n} 人`, `registered ${n}`) };
  }
  return { kind: 'list', rows: r.people, columns: COLUMNS, tally: ctx.t(`未报备 ${r.people.length} 人`, `${r.people.length} person(s) not registered`) };
}
