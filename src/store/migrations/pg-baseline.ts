/**
 * PostgreSQL: the schema of version 10 in one step. No PostgreSQL database existed before
 * version 10 (issue 18 added the backend), so migrations 1–10, and their data transforms (the
 * hash chain of 5, the keys of 9, the place codes of 6), have nothing to transform there: a new
 * database starts from this, as an SQLite file starts from migrations 1–10 applied in order, and
 * every later migration (11 on) is shared, with its PostgreSQL form beside the SQLite one.
 *
 * The same tables, columns in the same order (a row shown whole is the same on both), the same
 * constraints and indexes; what PostgreSQL says differently:
 * - text columns compare bytewise (COLLATE "C"), as SQLite's do: lists sort the same;
 * - INTEGER is bigint, REAL double precision, BLOB bytea, GLOB a regular expression;
 * - a new row's id is max(id) + 1, as SQLite's rowid (fangkong_next_id_<table>; the store's writes are
 *   serialised, store/pg/driver.ts), so the same commands give the same ids;
 * - the audit log and the keys refuse UPDATE, DELETE and TRUNCATE by triggers, as in SQLite
 *   (and by privileges for the roles of `db roles`).
 */
export const PG_BASELINE_VERSION = 10;

export const PG_BASELINE = (`
CREATE TABLE schema_version (
  version  integer NOT NULL
);
INSERT INTO schema_version (version) VALUES (0);


CREATE FUNCTION fangkong_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fk$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'raise_exception';
END $fk$;

CREATE TABLE arrivals (
  id             bigint PRIMARY KEY,
  id_number      text COLLATE "C" NOT NULL CHECK (length(id_number) = 18),
  name           text COLLATE "C" NOT NULL,
  phone          text COLLATE "C" NOT NULL,
  origin         text COLLATE "C" NOT NULL,
  arrival_date   text COLLATE "C" NOT NULL CHECK (arrival_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  arrival_time   text COLLATE "C",
  transport      text COLLATE "C" NOT NULL CHECK (transport = 'train' OR transport = 'plane' OR transport = 'car' OR transport = 'bus' OR transport = 'ship' OR transport = 'other'),
  vehicle        text COLLATE "C",
  destination    text COLLATE "C" NOT NULL,
  township       text COLLATE "C",
  contact_type   text COLLATE "C" NOT NULL DEFAULT 'none' CHECK (contact_type = 'close' OR contact_type = 'secondary' OR contact_type = 'none'),
  exposure_date  text COLLATE "C",
  note           text COLLATE "C",
  created_at     text COLLATE "C" NOT NULL,
  created_by     text COLLATE "C" NOT NULL,
  purged_at      text COLLATE "C",
  origin_code    text COLLATE "C",
  origin_name    text COLLATE "C",
  deleted_at     text COLLATE "C",
  deleted_reason text COLLATE "C",
  expected       bigint NOT NULL DEFAULT 0,
  UNIQUE (id_number, arrival_date)
);
CREATE INDEX arrivals_by_township ON arrivals (township, arrival_date);
CREATE INDEX arrivals_origin_code ON arrivals (origin_code);
CREATE INDEX arrivals_by_date ON arrivals (arrival_date, transport, township, origin, deleted_at, expected);
CREATE INDEX arrivals_by_created ON arrivals (created_at, arrival_date, deleted_at, expected);

CREATE TABLE audit_log (
  id         bigint PRIMARY KEY,
  at         text COLLATE "C" NOT NULL,
  actor      text COLLATE "C" NOT NULL,
  action     text COLLATE "C" NOT NULL,
  record     text COLLATE "C",
  before     text COLLATE "C",
  after      text COLLATE "C",
  prev_hash  text COLLATE "C",
  hash       text COLLATE "C"
);

CREATE TABLE risk_areas (
  id          bigint PRIMARY KEY,
  region      text COLLATE "C" NOT NULL,
  level       text COLLATE "C" NOT NULL CHECK (level = 'high' OR level = 'medium' OR level = 'low'),
  valid_from  text COLLATE "C" NOT NULL,
  valid_to    text COLLATE "C",
  created_at  text COLLATE "C" NOT NULL,
  created_by  text COLLATE "C" NOT NULL,
  region_code text COLLATE "C",
  region_name text COLLATE "C",
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX risk_areas_by_region ON risk_areas (region, valid_from);

CREATE TABLE policies (
  id          text COLLATE "C" PRIMARY KEY,
  definition  text COLLATE "C" NOT NULL,
  created_at  text COLLATE "C" NOT NULL,
  created_by  text COLLATE "C" NOT NULL
);

CREATE TABLE policy_rules (
  id          bigint PRIMARY KEY,
  category    text COLLATE "C" NOT NULL CHECK (category = 'close' OR category = 'secondary' OR category = 'inbound' OR category = 'high' OR category = 'medium' OR category = 'low'),
  policy_id   text COLLATE "C",
  valid_from  text COLLATE "C" NOT NULL,
  note        text COLLATE "C",
  created_at  text COLLATE "C" NOT NULL,
  created_by  text COLLATE "C" NOT NULL
);

CREATE TABLE sites (
  id          bigint PRIMARY KEY,
  name        text COLLATE "C" NOT NULL UNIQUE,
  capacity    bigint NOT NULL CHECK (capacity > 0),
  address     text COLLATE "C",
  head        text COLLATE "C",
  created_at  text COLLATE "C" NOT NULL,
  created_by  text COLLATE "C" NOT NULL
);

CREATE TABLE measures (
  id             bigint PRIMARY KEY,
  arrival_id     bigint NOT NULL REFERENCES arrivals (id),
  policy_id      text COLLATE "C" NOT NULL,
  policy         text COLLATE "C" NOT NULL,
  rule           text COLLATE "C" NOT NULL,
  start_date     text COLLATE "C" NOT NULL,
  release_date   text COLLATE "C" NOT NULL,
  status         text COLLATE "C" NOT NULL CHECK (status = 'active' OR status = 'released' OR status = 'superseded' OR status = 'cancelled'),
  released_on    text COLLATE "C",
  release_reason text COLLATE "C",
  superseded_by  bigint REFERENCES measures (id),
  superseded_on  text COLLATE "C",
  in_force_from  text COLLATE "C",
  created_at     text COLLATE "C" NOT NULL,
  created_by     text COLLATE "C" NOT NULL,
  flag           text COLLATE "C" CHECK (flag = 'positive'),
  flagged_on     text COLLATE "C",
  flag_decision  text COLLATE "C" CHECK (flag_decision = 'confirmed' OR flag_decision = 'false_positive' OR flag_decision = 'transferred'),
  end_kind       text COLLATE "C" CHECK (end_kind = 'rule' OR end_kind = 'cancelled'),
  cancelled_on   text COLLATE "C",
  cancel_reason  text COLLATE "C"
);
CREATE INDEX measures_by_arrival ON measures (arrival_id);
CREATE INDEX measures_by_policy ON measures (policy_id, status);
CREATE INDEX measures_by_dates ON measures (status, start_date, release_date);
CREATE INDEX measures_by_release ON measures (release_date);
CREATE INDEX measures_by_released_on ON measures (released_on);

CREATE TABLE measure_phases (
  measure_id  bigint NOT NULL REFERENCES measures (id),
  seq         bigint NOT NULL,
  kind        text COLLATE "C" NOT NULL CHECK (kind = 'centralized' OR kind = 'home_quarantine' OR kind = 'health_monitoring'),
  start_date  text COLLATE "C" NOT NULL,
  end_date    text COLLATE "C" NOT NULL,
  PRIMARY KEY (measure_id, seq)
);
CREATE INDEX measure_phases_by_dates ON measure_phases (start_date, end_date);
CREATE INDEX measure_phases_by_start ON measure_phases (start_date, kind);
CREATE INDEX measure_phases_by_end ON measure_phases (end_date);

CREATE TABLE measure_tests (
  measure_id  bigint NOT NULL REFERENCES measures (id),
  seq         bigint NOT NULL,
  phase_seq   bigint,
  day         bigint NOT NULL,
  test_date   text COLLATE "C" NOT NULL,
  PRIMARY KEY (measure_id, seq)
);
CREATE INDEX measure_tests_by_date ON measure_tests (test_date);

CREATE TABLE placements (
  id          bigint PRIMARY KEY,
  measure_id  bigint NOT NULL REFERENCES measures (id),
  site_id     bigint REFERENCES sites (id),
  from_date   text COLLATE "C" NOT NULL,
  note        text COLLATE "C",
  created_at  text COLLATE "C" NOT NULL,
  created_by  text COLLATE "C" NOT NULL
);
CREATE INDEX placements_by_measure ON placements (measure_id, from_date);
CREATE INDEX placements_by_site ON placements (site_id);

CREATE TABLE checkpoints (
  id          bigint PRIMARY KEY,
  name        text COLLATE "C" NOT NULL UNIQUE,
  kind        text COLLATE "C" NOT NULL CHECK (kind = 'road' OR kind = 'rail' OR kind = 'bus' OR kind = 'airport' OR kind = 'port' OR kind = 'other'),
  location    text COLLATE "C",
  created_at  text COLLATE "C" NOT NULL,
  created_by  text COLLATE "C" NOT NULL
);

CREATE TABLE inspections (
  id              bigint PRIMARY KEY,
  checkpoint_id   bigint NOT NULL REFERENCES checkpoints (id),
  inspected_at    text COLLATE "C" NOT NULL,
  inspected_date  text COLLATE "C" NOT NULL,
  id_number       text COLLATE "C",
  name            text COLLATE "C",
  phone           text COLLATE "C",
  vehicle         text COLLATE "C",
  passengers      bigint NOT NULL DEFAULT 1 CHECK (passengers >= 1),
  code            text COLLATE "C" NOT NULL CHECK (code = 'green' OR code = 'yellow' OR code = 'red'),
  travel_star     bigint NOT NULL DEFAULT 0 CHECK (travel_star = 0 OR travel_star = 1),
  test_time       text COLLATE "C",
  test_result     text COLLATE "C" CHECK (test_result = 'negative' OR test_result = 'positive' OR test_result = 'none'),
  temperature     double precision,
  action          text COLLATE "C" NOT NULL CHECK (action = 'pass' OR action = 'refer' OR action = 'quarantine' OR action = 'turn_back' OR action = 'transfer' OR action = 'return'),
  origin          text COLLATE "C",
  anomalies       text COLLATE "C" NOT NULL DEFAULT '',
  arrival_id      bigint REFERENCES arrivals (id),
  created_at      text COLLATE "C" NOT NULL,
  created_by      text COLLATE "C" NOT NULL,
  override_reason text COLLATE "C",
  voided_at       text COLLATE "C",
  void_reason     text COLLATE "C",
  CHECK (id_number IS NOT NULL OR vehicle IS NOT NULL)
);
CREATE UNIQUE INDEX inspections_natural_key ON inspections (checkpoint_id, inspected_at, coalesce(id_number, ''), coalesce(vehicle, ''));
CREATE INDEX inspections_by_id_number ON inspections (id_number);
CREATE INDEX inspections_by_date ON inspections (inspected_date, checkpoint_id, passengers, vehicle, anomalies, voided_at);

CREATE TABLE test_results (
  id           bigint PRIMARY KEY,
  id_number    text COLLATE "C" NOT NULL,
  arrival_id   bigint REFERENCES arrivals (id),
  measure_id   bigint REFERENCES measures (id),
  test_date    text COLLATE "C" NOT NULL,
  sample_time  text COLLATE "C",
  result       text COLLATE "C" NOT NULL CHECK (result = 'negative' OR result = 'positive' OR result = 'pending'),
  lab          text COLLATE "C",
  created_at   text COLLATE "C" NOT NULL,
  created_by   text COLLATE "C" NOT NULL,
  decision     text COLLATE "C" CHECK (decision = 'confirmed' OR decision = 'false_positive' OR decision = 'transferred'),
  decision_note text COLLATE "C",
  decided_on   text COLLATE "C",
  decided_by   text COLLATE "C"
);
CREATE UNIQUE INDEX test_results_natural_key ON test_results (id_number, test_date, coalesce(sample_time, ''));
CREATE INDEX test_results_by_date ON test_results (test_date);
CREATE INDEX test_results_by_date_result ON test_results (test_date, result);

CREATE TABLE settings (
  key         text COLLATE "C" PRIMARY KEY,
  value       text COLLATE "C" NOT NULL,
  updated_at  text COLLATE "C" NOT NULL,
  updated_by  text COLLATE "C" NOT NULL
);

CREATE TABLE issued_reports (
  id          bigint PRIMARY KEY,
  date        text COLLATE "C" NOT NULL,
  unit        text COLLATE "C" NOT NULL,
  issued_at   text COLLATE "C" NOT NULL,
  actor       text COLLATE "C" NOT NULL,
  format      text COLLATE "C" NOT NULL,
  file        text COLLATE "C",
  sha256      text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
  content     bytea NOT NULL,
  report      text COLLATE "C" NOT NULL,
  marks       text COLLATE "C" NOT NULL
);
CREATE INDEX issued_reports_by_date ON issued_reports (date, unit, id);

CREATE TABLE keys (
  name   text COLLATE "C" PRIMARY KEY,
  value  bytea NOT NULL CHECK (length(value) >= 32)
);

-- HMAC-SHA256 with the built-in sha256() (no extension needed): the audit chain's row hash
CREATE FUNCTION fangkong_hmac(k bytea, m bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $fk$
DECLARE
  key bytea := CASE WHEN length(k) > 64 THEN sha256(k) ELSE k END;
  ipad bytea;
  opad bytea;
BEGIN
  key := key || decode(repeat('00', 64 - length(key)), 'hex');
  ipad := key;
  opad := key;
  FOR i IN 0..63 LOOP
    ipad := set_byte(ipad, i, get_byte(key, i) # 54);
    opad := set_byte(opad, i, get_byte(key, i) # 92);
  END LOOP;
  RETURN sha256(opad || sha256(ipad || m));
END $fk$;

-- JSON.stringify of one value, as store/audit.ts's rowHash writes it
CREATE FUNCTION fangkong_json(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $fk$
  SELECT coalesce(to_json(v)::text, 'null')
$fk$;

/*
 * Appends a row to the audit chain: the actor is the database user who logged in
 * (session_user: inside this function current_user is its owner), the hash keyed with the audit
 * key, which only the admin role can read (db roles): every role appends through this function,
 * none may change a row. Same row hash as store/audit.ts rowHash.
 */
CREATE FUNCTION fangkong_audit_append(p_at text, p_action text, p_record text, p_before text, p_after text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fk$
DECLARE
  k bytea;
  head_id bigint;
  head_hash text;
  nid bigint;
  prev text;
  who text := session_user;
  msg text;
BEGIN
  PERFORM pg_advisory_xact_lock(1717661287);
  SELECT value INTO k FROM keys WHERE name = 'audit';
  IF k IS NULL THEN RAISE EXCEPTION 'the database has no audit key'; END IF;
  SELECT id, hash INTO head_id, head_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  nid := coalesce(head_id, 0) + 1;
  prev := coalesce(head_hash, '');
  msg := '[' || nid || ',' || fangkong_json(p_at) || ',' || fangkong_json(who) || ',' || fangkong_json(p_action) || ',' || fangkong_json(p_record) || ','
    || fangkong_json(p_before) || ',' || fangkong_json(p_after) || ',' || fangkong_json(prev) || ']';
  INSERT INTO audit_log (id, at, actor, action, record, before, after, prev_hash, hash)
    VALUES (nid, p_at, who, p_action, p_record, p_before, p_after, prev, encode(fangkong_hmac(k, convert_to(msg, 'UTF8')), 'hex'));
  RETURN nid;
END $fk$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION fangkong_refuse_change('the audit log cannot be changed');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION fangkong_refuse_change('the audit log cannot be changed');
CREATE TRIGGER keys_fixed BEFORE UPDATE OR DELETE ON keys
  FOR EACH ROW EXECUTE FUNCTION fangkong_refuse_change('the keys cannot be changed');
CREATE TRIGGER keys_no_truncate BEFORE TRUNCATE ON keys
  FOR EACH STATEMENT EXECUTE FUNCTION fangkong_refuse_change('the keys cannot be changed');
${['arrivals', 'audit_log', 'risk_areas', 'policy_rules', 'sites', 'measures', 'placements', 'checkpoints', 'inspections', 'test_results', 'issued_reports']
  // one function per table: static SQL, so its plan is kept (a dynamic max(id) per row cost 160 µs)
  .map((t) => `CREATE FUNCTION fangkong_next_id_${t}() RETURNS trigger LANGUAGE plpgsql AS $fk$
BEGIN
  IF NEW.id IS NULL THEN SELECT coalesce(max(id), 0) + 1 INTO NEW.id FROM ${t}; END IF;
  RETURN NEW;
END $fk$;
CREATE TRIGGER ${t}_next_id BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION fangkong_next_id_${t}();`)
  .join('\n')}
`).replace(/REFERENCES \w+ \(id\)/g, '$& DEFERRABLE'); // a copy fills measures with superseded_by pointing forward: checked at its commit

/** The tables in the order a copy fills them (the rows they point at first). */
export const TABLES_IN_ORDER = [
  'keys', 'settings', 'arrivals', 'audit_log', 'risk_areas', 'policies', 'policy_rules', 'sites', 'measures', 'measure_phases', 'measure_tests', 'placements',
  'checkpoints', 'inspections', 'test_results', 'issued_reports',
];
