/**
 * A correction after the rules ended every measure (2023-01-08, issue 24 point 7): `arrival edit
 * --reassign` ends the measure by that rule and writes no new one, under three time zones.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArgs, initDb, query, runBin, tmpDir } from '../helpers.js';

for (const TZ of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles']) {
  describe(`TZ=${TZ}`, () => {
    it('a correction on 2023-01-09 ends the measure by the rule; none is written after it', () => {
      const db = initDb(path.join(tmpDir(), 'r.db'));
      const env = { TZ };
      const add = runBin(['--db', db, '--today', '2023-01-06', ...addArgs({ '--arrival-date': '2023-01-06', '--contact': 'close', '--exposure-date': '2023-01-05' })], { env });
      expect(add.code, add.stderr).toBe(0);
      const assign = runBin(['--db', db, '--today', '2023-01-06', 'quarantine', 'assign', '1', '--home'], { env });
      expect(assign.code, assign.stderr).toBe(0);
      const edit = runBin(['--db', db, '--today', '2023-01-09', '--lang', 'zh', 'arrival', 'edit', '1', '--exposure-date', '2023-01-04', '--reassign', '--yes'], { env });
      expect(edit.code, edit.stderr).toBe(0);
      const rows = query<{ status: string; end_kind: string | null; released_on: string | null }>(db, 'SELECT status, end_kind, released_on FROM measures ORDER BY id');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ end_kind: 'rule', released_on: '2023-01-09' });
    });
  });
}
