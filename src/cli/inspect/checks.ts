/** fangkong inspect checks — what a checkpoint checks: the dated checks in force on a date, or every period. */
import { Command } from 'commander';
import type { Checks } from '../../domain/checks.js';
import type { Column, View } from '../../io/output.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { dateOption } from '../dates.js';

export interface Options {
  /** Only the checks in force on this date. */
  date?: string;
}

const COLUMNS: Column[] = ['from', 'test_check', 'test_validity_hours', 'local_validity', 'travel_star', 'fever_celsius', 'red', 'yellow', 'green', 'source'].map((key) => ({ key }));
const SCREEN: Column[] = [
  { key: 'from', label: 'valid_from' }, { key: 'hours_text', label: 'test_validity_hours' }, { key: 'star_text', label: 'travel_star' }, { key: 'fever_celsius' },
  { key: 'red_text', label: 'red' }, { key: 'yellow_text', label: 'yellow' }, { key: 'source' },
];

export function parse(_args: string[], flags: Record<string, unknown>): Options {
  return { date: dateOption('--date', flags.date as string | undefined) };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('checks')
    .description(t('卡点查验规则（按时期）：核酸有效时长、行程码星号、发热标准、各色健康码如何处置（--date：当天适用的）', 'what a checkpoint checks, by period: the test-age limit, the travel-code star, the fever threshold, what each code colour means (--date: those in force that day)'))
    .option('--date <date>', t('只列这一天适用的', 'only those in force on this date'))
    .addHelpText('after', examples(cli, 'fangkong inspect checks --date 2022-06-29', 'fangkong config set test-validity-hours 72'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Checks[]> {
  const { listChecks } = await import('../../services/checks.js');
  return listChecks(await ctx.openStore(), opts.date);
}

/** For programs every field, the codes flat; on screen the words: "48", "72（本地设置）", "计入" / "不计". */
export function view(rows: Checks[], ctx: Ctx): View {
  const { t } = ctx;
  const rule = (r: string) => ({ stop: t('不得放行', 'stop'), refer: t('异常，转送', 'refer'), pass: t('放行', 'pass') })[r] ?? r;
  const shown = rows.map((c) => ({
    from: c.from,
    source: c.source,
    test_check: c.test_check,
    test_validity_hours: c.test_validity_hours,
    local_validity: c.local_validity,
    travel_star: c.travel_star,
    fever_celsius: c.fever_celsius,
    red: c.codes.red,
    yellow: c.codes.yellow,
    green: c.codes.green,
    hours_text: !c.test_check ? t('不查验核酸', 'no test checked') : c.local_validity ? t(`${c.test_validity_hours}（本地设置）`, `${c.test_validity_hours} (local)`) : String(c.test_validity_hours),
    star_text: c.travel_star ? t('计入异常', 'an anomaly') : t('不再计入', 'not checked'),
    red_text: rule(c.codes.red),
    yellow_text: rule(c.codes.yellow),
  }));
  return { kind: 'list', rows: shown, columns: COLUMNS, screen: SCREEN };
}
