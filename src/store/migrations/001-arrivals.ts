/** The arrivals register and the audit log. */
/* Allowed values are CHECKed with OR chains, not IN lists: SQLite evaluates an IN list in a CHECK several times slower, and an import checks every row. */
export const name = 'arrivals';
export const sql = `
CREATE TABLE arrivals (
  id             INTEGER PRIMARY KEY,
  id_number      TEXT NOT NULL CHECK (length(id_number) = 18),
  name           TEXT NOT NULL,
  phone          TEXT NOT NULL,
  origin         TEXT NOT NULL,
  arrival_date   TEXT NOT NULL CHECK (arrival_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  arrival_time   TEXT,
  transport      TEXT NOT NULL CHECK (transport = 'train' OR transport = 'plane' OR transport = 'car' OR transport = 'bus' OR transport = 'ship' OR transport = 'other'),
  vehicle        TEXT,
  destination    TEXT NOT NULL,
  township       TEXT,
  contact_type   TEXT NOT NULL DEFAULT 'none' CHECK (contact_type = 'close' OR contact_type = 'secondary' OR contact_type = 'none'),
  exposure_date  TEXT,
  note           TEXT,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  UNIQUE (id_number, arrival_date)
);
-- covers the daily report's count by transport, township and origin
CREATE INDEX arrivals_by_date ON arrivals (arrival_date, transport, township, origin);
CREATE INDEX arrivals_by_township ON arrivals (township, arrival_date);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  record  TEXT,
  before  TEXT,
  after   TEXT
);
`;
