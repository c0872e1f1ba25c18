/**
 * Corrections (issue 14): an arrival registered in error is deleted by marking it — `deleted_at`
 * (UTC, to the second) and `deleted_reason` — so that `arrival restore` can undo it and the audit
 * keeps why. A deleted arrival leaves every list, count and report, with its measures and tests.
 * Registration in advance: `expected` is 1 until the person arrives (arrival confirm).
 * An inspection typed against the wrong person is voided the same way (`voided_at`, `void_reason`).
 * The daily report's indexes of both tables are made again with the new column, so that they
 * still cover its queries.
 */
export const name = 'corrections';

export const sql = `
  ALTER TABLE arrivals ADD COLUMN deleted_at TEXT;
  ALTER TABLE arrivals ADD COLUMN deleted_reason TEXT;
  ALTER TABLE arrivals ADD COLUMN expected INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE inspections ADD COLUMN voided_at TEXT;
  ALTER TABLE inspections ADD COLUMN void_reason TEXT;
  DROP INDEX arrivals_by_date;
  CREATE INDEX arrivals_by_date ON arrivals (arrival_date, transport, township, origin, deleted_at, expected);
  DROP INDEX arrivals_by_created;
  CREATE INDEX arrivals_by_created ON arrivals (created_at, arrival_date, deleted_at, expected);
  DROP INDEX inspections_by_date;
  CREATE INDEX inspections_by_date ON inspections (inspected_date, checkpoint_id, passengers, vehicle, anomalies, voided_at);
`;
