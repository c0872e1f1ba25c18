/** Find anyone (issue 14): arrival list --name/--phone/--q (bound LIKE, escaped), arrival show by name, audit list newest first. */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/services/audit.js';
import { registerArrival, listArrivals, showPerson } from '../../src/services/registration.js';
import type { Store } from '../../src/store/db.js';
import { cst, makeId, tmpDir, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-21', now: cst(2022, 10, 21, 9, 0, 0), actor: 'tester', tz: 'Asia/Shanghai' };
let store: Store;

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'find.db'));
  const add = (name: string, id: string, phone: string, over: Record<string, string> = {}) =>
    registerArrival(store, { name, id_number: id, phone, origin: '广东省深圳市南山区', arrival_date: '2022-11-20', transport: 'train', destination: '城关镇幸福路1号', ...over }, ctx);
  add('王芳', makeId('440305', '19800101', '101'), '13800131234', { vehicle: 'G1234' });
  add('王芳', makeId('440305', '19900101', '102'), '13900135678', { destination: '河口镇100%新村' });
  add('李四', makeId('440305', '19700101', '103'), '13700130000');
  return () => store.close();
});

const names = (f: Parameters<typeof listArrivals>[1]) => listArrivals(store, f).map((a) => `${a.name}:${a.phone}`);

describe('find anyone', () => {
  it('by part of the name, by phone or its last four digits, and by one text over name, phone, vehicle and destination', () => {
    expect(names({ name: '王' })).toEqual(['王芳:+8613800131234', '王芳:+8613900135678']);
    expect(names({ phone: '1234' })).toEqual(['王芳:+8613800131234']);
    expect(names({ phone: '3800' })).toEqual([]);
    expect(names({ phone: '138-0013' })).toEqual(['王芳:+8613800131234']);
    expect(names({ q: 'G1234' })).toEqual(['王芳:+8613800131234']);
    expect(names({ q: '李' })).toEqual(['李四:+8613700130000']);
    expect(names({ q: '河口镇' })).toEqual(['王芳:+8613900135678']);
    // % and _ are the text itself, not wildcards
    expect(names({ q: '100%' })).toEqual(['王芳:+8613900135678']);
    expect(names({ q: '%' })).toEqual(['王芳:+8613900135678']);
    expect(names({ q: '_' })).toEqual([]);
    expect(names({ name: "'; DROP TABLE arrivals; --" })).toEqual([]);
    expect(store.arrivals.count()).toBe(3);
  });

  it('arrival show by name: the person when one has it, the matches when several', () => {
    expect(showPerson(store, '李四', ctx)).toMatchObject({ name: '李四', arrivals: [expect.objectContaining({ name: '李四' })] });
    const several = showPerson(store, '王芳', ctx);
    expect(several).toMatchObject({ key: '王芳', matches: [expect.objectContaining({ name: '王芳' }), expect.objectContaining({ name: '王芳' })] });
    expect(() => showPerson(store, '赵六', ctx)).toThrow(/unknown_arrival/);
  });

  it('audit list is newest first, and --limit gives the newest rows', () => {
    const all = listAudit(store, {}, ctx.tz);
    expect(all.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(listAudit(store, { limit: 2 }, ctx.tz).map((r) => r.id)).toEqual([3, 2]);
  });
});
