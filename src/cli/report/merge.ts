/** fangkong report merge — several counties' JSON daily reports added into one (the city's). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { MergedReport } from '../../domain/report.js';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { mergedDocument } from './render.js';

export interface Options {
  /** The units' JSON reports. */
  files: string[];
  /** The merged unit's name; default "total" in the user's language. */
  unit?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('merge')
    .description(t('汇总多个县区同一天的 JSON 日报，保留每个单位一列；日期或格式版本不一致则拒绝', "add several units' JSON daily reports of one date into one, with a column per unit; mismatched dates or schema versions are refused"))
    .argument('<files...>', t('各单位的 JSON 日报', "the units' JSON reports"))
    .option('--unit <name>', t('汇总后的单位名称（默认：合计）', 'name of the merged unit (default: total)'))
    .addHelpText('after', examples(cli, 'fangkong report merge 城关县.json 河口县.json --unit 某某市 --format markdown'));
  return addOutputOptions(cmd, cli).action(verb(cli, { parse, run, view }));
}

/** commander gives a variadic argument as one array. */
export function parse(args: unknown[], flags: Record<string, unknown>): Options {
  return { files: (args[0] as string[] | undefined) ?? [], unit: flags.unit as string | undefined };
}

export async function run(opts: Options, ctx: Ctx): Promise<MergedReport> {
  if (opts.files.length < 2) throw new UsageError(ctx.t('至少给出两个日报文件', 'give at least two report files'));
  const { mergeFiles } = await import('../../services/reporting.js');
  return mergeFiles(opts.files, opts.unit ?? ctx.t('合计', 'total'));
}

export function view(m: MergedReport, ctx: Ctx): View {
  return { kind: 'document', data: m, ...mergedDocument(m, ctx.t) };
}
