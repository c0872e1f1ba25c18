/** Checkpoints, inspections, nucleic-acid test results, and a flag on measures for a positive result. */
export const name = 'inspections';
export const sql = `
CREATE TABLE checkpoints (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind = 'road' OR kind = 'rail' OR kind = 'bus' OR kind = 'airport' OR kind = 'port' OR kind = 'other'),
  location    TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

CREATE TABLE inspections (
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
  action          TEXT NOT NULL CHECK (action = 'pass' OR action = 'refer' OR action = 'quarantine' OR action = 'turn_back'),
  origin          TEXT,
  anomalies       TEXT NOT NULL DEFAULT '',
  arrival_id      INTEGER REFERENCES arrivals (id),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  CHECK (id_number IS NOT NULL OR vehicle IS NOT NULL)
);
CREATE UNIQUE INDEX inspections_natural_key ON inspections (checkpoint_id, inspected_at, coalesce(id_number, ''), coalesce(vehicle, ''));
-- covers the daily report's counts by checkpoint
CREATE INDEX inspections_by_date ON inspections (inspected_date, checkpoint_id, passengers, vehicle, anomalies);
CREATE INDEX inspections_by_id_number ON inspections (id_number);

CREATE TABLE test_results (
  id           INTEGER PRIMARY KEY,
  id_number    TEXT NOT NULL,
  arrival_id   INTEGER REFERENCES arrivals (id),
  measure_id   INTEGER REFERENCES measures (id),
  test_date    TEXT NOT NULL,
  sample_time  TEXT,
  result       TEXT NOT NULL CHECK (result = 'negative' OR result = 'positive' OR result = 'pending'),
  lab          TEXT,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX test_results_natural_key ON test_results (id_number, test_date, coalesce(sample_time, ''));
CREATE INDEX test_results_by_date ON test_results (test_date);

ALTER TABLE measures ADD COLUMN flag TEXT CHECK (flag = 'positive');
ALTER TABLE measures ADD COLUMN flagged_on TEXT;
`;
