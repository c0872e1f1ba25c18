/** fangkong inspect log — log one inspection (the default of `fangkong inspect`). */
import { Command } from 'commander';
import { ACTIONS, CODES, TEST_RESULTS, normaliseAction, normaliseCode, normaliseTestResult, type InspectionInput } from '../../domain/inspection.js';
import { UsageError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import type { Logged } from '../../services/inspection.js';
import { choiceOption, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { verdictHeadline, verdictView } from './render.js';

export interface Options {
  checkpoint?: string;
  idNumber?: string;
  name?: string;
  phone?: string;
  vehicle?: string;
  passengers?: string;
  code?: string;
  travelStar?: boolean;
  testTime?: string;
  testResult?: string;
  temp?: string;
  action?: string;
  origin?: string;
  time?: string;
  /** Why the action differs from what the rules suggest (audited). */
  reason?: string;
}

export const parse = flagsOnly<Options>;

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('log')
    .description(t('卡点查验：登记一次查验（查双码、验核酸、测体温），并按规则判断是否异常', 'log a checkpoint inspection (codes, test, temperature) and apply the anomaly rules'))
    .option('--checkpoint <name>', t('卡点名称', 'checkpoint name'))
    .option('--id-number <id>', t('证件号码（身份证号，或通行证、护照等号码）', 'document number (a resident ID, or a permit or passport number)'))
    .option('--name <name>', t('姓名', 'name'))
    .option('--phone <phone>', t('手机号', 'phone'))
    .option('--vehicle <plate>', t('车牌或车次', 'plate or train number'))
    .option('--passengers <n>', t('车上人数（默认1）', 'people in the vehicle (default 1)'))
    .addOption(choiceOption(cli, '--code <colour>', t('健康码颜色', 'health-code colour'), 'code', CODES, normaliseCode))
    .option('--travel-star', t('行程码带星', 'travel code starred'))
    .option('--test-time <datetime>', t('最近一次核酸采样时间', 'time of the latest test'))
    .addOption(choiceOption(cli, '--test-result <result>', t('核酸结果', 'latest test result'), 'result', TEST_RESULTS, normaliseTestResult))
    .option('--temp <celsius>', t('体温（℃）', 'temperature (°C)'))
    .addOption(choiceOption(cli, '--action <action>', t('处置（默认按规则建议）', 'action taken (default: what the rules suggest)'), 'action', ACTIONS, normaliseAction))
    .option('--reason <text>', t('处置与规则建议不同时的原因（记入审计）', 'why the action differs from what the rules suggest (audited)'))
    .option('--origin <place>', t('来源地', 'origin'))
    .option('--time <datetime>', t('查验时间（默认现在；补录纸质表时填写）', 'time of the inspection (default now; for paper forms entered later)'))
    .addHelpText(
      'after',
      `\n${t('异常', 'Anomalies')}: ${t('红码、黄码、发热（体温≥37.3℃，按实测值）、行程码带星（至2022-06-28）、核酸超过有效时长（默认48小时）、核酸采样时间不明、无核酸；登记在案的阳性、集中或居家隔离期间、居家健康监测期间；来源地须管控（按规则表来自高风险区、境外或为密接，尚未管控的：告知应执行的措施，转交属地，不得直接放行）。2022-12-07起不再查验健康码、行程码和核酸证明。', 'red or yellow code, a fever (37.3 °C or more, as measured), a starred travel code (until 2022-06-28), a test older than the limit (48 h unless set), a test time unknown, no test; a positive on record, being in centralised or home quarantine, being under home health monitoring; an origin that requires a measure (by the rule table: a high-risk area, abroad, a close contact) not yet under it: the measure is named and the township takes them over, never a plain pass. From 2022-12-07 no health code, travel code or test certificate is checked.')}
${t('不得放行', 'Not let through')}: ${t('红码、发热、核酸阳性（含登记在案未排除的）、隔离期间（居而不出），--action pass 也不行；居家健康监测者仅限必要外出，在火车站、汽车站、机场、港口不得乘坐公共交通。与规则建议不同的处置须 --reason。', 'a red code, a fever, a positive test (one on record not ruled out too), a quarantine phase: not even with --action pass. Someone under home health monitoring goes out for necessities only, and boards no public transport (rail, bus, airport, port). An action other than the suggested one needs --reason.')}
${t('示例', 'Examples')}:
  fangkong inspect log --checkpoint 高速收费站卡点 --id-number 11010519491231002X --code green --temp 36.5 --test-result negative --test-time "2022-11-20 09:00"
  fangkong inspect --checkpoint 高速收费站卡点 --vehicle 粤B12345 --passengers 3 --code green --temp 36.4
`,
    )
    .action(verb(cli, { parse, run, view }));
}

/** The options as the input of an inspection. */
export function toInput(o: Options): InspectionInput {
  return {
    id_number: o.idNumber, name: o.name, phone: o.phone, vehicle: o.vehicle, passengers: o.passengers, code: o.code, travel_star: Boolean(o.travelStar),
    test_time: o.testTime, test_result: o.testResult, temperature: o.temp, action: o.action, origin: o.origin, time: o.time,
  };
}

export async function run(opts: Options, ctx: Ctx): Promise<Logged> {
  if (!opts.checkpoint) throw new UsageError(ctx.t('缺少 --checkpoint', 'missing --checkpoint'));
  if (!opts.code) throw new UsageError(ctx.t('缺少 --code（green|yellow|red）', 'missing --code (green|yellow|red)'));
  const { logInspection } = await import('../../services/inspection.js');
  return logInspection(await ctx.openStore(), opts.checkpoint, toInput(opts), ctx, { reason: opts.reason });
}

/**
 * The inspection for programs (JSON when piped), the loud verdict on a terminal. When the output
 * is the data and not the verdict, an anomaly's verdict line also goes to stderr, so that whoever
 * runs a script sees it; on a terminal it is not said twice.
 */
export function view(r: Logged, ctx: Ctx): View {
  return { ...verdictView(r, ctx), whenData: r.anomalies.length ? [verdictHeadline(r, ctx)] : undefined };
}
