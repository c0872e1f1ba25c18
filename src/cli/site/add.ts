/** fangkong site add — a quarantine site (隔离点) with its capacity. */
import { Command } from 'commander';
import type { View } from '../../io/output.js';
import type { SiteRow } from '../../store/sites.js';
import { examples, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  name: string;
  /** As typed: the service checks it is a whole number. */
  capacity: string;
  address?: string;
  head?: string;
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('add')
    .description(t('添加隔离点（容量为房间数或人数）', 'add a quarantine site with its capacity'))
    .argument('<name>', t('隔离点名称', 'site name'))
    .requiredOption('--capacity <n>', t('容量（人）', 'capacity (people)'))
    .option('--address <address>', t('地址', 'address'))
    .option('--head <name>', t('点长', 'site head'))
    .addHelpText('after', examples(cli, 'fangkong site add 县委党校隔离点 --capacity 120 --address 城关镇学府路1号 --head 王明'))
    .action(verb(cli, { parse: ([name], flags) => ({ ...(flags as Omit<Options, 'name'>), name }), run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<SiteRow> {
  const { addSite } = await import('../../services/sites.js');
  const { name, capacity, address, head } = opts;
  return addSite(await ctx.openStore(), { name, capacity, address, head }, ctx);
}

export function view(s: SiteRow, { t }: Ctx): View {
  return {
    kind: 'done',
    data: { name: s.name, capacity: s.capacity, address: s.address, head: s.head },
    text: t(`已添加隔离点 ${s.name}（容量 ${s.capacity}）`, `added site ${s.name} (capacity ${s.capacity})`),
  };
}
