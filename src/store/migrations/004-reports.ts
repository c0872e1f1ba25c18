/** Settings (the unit's name for reports) and the indexes the daily report needs. */
export const name = 'reports';
export const sql = `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);
CREATE INDEX measures_by_release ON measures (release_date);
CREATE INDEX measures_by_released_on ON measures (released_on);
CREATE INDEX measure_phases_by_start ON measure_phases (start_date, kind);
CREATE INDEX measure_phases_by_end ON measure_phases (end_date);
CREATE INDEX test_results_by_date_result ON test_results (test_date, result);
`;
