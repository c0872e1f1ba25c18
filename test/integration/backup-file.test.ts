/**
 * The SQLite file's backup and restore through the services (SQLite only, vitest.config.ts: on
 * PostgreSQL a backup is pg_dump's): an owner-only file, restored keeping the database it replaces;
 * what is not a fangkong backup refused; an online backup while another process writes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import { registerArrival } from '../../src/services/registration.js';
import { backup, restore } from '../../src/services/backup.js';
import { check } from '../../src/services/maintenance.js';
import { openStore, type Store } from '../../src/store/db.js';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { historyCtx, someHistory } from '../history.js';
import { makeId, ROOT, tmpDir, VALID } from '../helpers.js';

let dir: string;
let file: string;
let store: Store;
const ctx = historyCtx;

beforeEach(() => {
  dir = tmpDir();
  file = path.join(dir, 's.db');
  store = openStore(file);
  return () => store.close();
});


describe('backups', () => {
  it('backs up to an owner-only file and restores it, keeping the database it replaces', async () => {
    someHistory(store);
    const bk = path.join(dir, 'backup.db');
    await backup(store, bk, ctx());
    expect(fs.statSync(bk).mode & 0o777).toBe(0o600);
    await expect(backup(store, bk, ctx())).rejects.toThrow(/exists already/);
    registerArrival(store, { name: '李四', id_number: makeId('440305', '19800101', '123'), phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-21', transport: 'car', destination: '城关镇' }, ctx());
    expect(store.arrivals.count()).toBe(2);
    const r = await restore(store, bk, ctx());
    expect(r.arrivals).toBe(1);
    expect(store.arrivals.count()).toBe(1);
    const saved = openStore(r.saved);
    expect(saved.arrivals.count()).toBe(2);
    saved.close();
    expect(check(store)).toMatchObject({ ok: true, integrity: ['ok'], foreign_keys: 0, schema_version: LATEST_VERSION });
  });

  it('refuses to restore a file that is not a fangkong database, is newer, or is corrupt', async () => {
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    await expect(restore(store, text, ctx())).rejects.toThrow(ValidationError);
    const other = path.join(dir, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE t (x)');
    o.close();
    await expect(restore(store, other, ctx())).rejects.toThrow(/not_fangkong/);
    const newer = path.join(dir, 'newer.db');
    await backup(store, newer, ctx());
    const n = new Database(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    await expect(restore(store, newer, ctx())).rejects.toThrow(/restore_newer/);
    // a backup with a page overwritten by garbage
    for (let i = 0; i < 300; i++) registerArrival(store, { name: '测试', id_number: makeId('440305', '19800101', String(100 + i)), phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-21', transport: 'car', destination: '城关镇'.repeat(20) }, ctx());
    const bad = path.join(dir, 'bad.db');
    await backup(store, bad, ctx());
    const bytes = fs.readFileSync(bad);
    bytes.fill(0x41, 4096 * 3, 4096 * 3 + 2000);
    fs.writeFileSync(bad, bytes);
    await expect(restore(store, bad, ctx())).rejects.toThrow(ValidationError);
    expect(store.arrivals.count()).toBe(300);
  });

  it('an online backup taken while another process writes is whole and consistent', async () => {
    someHistory(store);
    store.close();
    const writer = spawn(process.execPath, ['--input-type=module', '-e', `
      const { openStore } = await import(${JSON.stringify(path.join(ROOT, 'dist/store/db.js'))});
      const s = openStore(${JSON.stringify(file)});
      let i = 0;
      const end = Date.now() + 1500;
      process.stdout.write('go\\n');
      while (Date.now() < end) {
        s.transaction(() => s.audit.write({ at: 'now', actor: 'w', action: 'test.write', record: String(i++) }));
      }
      s.close();
    `]);
    const closed = new Promise((r) => writer.on('close', r));
    await new Promise((r) => writer.stdout.once('data', r));
    store = openStore(file);
    const bk = path.join(dir, 'online.db');
    await backup(store, bk, ctx());
    await closed;
    const copy = openStore(bk);
    expect(check(copy)).toMatchObject({ ok: true });
    copy.close();
  });
});
