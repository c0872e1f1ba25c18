/**
 * Where the days count from (issue 24):
 * - arrivals gains `entry_date` (入境日期): the day an inbound traveller entered the country at
 *   the port; the days spent in quarantine there count, and the county does only what remains;
 * - policy_rules gains `since_arrival` ('<14', '>=14', …): a local rule that applies only to a
 *   person who arrived fewer (or more) days before being brought under management (seed 001's
 *   two presets, "抵X不足14天" / "抵X超过14天"); NULL: every arrival.
 */
export const name = 'entry-date';

export const sql = `
ALTER TABLE arrivals ADD COLUMN entry_date TEXT CHECK (entry_date IS NULL OR entry_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE policy_rules ADD COLUMN since_arrival TEXT;
`;

export const pg = `
ALTER TABLE arrivals ADD COLUMN entry_date text COLLATE "C" CHECK (entry_date IS NULL OR entry_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
ALTER TABLE policy_rules ADD COLUMN since_arrival text COLLATE "C";
`;
