/** fangkong policy rules — the rule table (category × period → policy), and `set` to add a local row. */
import { Command, Option } from 'commander';
import { CATEGORIES, type Rule } from '../../domain/policy.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { dateOption } from '../dates.js';

const COLUMNS = [{ key: 'from', label: 'valid_from' }, { key: 'category', enumField: 'category' }, { key: 'policy' }, { key: 'source' }];

async function render(rules: Rule[], ctx: Ctx, out?: string): Promise<void> {
  const { renderList } = await import('../../io/render.js');
  const format = ctx.listFormat();
  const rows = format === 'json' ? rules : rules.map((r) => ({ ...r, policy: r.policy ?? ctx.t('（无措施）', '(none)'), source: r.local ? `${ctx.t('本地：', 'local: ')}${r.source}` : r.source }));
  await emit(ctx, await renderList(rows, format === 'json' ? [...COLUMNS, { key: 'local' }] : COLUMNS, { format, lang: ctx.lang, color: ctx.color }), out);
}

export function command(deps: Deps): Command {
  const rules = new Command('rules')
    .description(L('规则表：按人员类别和时期选择措施（--date：当天适用的规则）', 'the rule table: category × period → policy (--date: the rules in force that day)'))
    .option('--date <date>', L('只列这一天适用的规则', 'only the rules in force on this date'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong policy rules --date 2022-11-20\n`);
  addOutputOptions(rules);
  rules.action(
    action<{ date?: string; out?: string }>(deps, async (opts, ctx) => {
      const { ruleTable, rulesOn } = await import('../../services/policy.js');
      const store = await ctx.openStore();
      const date = dateOption('--date', opts.date);
      await render(date ? rulesOn(store, date) : ruleTable(store), ctx, opts.out);
    }),
  );
  rules.addCommand(
    new Command('set')
      .description(L('添加一条本地规则：从某日起，某类人员适用某措施（none 为不采取措施）', 'add a local rule: from a date, a category gets a policy (none: no measure)'))
      .addOption(new Option('--category <category>', L('人员类别', 'category')).choices([...CATEGORIES]).makeOptionMandatory())
      .requiredOption('--policy <id>', L('措施编号，或 none', 'policy id, or none'))
      .requiredOption('--from <date>', L('起始日期', 'in force from'))
      .option('--note <text>', L('依据（文件名、通知）', 'source (a notice, a document)'))
      .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong policy rules set --category close --policy county-close-5+5 --from 2022-11-20 --note "县指挥部通知"\n`)
      .action(
        action<{ category: string; policy: string; from: string; note?: string }>(deps, async (opts, ctx) => {
          const { setRule } = await import('../../services/policy.js');
          const r = setRule(await ctx.openStore(), opts, ctx);
          ctx.io.stderr.write(ctx.t(`已添加规则：${r.from} 起 ${r.category} → ${r.policy ?? 'none'}\n`, `rule added: from ${r.from} ${r.category} → ${r.policy ?? 'none'}\n`));
          await render([r], ctx);
        }),
      ),
  );
  return rules;
}
