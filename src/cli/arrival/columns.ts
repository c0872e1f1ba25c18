import type { Column } from '../../io/render.js';

/** Every field of an arrival, in JSON / CSV order. */
export const ARRIVAL_COLUMNS: Column[] = [
  { key: 'id' },
  { key: 'name' },
  { key: 'id_number' },
  { key: 'phone' },
  { key: 'origin' },
  { key: 'arrival_date' },
  { key: 'arrival_time' },
  { key: 'transport', enumField: 'transport' },
  { key: 'vehicle' },
  { key: 'destination' },
  { key: 'township' },
  { key: 'contact_type', enumField: 'contact_type' },
  { key: 'exposure_date' },
  { key: 'note' },
];

/** The columns a table on screen shows; JSON and CSV always carry them all. */
export const ARRIVAL_TABLE_COLUMNS: Column[] = ARRIVAL_COLUMNS.filter((c) =>
  ['id', 'name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'township', 'contact_type'].includes(c.key),
);
