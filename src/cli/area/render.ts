/** View builders of the area noun; pure functions. */
import type { Column, View } from '../../io/output.js';
import type { AreaRow } from '../../store/areas.js';

const COLUMNS: Column[] = [{ key: 'region' }, { key: 'level', enumField: 'level' }, { key: 'valid_from' }, { key: 'valid_to' }];

/** Risk areas as a list, the same columns everywhere. */
export function areasView(rows: AreaRow[]): View {
  return { kind: 'list', rows, columns: COLUMNS };
}
