/** fangkong inspect list — inspections of a day, a checkpoint, or the anomalies only. */
import { Command } from 'commander';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Deps } from '../context.js';
import { dateOption } from '../dates.js';

export function command(deps: Deps): Command {
  const cmd = new Command('list')
    .description(L('列出查验记录（默认今天）', 'list inspections (default today)'))
    .option('--date <date>', L('日期', 'date'))
    .option('--checkpoint <name>', L('只列这个卡点', 'only this checkpoint'))
    .option('--anomalies', L('只列异常', 'anomalies only'))
    .addHelpText('after', `\n${L('示例', 'Example')}:\n  fangkong inspect list --date 2022-11-21 --anomalies\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; checkpoint?: string; anomalies?: boolean; out?: string }>(deps, async (opts, ctx) => {
      const { listInspections } = await import('../../services/inspection.js');
      const { renderList } = await import('../../io/render.js');
      const { maskRow } = await import('../../io/mask.js');
      const { valueLabel } = await import('../../domain/i18n.js');
      const rows = listInspections(await ctx.openStore(), { date: dateOption('--date', opts.date) ?? ctx.today, checkpoint: opts.checkpoint, anomalies: opts.anomalies });
      const format = ctx.listFormat();
      const plain = format === 'json' || format === 'csv';
      const shown = (ctx.reveal ? rows : rows.map(maskRow)).map((r) =>
        plain
          ? { ...r, anomalies: r.anomalies ? r.anomalies.split(',') : [], travel_star: Boolean(r.travel_star) }
          : { ...r, time: r.inspected_at.slice(11), anomalies: r.anomalies.split(',').filter(Boolean).map((a) => valueLabel('anomaly', a, ctx.lang)).join(ctx.t('、', ', ')) },
      );
      const columns = plain
        ? ['id', 'checkpoint', 'inspected_at', 'id_number', 'name', 'phone', 'vehicle', 'passengers', 'code', 'travel_star', 'test_time', 'test_result', 'temperature', 'action', 'origin', 'anomalies', 'arrival_id'].map((key) => ({ key }))
        : [{ key: 'time' }, { key: 'checkpoint' }, { key: 'name' }, { key: 'id_number' }, { key: 'vehicle' }, { key: 'passengers' }, { key: 'code', enumField: 'code' }, { key: 'temperature' }, { key: 'anomalies' }, { key: 'action', enumField: 'action' }];
      const out = format === 'csv' ? shown.map((r) => ({ ...r, anomalies: (r.anomalies as string[]).join(',') })) : shown;
      await emit(ctx, await renderList(out, columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
    }),
  );
}
