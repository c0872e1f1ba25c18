/**
 * The PostgreSQL roles a county sets up with `fangkong db roles` (printed, or applied with
 * --apply), enforced by the server:
 *
 * - fangkong_registrar — townships: register and correct arrivals (arrivals only);
 * - fangkong_inspector — checkpoints: log and void inspections (inspections only);
 * - fangkong_office — the epidemic-prevention office: everything but purge (the purge mark of
 *   arrivals) and restore (which is pg_restore's, an admin's);
 * - fangkong_admin — everything, and the only one that reads the keys (the audit chain's, the
 *   pseudonyms').
 *
 * All four read the register and append to the audit log only through fangkong_audit_append
 * (no role may INSERT, UPDATE, DELETE or TRUNCATE audit_log directly; the triggers refuse UPDATE
 * and DELETE even to the owner). The keys table shows its keys to fangkong_admin members only
 * (row-level security): the others can neither recompute the chain nor forge a row, nor reverse
 * a purged person's pseudonym. Officials log
 * in as their own users, members of one role (CREATE ROLE wang LOGIN PASSWORD '…' IN ROLE
 * fangkong_registrar): the audit's actor is that user.
 */
import type { Driver } from './driver.js';

export const ROLES = ['fangkong_registrar', 'fangkong_inspector', 'fangkong_office', 'fangkong_admin'] as const;

const TABLES = [
  'arrivals', 'audit_log', 'risk_areas', 'policies', 'policy_rules', 'sites', 'measures', 'measure_phases', 'measure_tests', 'placements', 'checkpoints',
  'inspections', 'test_results', 'settings', 'issued_reports', 'keys', 'schema_version',
];

/** The columns of arrivals every role that registers may write: all but the purge mark. */
function arrivalColumns(db: Driver): string {
  const cols = db
    .prepare("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'arrivals' ORDER BY ordinal_position")
    .pluck()
    .all() as string[];
  return cols.filter((c) => c !== 'purged_at').join(', ');
}

/**
 * After a migration on a database whose roles were applied (`db roles --apply`): the columns of
 * arrivals the registering roles may write are granted again, so a column the migration added
 * (an entry date, say) does not lock every desk out of registering. Nothing when the roles do not exist.
 */
export function regrantArrivalColumns(db: Driver): void {
  const present = db.prepare("SELECT count(*) FROM pg_roles WHERE rolname IN ('fangkong_registrar', 'fangkong_office')").pluck().get() as number;
  if (Number(present) !== 2) return;
  // applied to this database (the roles are the server's; another county's may have made them)
  const applied = db.prepare("SELECT has_table_privilege('fangkong_registrar', 'arrivals', 'SELECT') AND has_table_privilege('fangkong_office', 'arrivals', 'SELECT')").pluck().get();
  if (!applied) return;
  const cols = arrivalColumns(db);
  db.exec(`GRANT INSERT (${cols}), UPDATE (${cols}) ON arrivals TO fangkong_registrar, fangkong_office`);
}

/** The SQL of the roles for the open database's schema. */
export function rolesSql(db: Driver): string {
  const schema = db.prepare('SELECT current_schema()').pluck().get() as string;
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const s = q(schema);
  const all = ROLES.join(', ');
  const readers = ROLES.filter((r) => r !== 'fangkong_admin').join(', ');
  const arrivals = arrivalColumns(db);
  const office = ['risk_areas', 'policies', 'policy_rules', 'sites', 'measures', 'measure_phases', 'measure_tests', 'placements', 'checkpoints', 'inspections', 'test_results', 'settings', 'issued_reports'];
  return `-- fangkong: roles for schema ${schema} (fangkong db roles)
BEGIN;
DO $fk$ BEGIN
${ROLES.map((r) => `  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN CREATE ROLE ${r} NOLOGIN; END IF;`).join('\n')}
END $fk$;
GRANT USAGE ON SCHEMA ${s} TO ${all};
REVOKE ALL ON ${TABLES.map((t) => `${s}.${t}`).join(', ')} FROM PUBLIC, ${all};
REVOKE ALL ON FUNCTION ${s}.fangkong_audit_append(text, text, text, text, text) FROM PUBLIC;

-- everyone reads the register, the measures, the reports and the audit log
GRANT SELECT ON ${TABLES.map((t) => `${s}.${t}`).join(', ')} TO ${all};
-- the audit log: appended through the server's function only, never changed
GRANT EXECUTE ON FUNCTION ${s}.fangkong_audit_append(text, text, text, text, text) TO ${all};
-- the keys: the audit chain's key and the pseudonym key for fangkong_admin only
ALTER TABLE ${s}.keys ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS fangkong_keys_read ON ${s}.keys;
CREATE POLICY fangkong_keys_read ON ${s}.keys FOR SELECT USING (name NOT IN ('audit', 'pseudonym') OR pg_has_role(current_user, 'fangkong_admin', 'MEMBER'));

-- registrar (townships): register and correct arrivals
GRANT INSERT (${arrivals}), UPDATE (${arrivals}) ON ${s}.arrivals TO fangkong_registrar;
-- inspector (checkpoints): log and void inspections
GRANT INSERT, UPDATE (voided_at, void_reason) ON ${s}.inspections TO fangkong_inspector;
-- office: everything but purge (the purge mark of arrivals) and restore
GRANT INSERT (${arrivals}), UPDATE (${arrivals}) ON ${s}.arrivals TO fangkong_office;
GRANT INSERT, UPDATE ON ${office.map((t) => `${s}.${t}`).join(', ')} TO fangkong_office;
GRANT DELETE ON ${s}.risk_areas TO fangkong_office;
-- admin: everything (the triggers still refuse changing the audit log and the keys)
GRANT ALL ON ${TABLES.filter((t) => t !== 'audit_log').map((t) => `${s}.${t}`).join(', ')} TO fangkong_admin;
COMMIT;
-- officials log in as their own users, each a member of one role, e.g.:
--   CREATE ROLE wang_ming LOGIN PASSWORD '…' IN ROLE fangkong_registrar;
-- (${readers} never see the keys; the audit's actor is the user who logs in)
`;
}
