/**
 * What the checkpoint verdict and the test and measure lifecycle need (issue 11):
 * - inspections: two more actions, `transfer` (a positive, to the designated hospital) and
 *   `return` (back to the quarantine site or home), and the reason an officer gave for acting
 *   otherwise than the rules suggest. SQLite cannot change a CHECK, so the table is rebuilt with
 *   every row and index as it was;
 * - test_results: the official's decision on a positive (confirmed, false positive after a retest,
 *   transferred to hospital), its note, date and who decided;
 * - measures: the decision on the positive that flagged it, and how a measure ended when not by
 *   its own dates (by a rule that abolished it, or cancelled as assigned in error);
 * - measures that start before the person arrived (a contact counted from the last exposure) are
 *   in force only from the arrival date: the days before it are never due, missing or overdue.
 */
export const name = 'verdicts';
export const sql = `
CREATE TABLE inspections_rebuilt (
  id              INTEGER PRIMARY KEY,
  checkpoint_id   INTEGER NOT NULL REFERENCES checkpoints (id),
  inspected_at    TEXT NOT NULL,
  inspected_date  TEXT NOT NULL,
  id_number       TEXT,
  name            TEXT,
  phone           TEXT,
  vehicle         TEXT,
  passengers      INTEGER NOT NULL DEFAULT 1 CHECK (passengers >= 1),
  code            TEXT NOT NULL CHECK (code = 'green' OR code = 'yellow' OR code = 'red'),
  travel_star     INTEGER NOT NULL DEFAULT 0 CHECK (travel_star = 0 OR travel_star = 1),
  test_time       TEXT,
  test_result     TEXT CHECK (test_result = 'negative' OR test_result = 'positive' OR test_result = 'none'),
  temperature     REAL,
  action          TEXT NOT NULL CHECK (action = 'pass' OR action = 'refer' OR action = 'quarantine' OR action = 'turn_back' OR action = 'transfer' OR action = 'return'),
  origin          TEXT,
  anomalies       TEXT NOT NULL DEFAULT '',
  arrival_id      INTEGER REFERENCES arrivals (id),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  override_reason TEXT,
  CHECK (id_number IS NOT NULL OR vehicle IS NOT NULL)
);
INSERT INTO inspections_rebuilt (id, checkpoint_id, inspected_at, inspected_date, id_number, name, phone, vehicle, passengers, code, travel_star, test_time, test_result, temperature, action, origin, anomalies, arrival_id, created_at, created_by)
  SELECT id, checkpoint_id, inspected_at, inspected_date, id_number, name, phone, vehicle, passengers, code, travel_star, test_time, test_result, temperature, action, origin, anomalies, arrival_id, created_at, created_by FROM inspections ORDER BY id;
DROP TABLE inspections;
ALTER TABLE inspections_rebuilt RENAME TO inspections;
CREATE UNIQUE INDEX inspections_natural_key ON inspections (checkpoint_id, inspected_at, coalesce(id_number, ''), coalesce(vehicle, ''));
CREATE INDEX inspections_by_date ON inspections (inspected_date, checkpoint_id, passengers, vehicle, anomalies);
CREATE INDEX inspections_by_id_number ON inspections (id_number);

ALTER TABLE test_results ADD COLUMN decision TEXT CHECK (decision = 'confirmed' OR decision = 'false_positive' OR decision = 'transferred');
ALTER TABLE test_results ADD COLUMN decision_note TEXT;
ALTER TABLE test_results ADD COLUMN decided_on TEXT;
ALTER TABLE test_results ADD COLUMN decided_by TEXT;

ALTER TABLE measures ADD COLUMN flag_decision TEXT CHECK (flag_decision = 'confirmed' OR flag_decision = 'false_positive' OR flag_decision = 'transferred');
ALTER TABLE measures ADD COLUMN end_kind TEXT CHECK (end_kind = 'rule' OR end_kind = 'cancelled');

UPDATE measures SET in_force_from = (SELECT a.arrival_date FROM arrivals a WHERE a.id = measures.arrival_id)
  WHERE (SELECT a.arrival_date FROM arrivals a WHERE a.id = measures.arrival_id) > start_date
    AND (in_force_from IS NULL OR in_force_from < (SELECT a.arrival_date FROM arrivals a WHERE a.id = measures.arrival_id));
`;
