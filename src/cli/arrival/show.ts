/** fangkong arrival show — one person and every arrival of theirs. */
import { Command } from 'commander';
import type { Person } from '../../services/registration.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { ARRIVAL_COLUMNS, ARRIVAL_TABLE_COLUMNS } from './columns.js';

export interface Options {
  out?: string;
}

const PERSON_COLUMNS = [{ key: 'name' }, { key: 'id_number' }, { key: 'birth_date' }, { key: 'sex', enumField: 'sex' }];

export function command(deps: Deps): Command {
  const cmd = new Command('show')
    .description(L('查看一个人及其全部抵达记录（按报备编号或身份证号）', "show a person and all their arrivals, by arrival number or ID number"))
    .argument('<who>', L('报备编号或身份证号', 'arrival number or ID number'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong arrival show 11010519491231002X\n  fangkong arrival show 12\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<Options>(deps, async (opts, ctx, [who]) => {
      const person = await run(who, ctx);
      await render(person, ctx, opts.out);
    }),
  );
}

export async function run(who: string, ctx: Ctx): Promise<Person> {
  const { showPerson } = await import('../../services/registration.js');
  return showPerson(await ctx.openStore(), who, ctx);
}

export async function render(person: Person, ctx: Ctx, out?: string): Promise<void> {
  const { renderList, renderRecord } = await import('../../io/render.js');
  const { maskRow, maskIdNumber } = await import('../../io/mask.js');
  const format = ctx.listFormat();
  const arrivals = ctx.reveal ? person.arrivals : person.arrivals.map(maskRow);
  const head = { ...person, id_number: ctx.reveal ? person.id_number : maskIdNumber(person.id_number) };
  const o = { format, lang: ctx.lang, color: ctx.color };
  let text: string;
  if (format === 'json') {
    const pick = (r: Record<string, unknown>) => Object.fromEntries(ARRIVAL_COLUMNS.map((c) => [c.key, r[c.key] ?? null]));
    const { arrivals: _omit, ...rest } = head;
    text = JSON.stringify({ ...rest, arrivals: arrivals.map((a) => pick(a as unknown as Record<string, unknown>)) }, null, 2) + '\n';
  } else if (format === 'csv') {
    text = await renderList(arrivals, ARRIVAL_COLUMNS, o);
  } else {
    text = (await renderRecord(head, PERSON_COLUMNS, o)) + '\n' + (await renderList(arrivals, ARRIVAL_TABLE_COLUMNS, o));
  }
  await emit(ctx, text, out);
}
