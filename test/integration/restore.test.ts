/** Restoring a backup an older fangkong wrote: migrated on a copy, checked, audited. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { verifyAudit } from '../../src/services/audit.js';
import { backup, restore } from '../../src/services/backup.js';
import { registerArrival } from '../../src/services/registration.js';
import { applyMigrations, LATEST_VERSION } from '../../src/store/migrations/index.js';
import { cst, makeId, tmpDir, VALID } from '../helpers.js';

const ctx = { today: '2022-11-30', now: cst(2022, 10, 30, 9), actor: '李干部', tz: 'Asia/Shanghai' };

describe('restore', () => {
  it('a backup at schema 4 is restored: migrated on a copy, every table checked, the audit row says so', async () => {
    const dir = tmpDir();
    const old = path.join(dir, 'old.db');
    const o = new Database(old);
    applyMigrations(o, 4);
    o.prepare(
      "INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, contact_type, created_at, created_by) VALUES (?, '张三', '13800138000', '上海市', '2022-11-20', 'train', '城关镇', 'none', '2022-11-20T09:00:00', 'x')",
    ).run(VALID.id);
    o.close();
    const bytes = fs.readFileSync(old);
    const store = openStore(path.join(dir, 'county.db'));
    registerArrival(store, { name: '李四', id_number: makeId('440305', '19800101', '123'), phone: VALID.phone, origin: '广东省', arrival_date: '2022-11-21', transport: 'car', destination: '城关镇' }, ctx);
    const r = await restore(store, old, ctx);
    expect(r).toMatchObject({ arrivals: 1, backup_schema_version: 4, verified: { integrity: 'ok', foreign_keys: 0, schema_version: LATEST_VERSION, audit_chain: 'intact' } });
    expect(store.schemaVersion()).toBe(LATEST_VERSION);
    expect(store.arrivals.list().map((a) => a.name)).toEqual(['张三']);
    expect(verifyAudit(store)).toMatchObject({ ok: true });
    const last = store.audit.latest(1)[0];
    expect(last.action).toBe('db.restore');
    expect(JSON.parse(last.after!)).toMatchObject({ backup_schema_version: 4, verified: { integrity: 'ok', arrivals: 1, schema_version: LATEST_VERSION } });
    // the backup file was only read; the saved copy has what was there before
    expect(fs.readFileSync(old).equals(bytes)).toBe(true);
    const saved = openStore(r.saved);
    expect(saved.arrivals.list().map((a) => a.name)).toEqual(['李四']);
    saved.close();
    store.close();
  });

  it('backup refuses a target that appears while it writes, and leaves nothing of its own', async () => {
    const dir = tmpDir();
    const store = openStore(path.join(dir, 'county.db'));
    const target = path.join(dir, 'b.db');
    const pending = backup(store, target, ctx);
    fs.writeFileSync(target, 'someone else’s file');
    await expect(pending).rejects.toThrow(/cannot write the backup .*b\.db: it exists already; nothing was written/);
    expect(fs.readFileSync(target, 'utf8')).toBe('someone else’s file');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    store.close();
  });
});
