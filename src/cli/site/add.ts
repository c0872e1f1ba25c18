/** fangkong site add — a quarantine site (隔离点) with its capacity. */
import { Command } from 'commander';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

export function command(deps: Deps): Command {
  return new Command('add')
    .description(L('添加隔离点（容量为房间数或人数）', 'add a quarantine site with its capacity'))
    .argument('<name>', L('隔离点名称', 'site name'))
    .requiredOption('--capacity <n>', L('容量（人）', 'capacity (people)'))
    .option('--address <address>', L('地址', 'address'))
    .option('--head <name>', L('点长', 'site head'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong site add 县委党校隔离点 --capacity 120 --address 城关镇学府路1号 --head 王明\n`)
    .action(
      action<{ capacity: string; address?: string; head?: string }>(deps, async (opts, ctx, [name]) => {
        const { addSite } = await import('../../services/sites.js');
        const s = addSite(await ctx.openStore(), { name, capacity: opts.capacity, address: opts.address, head: opts.head }, ctx);
        if (ctx.format === 'json') ctx.io.stdout.write(JSON.stringify({ name: s.name, capacity: s.capacity, address: s.address, head: s.head }, null, 2) + '\n');
        else ctx.io.stdout.write(ctx.t(`已添加隔离点 ${s.name}（容量 ${s.capacity}）\n`, `added site ${s.name} (capacity ${s.capacity})\n`));
      }),
    );
}
