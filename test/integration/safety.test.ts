import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as verifyVerb from '../../src/cli/audit/verify.js';
import type { Ctx } from '../../src/cli/context.js';
import * as checkVerb from '../../src/cli/db/check.js';
import { translator } from '../../src/domain/i18n.js';
import { render, type View } from '../../src/io/output.js';
import { registerArrival } from '../../src/services/registration.js';
import { verifyAudit } from '../../src/services/audit.js';
import { check, purge } from '../../src/services/maintenance.js';
import type { Store } from '../../src/store/db.js';
import { HIDDEN_VALUE } from '../../src/store/audit.js';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { historyCtx, someHistory } from '../history.js';
import { makeId, tmpDir, VALID, openTestStore, execSql, query, auditActor, DROP_AUDIT_GUARD_ALL } from '../helpers.js';

let dir: string;
let file: string;
let store: Store;
const ctx = historyCtx;

beforeEach(() => {
  dir = tmpDir();
  file = path.join(dir, 's.db');
  store = openTestStore(file);
  return () => store.close();
});


/** Changes the database behind the tool's back, as someone with the file and sqlite3 (or the server's superuser) would. */
function tamper(sql: string) {
  execSql(file, `${DROP_AUDIT_GUARD_ALL}; ${sql}`);
}

