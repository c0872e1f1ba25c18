/**
 * The per-database secrets (table `keys`, made by migration 6, never changed: triggers refuse
 * UPDATE and DELETE): `audit` keys the audit chain, `pseudonym` the pseudonyms and the audit
 * log's tags for personal values. They are read each time (not cached): a restore replaces them
 * with the backup's.
 *
 * They are kept in the database, so a copy of the database carries them: they stop whoever sees
 * only outputs (exports, reports, audit listings) from reversing a pseudonym or recomputing the
 * chain, not whoever holds the file itself — for that, keep the audit head elsewhere
 * (`audit verify --head`).
 */
import { backendOf, type Driver } from './driver.js';
import { StoreError } from '../domain/errors.js';

export type KeyName = 'audit' | 'pseudonym';

export class KeyRepo {
  constructor(private readonly db: Driver) {}

  get(name: KeyName): Buffer {
    const k = this.db.prepare('SELECT value FROM keys WHERE name = ?').pluck().get(name) as Buffer | undefined;
    if (!k && name === 'audit' && backendOf(this.db) === 'postgres') {
      throw new StoreError(
        'the audit key is readable by the admin role only (fangkong db roles): check the audit chain as an admin',
        '审计密钥只有 admin 角色能读取（见 fangkong db roles）：请以 admin 身份核验审计链',
      );
    }
    if (!k || k.length < 32) throw new StoreError(`the database has no ${name} key: it was damaged, or not made by fangkong`, `数据库中没有${name === 'audit' ? '审计' : '化名'}密钥：数据库已损坏，或不是 fangkong 建的`);
    return k;
  }
}
