/**
 * The county code in the schema (issue 18, docs/scale.md): every table of a county's own rows
 * carries `county`, the GB/T 2260 code of the county whose register it is, so that a province can
 * later put its counties in one PostgreSQL cluster distributed by county (Citus) — or merge their
 * databases — without rewriting a row. The code is the setting `county` (fangkong config set
 * county 530102); rows already there get it when it is set (services/reporting.ts setCounty), new
 * rows when they are written: on SQLite by a trigger (only once the setting exists: an office
 * that has not set it pays nothing), on PostgreSQL by the column's default. Audit rows are never
 * changed: those written before the code was set keep none.
 *
 * The reference tables a province shares (policies, policy_rules, risk_areas) carry no county.
 */
export const name = 'county';

/** The tables of a county's own rows: distributed by county in a cluster (docs/scale.md). */
export const COUNTY_TABLES = ['arrivals', 'measures', 'measure_phases', 'measure_tests', 'placements', 'checkpoints', 'inspections', 'test_results', 'sites', 'issued_reports', 'audit_log'];

// the audit log is never updated: its rows get the county as they are written (store/audit.ts), those before it none
export const sql = COUNTY_TABLES.map((t) => `ALTER TABLE ${t} ADD COLUMN county TEXT CHECK (county IS NULL OR length(county) = 6);`).join('\n') + '\n' + COUNTY_TABLES.filter((t) => t !== 'audit_log').map(
  (t) => `CREATE TRIGGER ${t}_county AFTER INSERT ON ${t}
  WHEN NEW.county IS NULL AND EXISTS (SELECT 1 FROM settings WHERE key = 'county')
  BEGIN UPDATE ${t} SET county = (SELECT value FROM settings WHERE key = 'county') WHERE rowid = NEW.rowid; END;`,
).join('\n');

export const pg = `
CREATE FUNCTION fangkong_county() RETURNS text LANGUAGE sql STABLE AS $fk$ SELECT value FROM settings WHERE key = 'county' $fk$;
${COUNTY_TABLES.map((t) => `ALTER TABLE ${t} ADD COLUMN county text COLLATE "C" DEFAULT fangkong_county() CHECK (county IS NULL OR length(county) = 6);`).join('\n')}
`;
