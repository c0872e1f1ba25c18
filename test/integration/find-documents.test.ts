/** Finding people of every document (issue 14): by a whole phone number as it is typed, by a permit or passport number. */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { listArrivals, registerArrival, resolveArrival, showPerson } from '../../src/services/registration.js';
import type { Store } from '../../src/store/db.js';
import { cst, tmpDir, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-21', now: cst(2022, 10, 21, 10), actor: 'clerk', tz: 'Asia/Shanghai' };
let store: Store;
beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'f.db'));
  const base = { origin: '香港', arrival_date: '2022-11-21', transport: 'car', destination: '城关镇' };
  registerArrival(store, { ...base, name: '陈大文', doc_type: 'hkmo_permit', id_number: 'H12345678', phone: '+852 9123 4567' }, ctx);
  registerArrival(store, { ...base, name: '何家明', doc_type: 'tw_permit', id_number: '12345678', phone: '0771-5551234' }, ctx);
  registerArrival(store, { ...base, name: 'John Smith', doc_type: 'passport', doc_country: 'USA', id_number: 'E1234567', phone: '+1 415 555 2671' }, ctx);
  return () => store.close();
});

describe('finding anyone', () => {
  it('by a whole phone number written any way (as stored, E.164), or by its last four digits', () => {
    const names = (phone: string) => listArrivals(store, { phone }).map((a) => a.name);
    expect(names('0771-5551234')).toEqual(['何家明']);
    expect(names('+86 771 555 1234')).toEqual(['何家明']);
    expect(names('+852 9123 4567')).toEqual(['陈大文']);
    expect(names('00852 91234567')).toEqual(['陈大文']);
    expect(names('4567')).toEqual(['陈大文']);
    expect(names('2671')).toEqual(['John Smith']);
  });
  it('by the number of a permit or passport; 8 digits not an arrival number are a Taiwan permit', () => {
    expect(resolveArrival(store, 'h12345678', ctx).name).toBe('陈大文');
    expect(resolveArrival(store, 'E1234567', ctx).name).toBe('John Smith');
    expect(resolveArrival(store, '12345678', ctx).name).toBe('何家明');
    expect(resolveArrival(store, '2', ctx).name).toBe('何家明');
    expect(showPerson(store, 'E1234567', ctx)).toMatchObject({ doc_type: 'passport', doc_country: 'USA', birth_date: null, sex: null });
    expect(() => resolveArrival(store, 'H87654321', ctx)).toThrow(/unknown_arrival/);
  });
});

describe('correcting the document', () => {
  it('a passport entered for a HK permit holder: the type and number corrected, the country goes with the passport', async () => {
    const { editArrival } = await import('../../src/services/corrections.js');
    const r = editArrival(store, 'E1234567', { doc_type: 'hkmo_permit', id_number: 'H23456789' }, ctx);
    expect(r.fields).toEqual(['doc_type', 'id_number', 'doc_country']);
    expect(r.arrival).toMatchObject({ doc_type: 'hkmo_permit', id_number: 'H23456789', doc_country: null });
    expect(() => editArrival(store, 'H23456789', { doc_type: 'passport' }, ctx)).toThrow(/required/);
  });
});
