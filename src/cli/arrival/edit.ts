/** fangkong arrival edit — correct registration fields of one arrival, audited (before and after). */
import { Command } from 'commander';
import { CONTACT_TYPES, normaliseContact, normaliseTransport, TRANSPORTS } from '../../domain/arrival.js';
import { UsageError } from '../../domain/errors.js';
import { fieldLabel } from '../../domain/i18n.js';
import type { View } from '../../io/output.js';
import type { EditResult, Editable } from '../../services/corrections.js';
import { choiceOption, examples, verb } from '../command.js';
import { documentOptions, fieldsOf, type RegistrationFlags } from './fields.js';
import type { Cli, Ctx } from '../context.js';

export interface Options extends RegistrationFlags {
  /** Arrival number or ID number. */
  who: string;
  dryRun?: boolean;
}

export function parse([who]: string[], flags: Record<string, unknown>): Options {
  return { ...(flags as Omit<Options, 'who'>), who };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('edit')
    .description(t('更正一条报备的登记项（任何一项，身份证号重新校验）；审计日志记下更正前后', 'correct registration fields of an arrival (any field; the ID number is checked again); the audit log keeps before and after'))
    .argument('<who>', t('报备编号或身份证号', 'arrival number or ID number'))
    .option('--name <name>', t('姓名', 'full name'))
    .option('--id-number <id>', t('证件号码', 'document number'))
    .addOption(documentOptions(cli)[0])
    .addOption(documentOptions(cli)[1])
    .option('--phone <phone>', t('电话（手机、带区号的座机或带国家代码的境外号码）', 'phone (a mobile, a landline with its area code, or a number abroad with its country code)'))
    .option('--origin <place>', t('来源地', 'where they came from'))
    .option('--arrival-date <date>', t('抵达日期', 'arrival date'))
    .option('--arrival-time <HH:MM>', t('抵达时刻（空字符串清除）', 'arrival time ("" clears it)'))
    .addOption(choiceOption(cli, '--transport <kind>', t('交通方式', 'how they travelled'), 'transport', TRANSPORTS, normaliseTransport))
    .option('--destination <address>', t('目的地', 'address where they will stay'))
    .addOption(choiceOption(cli, '--contact <type>', t('接触类型', 'contact type'), 'contact_type', CONTACT_TYPES, normaliseContact))
    .option('--exposure-date <date>', t('末次暴露日期（空字符串清除）', 'date of last exposure ("" clears it)'))
    .option('--vehicle <number>', t('车次、航班号或车牌（空字符串清除）', 'train or flight number, or plate ("" clears it)'))
    .option('--township <name>', t('所属乡镇（空字符串清除）', 'township ("" clears it)'))
    .option('--note <text>', t('备注（空字符串清除）', 'note ("" clears it)'))
    .option('--dry-run', t('只显示将更正的内容，不写入', 'show what would change, write nothing'))
    .addHelpText('after', examples(cli, 'fangkong arrival edit 12 --phone 13900139000 --destination 城关镇幸福路10号', 'fangkong arrival edit 11010519491231002X --township 城关镇 --dry-run'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<EditResult> {
  const fields = fieldsOf(opts) as Partial<Record<Editable, string>>;
  if (Object.keys(fields).length === 0) {
    throw new UsageError(ctx.t('请给出要更正的项，如 --phone 13900139000', 'give the fields to correct, e.g. --phone 13900139000'));
  }
  const { editArrival } = await import('../../services/corrections.js');
  return editArrival(await ctx.openStore(), opts.who, fields, ctx, { dryRun: opts.dryRun });
}

export function view(r: EditResult, ctx: Ctx): View {
  const { t } = ctx;
  const a = r.arrival;
  const head =
    r.fields.length === 0
      ? t(`报备 ${a.id}（${a.name}）没有变化`, `arrival ${a.id} (${a.name}): nothing to change`)
      : r.dry_run
        ? t(`试运行：报备 ${a.id}（${a.name}）将更正 ${r.fields.length} 项，未写入`, `dry run: arrival ${a.id} (${a.name}) would change in ${r.fields.length} field(s); nothing was written`)
        : t(`已更正：报备 ${a.id}（${a.name}）${r.fields.length} 项`, `corrected arrival ${a.id} (${a.name}): ${r.fields.length} field(s)`);
  return {
    kind: 'list',
    rows: r.fields.map((f) => ({ field: fieldLabel(f, ctx.lang), before: r.before[f] ?? '', after: r.after[f] ?? '' })),
    columns: [
      { key: 'field', heading: t('项', 'field') },
      { key: 'before', heading: t('更正前', 'before') },
      { key: 'after', heading: t('更正后', 'after') },
    ],
    before: [head],
  };
}
