/** fangkong policy list — the policies: shipped presets and local ones. */
import { Command } from 'commander';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Deps } from '../context.js';
import { phasesText } from './render.js';

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('列出全部管控措施（内置预设和本地添加的）', 'list the policies (shipped presets and local ones)'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong policy list\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ out?: string }>(deps, async (opts, ctx) => {
      const { allPolicies } = await import('../../services/policy.js');
      const { renderList } = await import('../../io/render.js');
      const policies = allPolicies(await ctx.openStore());
      const format = ctx.listFormat();
      const rows =
        format === 'json'
          ? policies
          : policies.map((p) => ({ id: p.id, name: p.name[ctx.lang], phases: phasesText(p, ctx.lang), in_force_from: p.in_force_from, local: p.local ? ctx.t('是', 'yes') : '' }));
      const columns = format === 'json' ? [{ key: 'id' }, { key: 'name' }, { key: 'who' }, { key: 'phases' }, { key: 'tests' }, { key: 'source' }, { key: 'in_force_from' }, { key: 'local' }] : [{ key: 'id' }, { key: 'name', label: 'policy_name' }, { key: 'phases' }, { key: 'in_force_from' }, { key: 'local' }];
      await emit(ctx, await renderList(rows, columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
    }),
  );
}