describe('audit log', () => {
  it('has a row for every change, with the actor, and no readable personal data: no key needed to write it, nothing a dictionary reverses', () => {
    someHistory(store);
    const rows = store.audit.latest(100).reverse();
    expect(rows.map((r) => r.action)).toEqual(['arrival.add', 'measure.assign', 'measure.release', 'checkpoint.add', 'inspection.add', 'test.record']);
    expect(rows.every((r) => r.actor === auditActor('李干部'))).toBe(true);
    const all = JSON.stringify(rows);
    expect(all).not.toContain(VALID.id);
    expect(all).not.toContain(VALID.phone);
    expect(all).not.toContain('张三');
    expect(all).not.toContain('110105********002X');
    // the ID number starred whole, the name left out (no keyed tag: a dictionary of names reversed those), the phone masked;
    // whom a row is about is its record (arrival:1), whose row holds the ID number, or after a purge its pseudonym
    expect(JSON.parse(rows[0].after!)).toMatchObject({ id_number: '*'.repeat(18), phone: '+86 138****8000', name: HIDDEN_VALUE });
    expect(rows[0].record).toBe('arrival:1');
    expect(JSON.parse(rows[4].after!)).toMatchObject({ id_number: '*'.repeat(18) });
    expect(all).not.toMatch(/#[0-9a-f]{16}/);
  });

  it('cannot be changed: triggers refuse UPDATE and DELETE', () => {
    someHistory(store);
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x' WHERE id = 1").run()).toThrow(/cannot be changed/);
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/cannot be changed/);
  });

  it('verify finds an edited row and says which', () => {
    someHistory(store);
    expect(verifyAudit(store)).toMatchObject({ ok: true, rows: 6, problems: [] });
    store.close();
    tamper("UPDATE audit_log SET actor = '王某' WHERE id = 3");
    store = openTestStore(file);
    expect(verifyAudit(store).problems).toEqual([{ id: 3, kind: 'changed', detail: 'row 3 was changed: its content does not match its hash' }]);
  });

  it('verify finds a row edited with its hash recomputed (even with the key), by the link from the next row', async () => {
    someHistory(store);
    store.close();
    const { rowHash } = await import('../../src/store/audit.js');
    const key = Buffer.from(query<{ value: Uint8Array }>(file, "SELECT value FROM keys WHERE name = 'audit'")[0].value);
    const r = query<Parameters<typeof rowHash>[0]>(file, 'SELECT * FROM audit_log WHERE id = 2')[0];
    const forged = { ...r, actor: '王某' };
    tamper(`UPDATE audit_log SET actor = '王某', hash = '${rowHash(forged, key)}' WHERE id = 2`);
    store = openTestStore(file);
    expect(verifyAudit(store).problems).toEqual([{ id: 2, kind: 'broken_link', detail: 'row 2 was changed: row 3 recorded a different hash for it' }]);
  });

  it('a chain rewritten with recomputed plain SHA-256 hashes (no key) fails verify at every row', () => {
    someHistory(store);
    store.close();
    const rows = query<Record<string, unknown> & { id: number }>(file, 'SELECT * FROM audit_log ORDER BY id');
    let prev = '';
    const rewrite: string[] = [];
    for (const r of rows) {
      const actor = r.id === 3 ? '王某' : String(r.actor);
      const hash = createHash('sha256').update(JSON.stringify([r.id, r.at, actor, r.action, r.record, r.before, r.after, prev])).digest('hex');
      rewrite.push(`UPDATE audit_log SET actor = '${actor.replace(/'/g, "''")}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${Number(r.id)};`);
      prev = hash;
    }
    tamper(rewrite.join(' '));
    store = openTestStore(file);
    const v = verifyAudit(store);
    expect(v.ok).toBe(false);
    expect(v.problems.filter((p) => p.kind === 'changed').map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(check(store).ok).toBe(false);
  });

  it('verify --head: a head kept elsewhere must still be in the chain (rows cut from the end are caught)', () => {
    someHistory(store);
    const kept = verifyAudit(store);
    expect(verifyAudit(store, { hash: kept.head.slice(0, 16) })).toMatchObject({ ok: true, kept_head: { row: 6 } });
    expect(verifyAudit(store, { hash: kept.head, rows: 6 })).toMatchObject({ ok: true });
    expect(verifyAudit(store, { hash: kept.head, rows: 5 }).ok).toBe(false);
    // new rows after the kept head are fine
    store.transaction(() => store.audit.write({ at: new Date(), actor: 'x', action: 'reveal', record: 'arrival list' }));
    expect(verifyAudit(store, { hash: kept.head }).ok).toBe(true);
    store.close();
    // the last two rows cut: the plain chain of what is left is intact, but the kept head is gone
    tamper('DELETE FROM audit_log WHERE id >= 6');
    store = openTestStore(file);
    expect(verifyAudit(store)).toMatchObject({ ok: true, rows: 5 });
    const v = verifyAudit(store, { hash: kept.head.slice(0, 16) });
    expect(v).toMatchObject({ ok: false, kept_head: { row: null }, problems: [{ kind: 'head_missing' }] });
    expect(v.problems[0].detail).toMatch(/^the head kept elsewhere \([0-9a-f]{16}…\) is no longer in the chain: rows were rewritten or cut from the end$/);
  });

  it('verify finds a deleted row', () => {
    someHistory(store);
    store.close();
    tamper('DELETE FROM audit_log WHERE id = 4');
    store = openTestStore(file);
    expect(verifyAudit(store).problems).toEqual([{ id: 4, kind: 'deleted', detail: 'row 4 was deleted' }]);
    expect(check(store).ok).toBe(false);
  });
});

describe('purge', () => {
  it('removes personal data of people whose measures ended before the date, keeping the counts', () => {
    someHistory(store);
    const other = registerArrival(store, { name: '李四', id_number: makeId('440305', '19800101', '123'), phone: '13900139000', origin: '上海市', arrival_date: '2022-11-25', transport: 'car', destination: '河口镇某路1号', township: '河口镇' }, ctx());
    expect(purge(store, '2022-11-24', true, ctx())).toMatchObject({ arrivals: 1, dry_run: true });
    expect(store.arrivals.list()[0].name).toBe('张三');
    const r = purge(store, '2022-11-24', false, ctx());
    expect(r).toMatchObject({ arrivals: 1, inspections: 1, test_results: 1 });
    const [a, b] = store.arrivals.list();
    expect(a).toMatchObject({ name: '（已清除）', phone: '00000000000', origin: '广东省', arrival_date: '2022-11-20', transport: 'car' });
    expect(a.id_number).toMatch(/^P[0-9A-F]{17}$/);
    expect(b).toMatchObject({ id: other.id, name: '李四' });
    const everything = JSON.stringify(store.db.prepare('SELECT * FROM arrivals').all()) + JSON.stringify(store.db.prepare('SELECT * FROM inspections').all()) + JSON.stringify(store.db.prepare('SELECT * FROM test_results').all());
    expect(everything).not.toContain(VALID.id);
    expect(everything).not.toContain(VALID.phone);
    expect(store.measures.forArrival(a.id)).toHaveLength(1);
    expect(purge(store, '2022-11-24', false, ctx()).arrivals).toBe(0);
  });
});

describe('audit verify and db check as verbs: a failure is shown, then fails the command', () => {
  /** A verb's context on this test's store; what it prints as it goes is kept in `printed`. */
  function verbCtx(printed: View[]): Ctx {
    return { ...ctx(), lang: 'en', t: translator('en'), openStore: async () => store, print: async (v: View) => void printed.push(v) } as unknown as Ctx;
  }

  it('an intact database: run returns the result, and nothing is printed early', async () => {
    someHistory(store);
    const printed: View[] = [];
    const c = verbCtx(printed);
    const v = await verifyVerb.run({}, c);
    expect(v).toMatchObject({ ok: true, rows: 6 });
    expect(await render(verifyVerb.view(v, c), 'table', 'en', false)).toBe(`6 audit rows, head ${v.head.slice(0, 16)}…\nthe chain is intact\n`);
    const r = await checkVerb.run({}, c);
    expect(r).toMatchObject({ ok: true });
    expect((await render(checkVerb.view(r, c), 'table', 'en', false)).split('\n').slice(1)).toEqual([
      `schema version: ${LATEST_VERSION} (this fangkong: ${LATEST_VERSION})`,
      'integrity: ok',
      'foreign-key problems: 0',
      'audit log: 6 rows, chain intact',
      `audit head: ${v.head} (row 6; keep it elsewhere and check it later with audit verify --head)`,
      '',
    ]);
    expect(printed).toEqual([]);
  });

  it('a deleted audit row: run returns the result, and the view is shown in full, then fails the command (exit 1)', async () => {
    someHistory(store);
    store.close();
    tamper('DELETE FROM audit_log WHERE id = 4');
    store = openTestStore(file);
    const c = verbCtx([]);
    const views = [verifyVerb.view(await verifyVerb.run({}, c), c), checkVerb.view(await checkVerb.run({}, c), c)];
    expect(views.map((v) => (v.kind === 'document' ? v.data : null))).toMatchObject([{ ok: false, problems: [{ id: 4, kind: 'deleted' }] }, { ok: false, audit: { ok: false } }]);
    expect(views.map((v) => [v.outcome, v.failure])).toEqual([
      ['failed', 'the audit log was tampered with: row 4 was deleted'],
      ['failed', 'the database check failed'],
    ]);
    expect(await render(views[0], 'table', 'en', false)).toMatch(/^5 audit rows, head \w{16}…\n  row 4 was deleted\n$/);
    expect(await render(views[1], 'table', 'en', false)).toContain('audit log: 5 rows, chain BROKEN\n  row 4 was deleted\n');
  });
});
