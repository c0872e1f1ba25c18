/** fangkong checkpoint add — a road checkpoint, station, airport or port. */
import { Command } from 'commander';
import { CHECKPOINT_KINDS } from '../../domain/inspection.js';
import type { View } from '../../io/output.js';
import type { CheckpointRow } from '../../store/inspections.js';
import { choiceOption, examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  name: string;
  kind: string;
  location?: string;
}

export function parse([name]: string[], flags: Record<string, unknown>): Options {
  return { name, kind: flags.kind as string, location: flags.location as string | undefined };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('add')
    .description(t('添加卡点（公路卡点、火车站、汽车站、机场、港口）', 'add a checkpoint (road, rail, bus, airport, port)'))
    .argument('<name>', t('卡点名称', 'checkpoint name'))
    .addOption(choiceOption(cli, '--kind <kind>', t('类型', 'kind'), 'kind', CHECKPOINT_KINDS).makeOptionMandatory())
    .option('--location <text>', t('位置', 'location'))
    .addHelpText('after', examples(cli, 'fangkong checkpoint add 高速收费站卡点 --kind road --location G72城关出口'))
    .action(verb(cli, { parse, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<CheckpointRow> {
  const { addCheckpoint } = await import('../../services/inspection.js');
  return addCheckpoint(await ctx.openStore(), opts, ctx);
}

export function view(c: CheckpointRow, ctx: Ctx): View {
  return { kind: 'done', data: { name: c.name, kind: c.kind, location: c.location }, text: ctx.t(`已添加卡点 ${c.name}`, `added checkpoint ${c.name}`) };
}
