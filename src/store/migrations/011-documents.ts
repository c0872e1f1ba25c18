/**
 * Documents and phones (issue 14): a person is known by (document type, number), not by a
 * resident ID number alone.
 *
 * - arrivals gains `doc_type` (resident_id, hkmo_permit, tw_permit, foreign_pr, passport; every
 *   row already there is a resident ID) and `doc_country` (a passport's issuing country, ISO 3166
 *   alpha-3); the number keeps its column, `id_number`, now 5–18 characters; the natural key
 *   becomes (doc_type, id_number, arrival_date) — its unique index led by the number, so that a
 *   checkpoint's look-up by number and date still uses it. SQLite cannot change a CHECK or a UNIQUE in
 *   place, so the table is made again (its rows keep their numbers, which measures, tests and
 *   inspections point at) with its indexes;
 * - phones are stored in E.164: the store kept mainland mobiles as their 11 digits
 *   (13800138000), which become +8613800138000, in arrivals and inspections. A purged row's
 *   placeholder (00000000000) is left as it is.
 */
export const name = 'documents';
export const foreignKeysOff = true;

const MOBILE = "'1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'";

export const sql = `
CREATE TABLE arrivals_011 (
  id             INTEGER PRIMARY KEY,
  doc_type       TEXT NOT NULL DEFAULT 'resident_id' CHECK (doc_type = 'resident_id' OR doc_type = 'hkmo_permit' OR doc_type = 'tw_permit' OR doc_type = 'foreign_pr' OR doc_type = 'passport'),
  id_number      TEXT NOT NULL CHECK (length(id_number) BETWEEN 5 AND 18),
  doc_country    TEXT CHECK (doc_country IS NULL OR length(doc_country) = 3),
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
  purged_at      TEXT,
  origin_code    TEXT,
  origin_name    TEXT,
  deleted_at     TEXT,
  deleted_reason TEXT,
  expected       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (id_number, arrival_date, doc_type)
);
INSERT INTO arrivals_011 (id, doc_type, id_number, doc_country, name, phone, origin, arrival_date, arrival_time, transport, vehicle, destination,
  township, contact_type, exposure_date, note, created_at, created_by, purged_at, origin_code, origin_name, deleted_at, deleted_reason, expected)
SELECT id, 'resident_id', id_number, NULL, name, CASE WHEN phone GLOB ${MOBILE} THEN '+86' || phone ELSE phone END, origin, arrival_date, arrival_time,
  transport, vehicle, destination, township, contact_type, exposure_date, note, created_at, created_by, purged_at, origin_code, origin_name,
  deleted_at, deleted_reason, expected
FROM arrivals;
DROP TABLE arrivals;
ALTER TABLE arrivals_011 RENAME TO arrivals;
CREATE INDEX arrivals_by_township ON arrivals (township, arrival_date);
CREATE INDEX arrivals_origin_code ON arrivals (origin_code);
CREATE INDEX arrivals_by_date ON arrivals (arrival_date, transport, township, origin, deleted_at, expected);
CREATE INDEX arrivals_by_created ON arrivals (created_at, arrival_date, deleted_at, expected);
UPDATE inspections SET phone = '+86' || phone WHERE phone GLOB ${MOBILE};
`;
