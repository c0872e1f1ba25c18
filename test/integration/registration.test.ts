/** Registering an arrival through the service on a temporary database: audited, one person a date, found again. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerArrival, showPerson } from '../../src/services/registration.js';
import { DuplicateError, NotFoundError, ValidationError } from '../../src/domain/errors.js';
import { makeId, tmpDir, VALID, cst, openTestStore, auditActor } from '../helpers.js';

const ctx = { today: '2022-11-21', now: cst(2022, 10, 21, 9, 0, 0), actor: 'desk1' };
const input = { name: VALID.name, id_number: VALID.id, phone: VALID.phone, origin: VALID.origin, arrival_date: VALID.date, transport: 'train', destination: VALID.destination };

describe('registration', () => {
  it('registers, audits, and refuses the same person on the same date', () => {
    const s = openTestStore(path.join(tmpDir(), 'r.db'));
    const row = registerArrival(s, input, ctx);
    expect(row).toMatchObject({ id: 1, id_number: VALID.id, created_by: 'desk1' });
    expect(s.audit.latest(1)[0]).toMatchObject({ action: 'arrival.add', actor: auditActor('desk1'), record: 'arrival:1' });
    const err = (() => {
      try {
        registerArrival(s, { ...input, name: '张三丰' }, ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DuplicateError);
    expect((err as DuplicateError).problems[0].params).toMatchObject({ id: 1, date: VALID.date, id_number: '110105********002X' });
    expect(s.arrivals.count()).toBe(1);
    expect(s.audit.count()).toBe(1);
    s.close();
  });

  it('writes nothing for an invalid arrival', () => {
    const s = openTestStore(path.join(tmpDir(), 'v.db'));
    expect(() => registerArrival(s, { ...input, phone: '123' }, ctx)).toThrow(ValidationError);
    expect(s.arrivals.count()).toBe(0);
    expect(s.audit.count()).toBe(0);
    s.close();
  });

  it('keeps one person with a history of arrivals, found by ID number (old 15-digit too) or arrival number', () => {
    const s = openTestStore(path.join(tmpDir(), 'p.db'));
    registerArrival(s, { ...input, arrival_date: '2022-10-01' }, ctx);
    registerArrival(s, input, ctx);
    registerArrival(s, { ...input, id_number: makeId('440305', '19800101', '123') }, ctx);
    const p = showPerson(s, VALID.id.toLowerCase(), ctx);
    expect(p).toMatchObject({ id_number: VALID.id, birth_date: '1949-12-31', sex: 'female' });
    expect(p.arrivals.map((a) => a.arrival_date)).toEqual(['2022-10-01', '2022-11-20']);
    expect(showPerson(s, '110105491231002', ctx).arrivals).toHaveLength(2);
    expect(showPerson(s, '2', ctx).arrivals).toHaveLength(2);
    expect(() => showPerson(s, '99', ctx)).toThrow(NotFoundError);
    const bad = (() => {
      try {
        showPerson(s, '110105194912310021', ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad).not.toBeInstanceOf(NotFoundError);
    expect((bad as ValidationError).problems[0].code).toBe('id_check');
    s.close();
  });
});
