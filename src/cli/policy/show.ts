/** fangkong policy show — one policy: phases, days, test days, source, in force from. */
import { Command } from 'commander';
import type { Policy } from '../../domain/policy.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';

export function command(deps: Deps): Command {
  const cmd = new Command('show')
    .description(L('查看一种管控措施：各阶段、天数、检测日、依据、施行日期', 'show a policy: phases, days, test days, source, in force from'))
    .argument('<id>', L('措施编号，如 close-contact-5+3', 'policy id, e.g. close-contact-5+3'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong policy show close-contact-5+3\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ out?: string }>(deps, async (opts, ctx, [id]) => {
      const { getPolicy } = await import('../../services/policy.js');
      await render(getPolicy(await ctx.openStore(), id), ctx, opts.out);
    }),
  );
}

export async function render(p: Policy, ctx: Ctx, out?: string): Promise<void> {
  const format = ctx.listFormat();
  if (format === 'json') return emit(ctx, JSON.stringify(p, null, 2) + '\n', out);
  const { renderList, renderRecord } = await import('../../io/render.js');
  const o = { format, lang: ctx.lang, color: ctx.color };
  const head = await renderRecord(
    { id: p.id, policy_name: p.name[ctx.lang], who: p.who?.[ctx.lang] ?? '', source: p.source, in_force_from: p.in_force_from, local: p.local ? ctx.t('是', 'yes') : '' },
    [{ key: 'id' }, { key: 'policy_name' }, { key: 'who' }, { key: 'source' }, { key: 'in_force_from' }, { key: 'local' }],
    o,
  );
  const rows = p.phases.length
    ? p.phases.map((ph, i) => ({ seq: i + 1, phase: ph.kind, days: ph.days, tests: ph.tests.join(', ') }))
    : [{ seq: '', phase: '', days: '', tests: (p.tests ?? []).join(', ') }];
  const table = await renderList(rows, [{ key: 'phase', enumField: 'phase' }, { key: 'days' }, { key: 'tests' }], o);
  await emit(ctx, head + '\n' + table, out);
}
