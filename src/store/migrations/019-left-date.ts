/**
 * Where the days count from (issue 24, point 4): arrivals gains `left_date` (离开风险区日期), the
 * day a person who stayed in a risk area left it, on or before the arrival date. A policy anchored
 * on `left_area` counts from it when it is known, else from the arrival date (DOMAIN.md "Day
 * counting").
 */
export const name = 'left-date';

export const sql = `
ALTER TABLE arrivals ADD COLUMN left_date TEXT CHECK (left_date IS NULL OR left_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
`;

export const pg = `
ALTER TABLE arrivals ADD COLUMN left_date text COLLATE "C" CHECK (left_date IS NULL OR left_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$');
`;
