/** fangkong arrival show — one person and every arrival of theirs. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import { pick } from '../../io/render.js';
import type { Matches, Person } from '../../services/registration.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { ARRIVAL_COLUMNS, ARRIVAL_TABLE_COLUMNS, numberLabelled, onScreen } from './columns.js';

export interface Options {
  /** Arrival number, ID number or name. */
  who: string;
}

const PERSON_COLUMNS = [{ key: 'name' }, { key: 'doc_type', enumField: 'doc_type' }, { key: 'id_number' }, { key: 'doc_country' }, { key: 'birth_date' }, { key: 'sex', enumField: 'sex' }];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('show')
    .description(t('查看一个人及其全部抵达记录（按报备编号、身份证号或姓名；同名者多人时列出供选择）', 'show a person and all their arrivals, by arrival number, ID number or name (several people of that name: they are listed to choose from)'))
    .argument('<who>', t('报备编号、身份证号或姓名', 'arrival number, ID number or name'))
    .addHelpText('after', examples(cli, 'fangkong arrival show 11010519491231002X', 'fangkong arrival show 12', 'fangkong arrival show 王芳'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: ([who]) => ({ who }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Person | Matches> {
  const { showPerson } = await import('../../services/registration.js');
  return showPerson(await ctx.openStore(), opts.who, ctx);
}

export function view(result: Person | Matches, ctx: Ctx): View {
  if ('matches' in result) {
    const n = new Set(result.matches.map((a) => a.id_number)).size;
    return {
      kind: 'list',
      rows: result.matches.map(onScreen),
      columns: ARRIVAL_COLUMNS,
      screen: ARRIVAL_TABLE_COLUMNS,
      before: [ctx.t(`“${result.key}”对应 ${n} 人：请用报备编号或身份证号查看其中一人`, `${n} people match "${result.key}": show one by arrival number or ID number`)],
    };
  }
  const { arrivals, ...head } = result;
  return {
    kind: 'document',
    data: { ...head, arrivals: arrivals.map((a) => pick(a as unknown as Record<string, unknown>, ARRIVAL_COLUMNS)) },
    blocks: [
      { record: head, columns: numberLabelled(PERSON_COLUMNS, head.doc_type) },
      { text: '' },
      { list: arrivals.map(onScreen), columns: ARRIVAL_TABLE_COLUMNS },
    ],
    csv: { rows: arrivals, columns: ARRIVAL_COLUMNS },
  };
}
