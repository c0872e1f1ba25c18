/** fangkong config set — set one of the unit's settings, or (--global) a default in the user's config file. */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { View } from '../../io/output.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { addGlobalOption, globalFile } from './global.js';

export interface Options {
  key: string;
  value: string;
  global?: boolean;
}

export interface SetResult {
  key: string;
  value: string;
  /** The config file written, with --global; absent for the database's settings. */
  file?: string;
}

/** The settings of a database there are. */
export const KEYS = ['unit', 'timezone', 'test-validity-hours', 'advance-days'];

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('set')
    .description(
      t(
        '设置一项：unit（单位名称）、timezone（本单位时区，默认 Asia/Shanghai）、test-validity-hours（卡点核酸有效时长，小时，默认按时期为48）或 advance-days（最多可提前几天报备，默认14）；加 --global 则写入用户配置文件：database、lang、unit、timezone、format',
        "set one: unit (the unit name on reports), timezone (the office's time zone, default Asia/Shanghai), test-validity-hours (how old a test may be at a checkpoint, in hours; default 48, by period) or advance-days (how many days ahead one may register in advance; default 14); with --global, a default in the user's config file: database, lang, unit, timezone, format",
      ),
    )
    .argument('<key>', 'unit | timezone | test-validity-hours | advance-days; --global: database | lang | unit | timezone | format')
    .argument('<value>', t('值', 'value'))
    .addHelpText(
      'after',
      examples(cli, 'fangkong config set unit 城关县', 'fangkong config set timezone Asia/Urumqi', 'fangkong config set test-validity-hours 72', 'fangkong config set advance-days 7', 'fangkong config set --global database /srv/fangkong/county.db', 'fangkong config set --global lang zh'),
    );
  return addGlobalOption(cmd, cli).action(verb(cli, { parse: ([key, value], flags) => ({ key, value, global: flags.global as boolean | undefined }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<SetResult> {
  if (opts.global) {
    const { badValue, readConfig, writeConfig } = await import('../../io/config.js');
    const bad = badValue(opts.key, opts.value, ctx.t);
    if (bad) throw new UsageError(bad);
    const file = await globalFile(ctx);
    // read again, not the copy main() read: another fangkong may have written it since
    const config = readConfig(file, ctx.t);
    const value = opts.value.trim();
    writeConfig(file, { ...config, [opts.key]: value });
    return { key: opts.key, value, file };
  }
  if (!KEYS.includes(opts.key)) throw new UsageError(ctx.t(`未知设置“${opts.key}”，可设置：${KEYS.join(', ')}（--global：database、lang、unit、timezone、format）`, `unknown setting "${opts.key}": one of ${KEYS.join(', ')} (--global: database, lang, unit, timezone, format)`));
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

export function view(r: SetResult, ctx: Ctx): View {
  const data = r;
  const text = r.file ? ctx.t(`已设置 ${r.key} = ${r.value}（${r.file}）`, `set ${r.key} = ${r.value} (${r.file})`) : ctx.t(`已设置 ${r.key} = ${r.value}`, `set ${r.key} = ${r.value}`);
  return { kind: 'done', data, text };
}
