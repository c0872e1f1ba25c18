/** fangkong config — the unit's settings (its name, for reports). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';

const KEYS = ['unit'];

export function command(deps: Deps): Command {
  const config = new Command('config').description(L('本单位设置（如报告中的单位名称）', "this unit's settings (such as its name on reports)"));
  config.addCommand(
    new Command('set')
      .description(L('设置一项：unit（单位名称）', 'set one: unit (the unit name on reports)'))
      .argument('<key>', 'unit')
      .argument('<value>', L('值', 'value'))
      .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong config set unit 城关县\n`)
      .action(
        action<object>(deps, async (_o, ctx, [key, value]) => {
          if (!KEYS.includes(key)) throw new UsageError(ctx.t(`未知设置“${key}”，可设置：${KEYS.join(', ')}`, `unknown setting "${key}": one of ${KEYS.join(', ')}`));
          const { setUnit } = await import('../../services/reporting.js');
          setUnit(await ctx.openStore(), value, ctx);
          ctx.io.stdout.write(ctx.t(`已设置 ${key} = ${value}\n`, `set ${key} = ${value}\n`));
        }),
      ),
  );
  config.addCommand(
    new Command('list')
      .description(L('列出全部设置', 'list the settings'))
      .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong config list\n`)
      .action(
        action<object>(deps, async (_o, ctx) => {
          const { listSettings } = await import('../../services/reporting.js');
          const rows = listSettings(await ctx.openStore());
          if (ctx.listFormat() === 'json') ctx.io.stdout.write(JSON.stringify(Object.fromEntries(rows.map((r) => [r.key, r.value])), null, 2) + '\n');
          else ctx.io.stdout.write(rows.map((r) => `${r.key} = ${r.value}`).join('\n') + (rows.length ? '\n' : ctx.t('（尚无设置）\n', '(no settings)\n')));
        }),
      ),
  );
  return config;
}
