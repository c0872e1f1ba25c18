/** fangkong checkpoint add — a road checkpoint, station, airport or port. */
import { Command, Option } from 'commander';
import { CHECKPOINT_KINDS } from '../../domain/inspection.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('add')
    .description(L('添加卡点（公路卡点、火车站、汽车站、机场、港口）', 'add a checkpoint (road, rail, bus, airport, port)'))
    .argument('<name>', L('卡点名称', 'checkpoint name'))
    .addOption(new Option('--kind <kind>', L('类型', 'kind')).choices([...CHECKPOINT_KINDS]).makeOptionMandatory())
    .option('--location <text>', L('位置', 'location'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong checkpoint add 高速收费站卡点 --kind road --location G72城关出口\n`)
    .action(
      action<{ kind: string; location?: string }>(deps, async (opts, ctx, [name]) => {
        const { addCheckpoint } = await import('../../services/inspection.js');
        const c = addCheckpoint(await ctx.openStore(), { name, kind: opts.kind, location: opts.location }, ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify({ name: c.name, kind: c.kind, location: c.location }) + '\n');
        else ctx.io.stdout.write(ctx.t(`已添加卡点 ${c.name}\n`, `added checkpoint ${c.name}\n`));
      }),
    );
}
