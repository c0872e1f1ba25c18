import type { AreaRow } from '../../store/areas.js';
import { emit } from '../command.js';
import type { Ctx } from '../context.js';

const COLUMNS = [{ key: 'region' }, { key: 'level', enumField: 'level' }, { key: 'valid_from' }, { key: 'valid_to' }];

export async function renderAreas(rows: AreaRow[], ctx: Ctx, out?: string): Promise<void> {
  const { renderList } = await import('../../io/render.js');
  const format = ctx.listFormat();
  await emit(ctx, await renderList(rows, COLUMNS, { format, lang: ctx.lang, color: ctx.color }), out);
}
