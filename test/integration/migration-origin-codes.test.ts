/**
 * Migration 18 (issue 24, point 2): arrivals and risk areas stored with an origin or region
 * written as a code, before codes were read as places, get the code and name they name.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { addArgs, execSql, initDb, openTestStore, query, runBin, TEST_BACKEND, tmpDir } from '../helpers.js';


describe('migration origin-codes', () => {
  it('fills the code and name of origins written as codes, and no longer lists them as unresolved', () => {
    const db = initDb(path.join(tmpDir(), 'o.db'));
    expect(runBin(['--db', db, '--today', '2022-11-21', ...addArgs({ '--origin': '440105' })]).code).toBe(0);
    expect(runBin(['--db', db, '--today', '2022-11-21', ...addArgs({ '--origin': '810000', '--arrival-date': '2022-11-21' })]).code).toBe(0);
    expect(runBin(['--db', db, '--today', '2022-11-21', ...addArgs({ '--origin': '火星基地', '--arrival-date': '2022-11-19' })]).code).toBe(0);
    expect(runBin(['--db', db, '--today', '2022-11-21', 'area', 'set', '440105', '--level', 'high', '--from', '2022-11-18']).code).toBe(0);
    // as a version before this one left them: no code, no name; then this migration alone on them
    execSql(db, 'UPDATE arrivals SET origin_code = NULL, origin_name = NULL; UPDATE risk_areas SET region_code = NULL, region_name = NULL');
    const store = openTestStore(db);
    try {
      const m = MIGRATIONS.find((x) => x.name === 'origin-codes')!;
      if (TEST_BACKEND === 'postgres') m.pgUp!(store.db);
      else m.up!(store.db as unknown as import('better-sqlite3').Database);
    } finally {
      store.close();
    }
    const r = runBin(['--db', db, '--today', '2022-11-21', '--format', 'json', 'arrival', 'list', '--unresolved']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ origin: string }>).map((a) => a.origin)).toEqual(['火星基地']);
    expect(query(db, 'SELECT origin, origin_code, origin_name FROM arrivals ORDER BY id')).toEqual([
      { origin: '440105', origin_code: '440105', origin_name: '广东省广州市海珠区' },
      { origin: '810000', origin_code: expect.any(String), origin_name: expect.stringContaining('香港') },
      { origin: '火星基地', origin_code: null, origin_name: null },
    ]);
    expect(query(db, 'SELECT region_code, region_name FROM risk_areas')).toEqual([{ region_code: '440105', region_name: '广东省广州市海珠区' }]);
  });
});
