/** fangkong inspect unregistered — people inspected whose ID number has no arrival (不漏一人). */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { maskRow } from '../../io/mask.js';
import { action, addOutputOptions, emit, L } from '../command.js';
import type { Ctx, Deps } from '../context.js';
import { dateOption } from '../dates.js';

/** How a checkpoint kind suggests the transport of an arrival. */
const TRANSPORT_OF: Record<string, string> = { road: 'car', rail: 'train', bus: 'bus', airport: 'plane', port: 'ship', other: 'other' };

export function command(deps: Deps): Command {
  const cmd = new Command('unregistered')
    .description(L('不漏一人：列出查验过但没有报备的人；--register 在终端中逐个补登记，--format csv --out 导出为报备导入表', 'no one missed: people inspected with no arrival registered; --register registers them one by one on a terminal, --format csv --out gives a sheet for arrival import'))
    .option('--date <date>', L('只看这一天的查验', 'inspections of this date only'))
    .option('--register', L('逐个补登记（需要终端）', 'register each one (needs a terminal)'))
    .addHelpText('after', `\n${L('示例', 'Examples')}:\n  fangkong inspect unregistered --date 2022-11-21\n  fangkong inspect unregistered --format csv --reveal --out 待登记.csv\n`);
  addOutputOptions(cmd);
  return cmd.action(
    action<{ date?: string; register?: boolean; out?: string }>(deps, async (opts, ctx) => {
      const { unregistered } = await import('../../services/inspection.js');
      const store = await ctx.openStore();
      const rows = unregistered(store, dateOption('--date', opts.date) ?? null);
      // one line per person: their first inspection
      const seen = new Set<string>();
      const people = rows.filter((r) => !seen.has(r.id_number!) && seen.add(r.id_number!));
      if (opts.register) return register(people, ctx);
      const { renderList } = await import('../../io/render.js');
      const { maskRow } = await import('../../io/mask.js');
      const format = ctx.listFormat();
      const sheet = people.map((r) => ({
        name: r.name ?? '', id_number: r.id_number, phone: r.phone ?? '', origin: r.origin ?? '', arrival_date: r.inspected_date,
        transport: TRANSPORT_OF[r.checkpoint_kind], destination: '', vehicle: r.vehicle ?? '', checkpoint: r.checkpoint, inspected_at: r.inspected_at,
      }));
      const shown = ctx.reveal ? sheet : sheet.map(maskRow);
      const columns = ['name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'vehicle', 'checkpoint', 'inspected_at'].map((key) => ({ key, enumField: key === 'transport' ? 'transport' : undefined }));
      await emit(ctx, await renderList(shown, columns, { format, lang: ctx.lang, color: ctx.color }), opts.out);
      if (format === 'table') ctx.io.stderr.write(ctx.t(`未报备 ${people.length} 人\n`, `${people.length} person(s) not registered\n`));
    }),
  );
}

async function register(people: Array<{ id_number: string | null; name: string | null; phone: string | null; origin: string | null; inspected_date: string; vehicle: string | null; checkpoint_kind: string }>, ctx: Ctx): Promise<void> {
  if (!ctx.canPrompt) throw new UsageError(ctx.t('--register 需要终端；脚本中请导出后用 arrival import', '--register needs a terminal; in a script export them and use arrival import'));
  const add = await import('../arrival/add.js');
  let done = 0;
  for (const p of people) {
    ctx.io.stdout.write(ctx.t(`\n补登记：${p.name ?? ''} ${p.id_number}\n`, `\nregistering: ${p.name ?? ''} ${p.id_number}\n`));
    const row = await add.run(
      { idNumber: p.id_number ?? undefined, name: p.name ?? undefined, phone: p.phone ?? undefined, origin: p.origin ?? undefined, arrivalDate: p.inspected_date, transport: TRANSPORT_OF[p.checkpoint_kind], vehicle: p.vehicle ?? undefined },
      ctx,
    );
    await ctx.print(add.view(ctx.reveal ? row : maskRow(row), ctx));
    done++;
  }
  ctx.io.stdout.write(ctx.t(`已补登记 ${done} 人\n`, `registered ${done}\n`));
}
