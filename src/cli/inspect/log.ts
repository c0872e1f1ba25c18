/** fangkong inspect log — log one inspection (the default of `fangkong inspect`). */
import { Command, Option } from 'commander';
import { ACTIONS, CODES, TEST_RESULTS } from '../../domain/inspection.js';
import { UsageError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { verdict } from './render.js';

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
}

export function command(deps: Deps): Command {
  return new Command('log')
    .description(L('卡点查验：登记一次查验（查双码、验核酸、测体温），并按规则判断是否异常', 'log a checkpoint inspection (codes, test, temperature) and apply the anomaly rules'))
    .option('--checkpoint <name>', L('卡点名称', 'checkpoint name'))
    .option('--id-number <id>', L('身份证号', 'ID number'))
    .option('--name <name>', L('姓名', 'name'))
    .option('--phone <phone>', L('手机号', 'phone'))
    .option('--vehicle <plate>', L('车牌或车次', 'plate or train number'))
    .option('--passengers <n>', L('车上人数（默认1）', 'people in the vehicle (default 1)'))
    .addOption(new Option('--code <colour>', L('健康码颜色', 'health-code colour')).choices([...CODES]))
    .option('--travel-star', L('行程码带星', 'travel code starred'))
    .option('--test-time <datetime>', L('最近一次核酸采样时间', 'time of the latest test'))
    .addOption(new Option('--test-result <result>', L('核酸结果', 'latest test result')).choices([...TEST_RESULTS]))
    .option('--temp <celsius>', L('体温（℃）', 'temperature (°C)'))
    .addOption(new Option('--action <action>', L('处置（默认按规则建议）', 'action taken (default: what the rules suggest)')).choices([...ACTIONS]))
    .option('--origin <place>', L('来源地', 'origin'))
    .option('--time <datetime>', L('查验时间（默认现在；补录纸质表时填写）', 'time of the inspection (default now; for paper forms entered later)'))
    .addHelpText(
      'after',
      `\n${L('异常', 'Anomalies')}: ${L('红码、黄码、体温≥37.3℃、行程码带星、核酸阴性证明超过48小时。红码或发热不得放行。', 'red or yellow code, 37.3 °C or more, starred travel code, negative test older than 48 h. A red code or a fever is not let through.')}
${L('示例', 'Examples')}:
  fangkong inspect log --checkpoint 高速收费站卡点 --id-number 11010519491231002X --code green --temp 36.5 --test-result negative --test-time "2022-11-20 09:00"
  fangkong inspect --checkpoint 高速收费站卡点 --vehicle 粤B12345 --passengers 3 --code green --temp 36.4
`,
    )
    .action(
      action<Options>(deps, async (opts, ctx) => {
        if (!opts.checkpoint) throw new UsageError(ctx.t('缺少 --checkpoint', 'missing --checkpoint'));
        if (!opts.code) throw new UsageError(ctx.t('缺少 --code（green|yellow|red）', 'missing --code (green|yellow|red)'));
        const { logInspection } = await import('../../services/inspection.js');
        const r = logInspection(await ctx.openStore(), opts.checkpoint, {
          id_number: opts.idNumber, name: opts.name, phone: opts.phone, vehicle: opts.vehicle, passengers: opts.passengers, code: opts.code,
          travel_star: Boolean(opts.travelStar), test_time: opts.testTime, test_result: opts.testResult, temperature: opts.temp, action: opts.action,
          origin: opts.origin, time: opts.time,
        }, ctx);
        if (ctx.format === 'json' || (!ctx.format && !ctx.io.stdoutIsTTY)) {
          const { maskRow } = await import('../../io/mask.js');
          ctx.io.stdout.write(JSON.stringify(ctx.reveal ? r : maskRow(r), null, 2) + '\n');
          if (r.anomalies.length) ctx.io.stderr.write((await verdict(r, ctx)).split('\n')[0] + '\n');
        } else ctx.io.stdout.write(await verdict(r, ctx));
      }),
    );
}
