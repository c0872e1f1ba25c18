/** fangkong arrival show — one person and every arrival of theirs. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { pick } from '../../io/render.js';
import type { Person } from '../../services/registration.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { ARRIVAL_COLUMNS, ARRIVAL_TABLE_COLUMNS, onScreen } from './columns.js';

export interface Options {
  /** Arrival number or ID number. */
  who: string;
}

const PERSON_COLUMNS = [{ key: 'name' }, { key: 'id_number' }, { key: 'birth_date' }, { key: 'sex', enumField: 'sex' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('show')
    .description(t('查看一个人及其全部抵达记录（按报备编号或身份证号）', 'show a person and all their arrivals, by arrival number or ID number'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .addHelpText('after', examples(cli, 'fangkong arrival show 11010519491231002X', 'fangkong arrival show 12'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: ([who]) => ({ who }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Person> {
  const { showPerson } = await import('../../services/registration.js');
  return showPerson(await ctx.openStore(), opts.who, ctx);
}

export function view(person: Person, _ctx: Ctx): View {
  const { arrivals, ...head } = person;
  return {
    kind: 'document',
    data: { ...head, arrivals: arrivals.map((a) => pick(a as unknown as Record<string, unknown>, ARRIVAL_COLUMNS)) },
    blocks: [
      { record: head, columns: PERSON_COLUMNS },
      { text: '' },
      { list: arrivals.map(onScreen), columns: ARRIVAL_TABLE_COLUMNS },
    ],
    csv: { rows: arrivals, columns: ARRIVAL_COLUMNS },
  };
}
