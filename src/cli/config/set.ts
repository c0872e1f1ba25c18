/** fangkong config set — set one of the unit's settings. */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  key: string;
  value: string;
}

/** The settings there are. */
export const KEYS = ['unit', 'timezone', 'test-validity-hours', 'advance-days'];

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('set')
    .description(
      t(
        '设置一项：unit（单位名称）、timezone（本单位时区，默认 Asia/Shanghai）、test-validity-hours（卡点核酸有效时长，小时，默认按时期为48）或 advance-days（最多可提前几天报备，默认14）',
        "set one: unit (the unit name on reports), timezone (the office's time zone, default Asia/Shanghai), test-validity-hours (how old a test may be at a checkpoint, in hours; default 48, by period) or advance-days (how many days ahead one may register in advance; default 14)",
      ),
    )
    .argument('<key>', 'unit | timezone | test-validity-hours | advance-days')
    .argument('<value>', t('值', 'value'))
    .addHelpText('after', examples(cli, 'fangkong config set unit 城关县', 'fangkong config set timezone Asia/Urumqi', 'fangkong config set test-validity-hours 72', 'fangkong config set advance-days 7'))
    .action(verb(cli, { parse: ([key, value]) => ({ key, value }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Options> {
  if (!KEYS.includes(opts.key)) throw new UsageError(ctx.t(`未知设置“${opts.key}”，可设置：${KEYS.join(', ')}`, `unknown setting "${opts.key}": one of ${KEYS.join(', ')}`));
  if (opts.key === 'test-validity-hours') {
    const { setTestValidity } = await import('../../services/checks.js');
    return { key: opts.key, value: setTestValidity(await ctx.openStore(), opts.value, ctx) };
  }
  if (opts.key === 'advance-days') {
    const { setAdvanceDays } = await import('../../services/arrival-rules.js');
    return { key: opts.key, value: setAdvanceDays(await ctx.openStore(), opts.value, ctx) };
  }
  const { setTimezone, setUnit } = await import('../../services/reporting.js');
  const set = opts.key === 'timezone' ? setTimezone : setUnit;
  return { key: opts.key, value: set(await ctx.openStore(), opts.value, ctx) };
}

export function view(r: Options, ctx: Ctx): View {
  return { kind: 'done', data: r, text: ctx.t(`已设置 ${r.key} = ${r.value}`, `set ${r.key} = ${r.value}`) };
}
