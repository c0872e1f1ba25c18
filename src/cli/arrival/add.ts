/** fangkong arrival add — register one arrival. */
import { Command } from 'commander';
import { CONTACT_TYPES, normaliseContact, normaliseTransport, REQUIRED_FIELDS, TRANSPORTS, validateField, type ArrivalField, type ArrivalInput } from '../../domain/arrival.js';
import { UsageError } from '../../domain/errors.js';
import { fieldLabel, reason, valueLabel } from '../../domain/i18n.js';
import type { View } from '../../io/output.js';
import type { NameClash } from '../../services/registration.js';
import type { ArrivalRow } from '../../store/arrivals.js';
import { addOutputOptions, choiceOption, Declined, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { ARRIVAL_COLUMNS, numberLabelled, unresolvedOriginLine } from './columns.js';
import { documentOptions, fieldsOf, type RegistrationFlags } from './fields.js';

export type Options = RegistrationFlags;

/** Option name of each field, for messages about what is missing. */
const FLAG: Record<string, string> = {
  name: '--name', id_number: '--id-number', phone: '--phone', origin: '--origin',
  arrival_date: '--arrival-date', transport: '--transport', destination: '--destination', doc_country: '--country',
};

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('add')
    .description(t('登记一名来返人员', 'register one arriving or returning person'))
    .option('--name <name>', t('姓名', 'full name'))
    .option('--id-number <id>', t('证件号码：18位身份证号（15位旧号自动转换），或 --doc-type 所指证件的号码', 'document number: an 18-character resident ID number (an old 15-digit one is converted), or the number of the --doc-type document'))
    .addOption(documentOptions(cli)[0])
    .addOption(documentOptions(cli)[1])
    .option('--phone <phone>', t('电话：大陆手机号，带区号的座机（0771-5551234），或带国家或地区代码的境外号码（+852 9123 4567）', 'phone: a mainland mobile, a landline with its area code (0771-5551234), or a number abroad with its country code (+852 9123 4567)'))
    .option('--origin <place>', t('来源地，如 广东省深圳市南山区', 'where they came from, e.g. 广东省深圳市南山区'))
    .option('--arrival-date <date>', t('抵达日期 YYYY-MM-DD（晚于今天即为提前报备，默认最多提前14天，可在设置中更改）', 'arrival date YYYY-MM-DD (a later one than today registers in advance, up to 14 days ahead unless config set advance-days says otherwise)'))
    .option('--arrival-time <HH:MM>', t('抵达时刻', 'arrival time of day'))
    .addOption(choiceOption(cli, '--transport <kind>', t('交通方式', 'how they travelled'), 'transport', TRANSPORTS, normaliseTransport))
    .option('--destination <address>', t('目的地（落脚地址）', 'address where they will stay'))
    .addOption(choiceOption(cli, '--contact <type>', t('接触类型（默认 none）', 'contact type (default none)'), 'contact_type', CONTACT_TYPES, normaliseContact))
    .option('--exposure-date <date>', t('末次暴露日期（密接、次密接）', 'date of last exposure (close or secondary contacts)'))
    .option('--entry-date <date>', t('入境日期（入境人员：在口岸已隔离的天数照算，本县只管余下的）', 'entry date (inbound travellers: the days already spent at the port count, the county does what remains)'))
    .option('--left-date <date>', t('离开风险区日期（按离开风险区之日起算的措施从这天算起；不晚于抵达日期）', 'the day they left the risk area (a measure counted from that day starts on it; on or before the arrival date)'))
    .option('--vehicle <number>', t('车次、航班号或车牌', 'train or flight number, or plate'))
    .option('--township <name>', t('所属乡镇', 'township'))
    .option('--note <text>', t('备注', 'note'))
    .addHelpText(
      'after',
      examples(cli, 'fangkong arrival add --name 张三 --id-number 11010519491231002X --phone 13800138000 \\\n    --origin 广东省深圳市南山区 --arrival-date 2022-11-20 --transport train --destination 城关镇幸福路8号',
        'fangkong arrival add --name 陈大文 --doc-type hkmo_permit --id-number H12345678 --phone "+852 9123 4567" \\\n    --origin 香港 --arrival-date 2022-11-20 --transport car --destination 城关镇幸福路8号'),
    );
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

function toInput(o: Options): ArrivalInput {
  return fieldsOf(o) as ArrivalInput;
}

/** Asks for each missing required value, checking it as it is typed. */
async function promptMissing(input: ArrivalInput, ctx: Ctx): Promise<ArrivalInput> {
  const p = ctx.deps.prompter;
  const out: ArrivalInput = { ...input };
  const check = (field: ArrivalField) => (v: string) => {
    const problem = validateField(field, v, ctx.today, out);
    return problem ? reason(problem.code, problem.params, ctx.lang) : true;
  };
  for (const field of REQUIRED_FIELDS) {
    if ((out[field] ?? '').trim() !== '') continue;
    if (field === 'transport') {
      out.transport = await p.select({
        message: fieldLabel('transport', ctx.lang),
        choices: TRANSPORTS.map((t) => ({ name: valueLabel('transport', t, ctx.lang), value: t })),
      });
    } else {
      out[field] = await p.input({
        message: fieldLabel(field, ctx.lang),
        default: field === 'arrival_date' ? ctx.today : undefined,
        validate: check(field),
      });
    }
  }
  if (out.doc_type === 'passport' && (out.doc_country ?? '').trim() === '') {
    out.doc_country = await p.input({ message: fieldLabel('doc_country', ctx.lang), validate: (v) => (v.trim() === '' ? reason('required', {}, ctx.lang) : true) });
  }
  if (out.contact_type === undefined) {
    out.contact_type = await p.select({
      message: fieldLabel('contact_type', ctx.lang),
      choices: CONTACT_TYPES.map((t) => ({ name: valueLabel('contact_type', t, ctx.lang), value: t })),
      default: 'none',
    });
  }
  if (out.contact_type !== 'none' && out.exposure_date === undefined) {
    out.exposure_date = await p.input({ message: fieldLabel('exposure_date', ctx.lang), validate: (v) => (v.trim() === '' ? true : check('exposure_date')(v)) });
  }
  return out;
}

export async function run(opts: Options, ctx: Ctx): Promise<ArrivalRow> {
  let input = toInput(opts);
  const missing: string[] = REQUIRED_FIELDS.filter((f) => (input[f] ?? '').trim() === '');
  if (input.doc_type === 'passport' && (input.doc_country ?? '').trim() === '') missing.push('doc_country');
  if (missing.length > 0) {
    if (!ctx.canPrompt) {
      throw new UsageError(
        ctx.t(
          `缺少 ${missing.map((f) => FLAG[f]).join(' ')}：没有终端可以询问，请用选项给出`,
          `missing ${missing.map((f) => FLAG[f]).join(' ')}: give them as options (there is no terminal to ask on)`,
        ),
      );
    }
    input = await promptMissing(input, ctx);
  }
  const { nameClash, registerArrival } = await import('../../services/registration.js');
  const store = await ctx.openStore();
  const clash = nameClash(store, input, ctx);
  if (clash) await sameNumberOtherName(clash, ctx);
  return registerArrival(store, input, ctx);
}

/**
 * The document number is on the books under another name: said on stderr in a script (the
 * arrival is registered as given), asked on a terminal (default no: nothing is written).
 */
async function sameNumberOtherName(clash: NameClash, ctx: Ctx): Promise<void> {
  const who = clash.others
    .map((o) => ctx.t(`${o.name}（报备 ${o.id}，${o.arrival_date}${o.under_measure ? '，正在管控' : ''}）`, `${o.name} (arrival ${o.id}, ${o.arrival_date}${o.under_measure ? ', under a measure now' : ''})`))
    .join(ctx.t('、', ', '));
  const line = ctx.t(
    `注意：证件号码 ${clash.id_number} 已登记为 ${who}，本次姓名为 ${clash.name}：请核对号码和姓名`,
    `note: document number ${clash.id_number} is registered as ${who}; this arrival names ${clash.name}: check the number and the name`,
  );
  if (!ctx.canPrompt) {
    ctx.deps.io.stderr.write(line + '\n');
    return;
  }
  const answer = await ctx.deps.prompter.select({
    message: ctx.t(`${line}。仍按 ${clash.name} 登记吗？`, `${line}. Register as ${clash.name} all the same?`),
    choices: [
      { name: ctx.t('否', 'no'), value: 'no' },
      { name: ctx.t('是', 'yes'), value: 'yes' },
    ],
    default: 'no',
  });
  if (answer !== 'yes') throw new Declined(ctx.t('已取消，未做任何更改', 'cancelled: nothing was changed'));
}

export function view(row: ArrivalRow, ctx: Ctx): View {
  return {
    kind: 'record',
    record: row,
    columns: numberLabelled(ARRIVAL_COLUMNS, row.doc_type),
    before: [
      row.expected
        ? ctx.t(`已提前报备：编号 ${row.id}，${row.name}，预计 ${row.arrival_date} 抵达（抵达后：fangkong arrival confirm ${row.id}）`, `registered in advance: arrival ${row.id}, ${row.name}, expected ${row.arrival_date} (when they arrive: fangkong arrival confirm ${row.id})`)
        : ctx.t(`已登记：编号 ${row.id}，${row.name}，${row.arrival_date}`, `registered arrival ${row.id}: ${row.name}, ${row.arrival_date}`),
      unresolvedOriginLine(row, ctx.t),
    ].filter((x): x is string => x !== null),
  };
}
