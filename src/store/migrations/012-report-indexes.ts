/**
 * The daily report's two remaining costs (issue 17) read covering indexes:
 * - tests due/done: the tests of the day by date, with the measure each belongs to (was: the
 *   date, then the table row for measure_id, for each of the day's tests);
 * - the people under a measure: the phases around the date with their kind, end and measure
 *   (was: the start and kind, then the table row for end_date and measure_id, for each phase).
 * Both are written only when a measure is assigned or changed, a few rows per person: the wider
 * entries cost the import nothing (arrivals and inspections are untouched).
 */
export const name = 'report-indexes';

export const sql = `
  DROP INDEX measure_tests_by_date;
  CREATE INDEX measure_tests_by_date ON measure_tests (test_date, measure_id);
  DROP INDEX measure_phases_by_start;
  CREATE INDEX measure_phases_by_start ON measure_phases (start_date, kind, end_date, measure_id);
`;
