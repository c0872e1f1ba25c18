/** fangkong quarantine list — the ledger (台账): who is in which phase on a date. */
import { Command, Option } from 'commander';
import { PHASE_KINDS, type PhaseKind } from '../../domain/policy.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('台账：某日（默认今天）处于各隔离阶段的人员', 'the ledger: who is in which phase on a date (default today)'))
    .option('--date <date>', L('日期', 'date'))
    .addOption(new Option('--phase <kind>', L('只列这一阶段', 'only this phase')).choices([...PHASE_KINDS]))
    .option('--site <name>', L('只列这个隔离点', 'only this site'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong quarantine list --date 2022-11-21 --phase centralized\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; phase?: PhaseKind; site?: string; out?: string }>(deps, async (opts, ctx) => {
      const { quarantineList } = await import('../../services/quarantine/ledger.js');
      const { renderList } = await import('../../io/render.js');
      const { maskRow } = await import('../../io/mask.js');
      const date = dateOption('--date', opts.date) ?? ctx.today;
      const rows = quarantineList(await ctx.openStore(), date, opts.phase ?? null, opts.site ?? null);
      const format = ctx.listFormat();
      const shown = (ctx.reveal ? rows : rows.map(maskRow)).map((r) => (format === 'json' || format === 'csv' ? r : { ...r, flag: r.flag === 'positive' ? ctx.t('⚠ 阳性待研判', '⚠ POSITIVE') : '', phase_day: `${r.phase_day}/${r.phase_days}`, site: r.site ?? ctx.t(r.place === 'home' ? '居家' : '待安排', r.place === 'home' ? 'home' : 'not placed') }));
      const columns =
        format === 'json' || format === 'csv'
          ? ['measure_id', 'arrival_id', 'name', 'id_number', 'phone', 'policy', 'phase', 'phase_day', 'phase_days', 'phase_start', 'phase_end', 'site', 'place', 'address', 'township', 'release_date', 'flag'].map((key) => ({ key }))
          : [
              { key: 'arrival_id' }, { key: 'name' }, { key: 'id_number' }, { key: 'phase', enumField: 'phase' }, { key: 'phase_day' }, { key: 'site' }, { key: 'policy' }, { key: 'release_date' },
              ...(rows.some((r) => r.flag) ? [{ key: 'flag' }] : []),
            ];
      await emit(ctx, await renderList(shown, columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
      if (format === 'table') ctx.io.stderr.write(ctx.t(`${date}：共 ${rows.length} 人\n`, `${date}: ${rows.length} person(s)\n`));
    }),
  );
}
