/** Risk areas, local policies and rules, quarantine sites, measures with their phases, tests and placements. */
export const name = 'policies';
export const sql = `
CREATE TABLE risk_areas (
  id          INTEGER PRIMARY KEY,
  region      TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level = 'high' OR level = 'medium' OR level = 'low'),
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX risk_areas_by_region ON risk_areas (region, valid_from);

CREATE TABLE policies (
  id          TEXT PRIMARY KEY,
  definition  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

CREATE TABLE policy_rules (
  id          INTEGER PRIMARY KEY,
  category    TEXT NOT NULL CHECK (category = 'close' OR category = 'secondary' OR category = 'inbound' OR category = 'high' OR category = 'medium' OR category = 'low'),
  policy_id   TEXT,
  valid_from  TEXT NOT NULL,
  note        TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

CREATE TABLE sites (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  capacity    INTEGER NOT NULL CHECK (capacity > 0),
  address     TEXT,
  head        TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

CREATE TABLE measures (
  id             INTEGER PRIMARY KEY,
  arrival_id     INTEGER NOT NULL REFERENCES arrivals (id),
  policy_id      TEXT NOT NULL,
  policy         TEXT NOT NULL,
  rule           TEXT NOT NULL,
  start_date     TEXT NOT NULL,
  release_date   TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status = 'active' OR status = 'released' OR status = 'superseded'),
  released_on    TEXT,
  release_reason TEXT,
  superseded_by  INTEGER REFERENCES measures (id),
  superseded_on  TEXT,
  in_force_from  TEXT,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL
);
CREATE INDEX measures_by_arrival ON measures (arrival_id);
CREATE INDEX measures_by_policy ON measures (policy_id, status);
CREATE INDEX measures_by_dates ON measures (status, start_date, release_date);

CREATE TABLE measure_phases (
  measure_id  INTEGER NOT NULL REFERENCES measures (id),
  seq         INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind = 'centralized' OR kind = 'home_quarantine' OR kind = 'health_monitoring'),
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,
  PRIMARY KEY (measure_id, seq)
);
CREATE INDEX measure_phases_by_dates ON measure_phases (start_date, end_date);

CREATE TABLE measure_tests (
  measure_id  INTEGER NOT NULL REFERENCES measures (id),
  seq         INTEGER NOT NULL,
  phase_seq   INTEGER,
  day         INTEGER NOT NULL,
  test_date   TEXT NOT NULL,
  PRIMARY KEY (measure_id, seq)
);
CREATE INDEX measure_tests_by_date ON measure_tests (test_date);

CREATE TABLE placements (
  id          INTEGER PRIMARY KEY,
  measure_id  INTEGER NOT NULL REFERENCES measures (id),
  site_id     INTEGER REFERENCES sites (id),
  from_date   TEXT NOT NULL,
  note        TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);
CREATE INDEX placements_by_measure ON placements (measure_id, from_date);
CREATE INDEX placements_by_site ON placements (site_id);
`;
