/**
 * The pseudonym key out of the database file (issue 23): whoever held the file could reverse a
 * purged person's pseudonym by trying the 1,000 ID numbers of a known region and birth date.
 *
 * SQLite: the key is written to its key file (beside the database, `fangkong.db.key`, or the one
 * FANGKONG_KEY_FILE names; store/keys.ts) — created exclusively, owner-only, synced, the folder
 * synced — and only then removed from the keys table (secure_delete: its bytes overwritten), in
 * the migration's transaction. If the commit fails, the key file holds the same key and the next
 * open finds it so: the key is never lost. A key file already there must hold the same key; one
 * holding another key is taken only by a database that has made no pseudonym yet (a new
 * database under the office's key file), else the migration stops and nothing changes. A
 * database in memory keeps its key.
 *
 * PostgreSQL: the key stays in the keys table; the row-level security that `db roles` sets now
 * shows it to the admin role only (as the audit key), where it was set already.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../../domain/errors.js';
import { keyFileOf, readKeyFile, writeKeyFile } from '../keys.js';

export const name = 'key-file';

export function up(db: Database.Database): void {
  const key = db.prepare("SELECT value FROM keys WHERE name = 'pseudonym'").pluck().get() as Buffer | undefined;
  const file = keyFileOf(db);
  if (!key || !file) return;
  const have = readKeyFile(file);
  if (have && !have.equals(key)) {
    const made = db
      .prepare("SELECT EXISTS (SELECT 1 FROM arrivals WHERE purged_at IS NOT NULL) OR EXISTS (SELECT 1 FROM inspections WHERE id_number GLOB 'P*') OR EXISTS (SELECT 1 FROM test_results WHERE id_number GLOB 'P*')")
      .pluck()
      .get() as number;
    if (made) {
      throw new StoreError(
        `the key file ${file} holds another database's pseudonym key, and this database has purged people under its own: give its key file with FANGKONG_KEY_FILE`,
        `密钥文件 ${file} 中是另一个数据库的化名密钥，而本数据库已按自己的密钥清除过个人信息：请用 FANGKONG_KEY_FILE 指明它自己的密钥文件`,
      );
    }
  } else if (!have) writeKeyFile(file, key);
  // the row's bytes overwritten, not left in a free page of the file
  const secure = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  db.exec(`
    DROP TRIGGER keys_fixed_delete;
    DELETE FROM keys WHERE name = 'pseudonym';
    CREATE TRIGGER keys_fixed_delete BEFORE DELETE ON keys BEGIN SELECT RAISE(ABORT, 'the keys cannot be changed'); END;
  `);
  db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
}

export const pg = `
DO $fk$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'keys' AND policyname = 'fangkong_keys_read') THEN
    DROP POLICY fangkong_keys_read ON keys;
    CREATE POLICY fangkong_keys_read ON keys FOR SELECT USING (name NOT IN ('audit', 'pseudonym') OR pg_has_role(current_user, 'fangkong_admin', 'MEMBER'));
  END IF;
END $fk$;
`;
