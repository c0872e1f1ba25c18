/**
 * Keyed hashes with a per-database secret (store/keys.ts): the audit chain and the pseudonym that
 * replaces a purged person's ID number. Without the key neither can be recomputed or reversed;
 * with it, the same input always gives the same output, so a person stays one person — and
 * whoever holds the pseudonym key can try the 1,000 ID numbers of a known region and birth date,
 * which is why it is kept out of the database file. (The audit log's keyed tags of personal
 * values, written before schema 16, are no longer written: store/audit.ts.)
 */
import { createHash, createHmac } from 'node:crypto';

/** HMAC-SHA256 of a text, hex. */
export function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/**
 * The pseudonym of an ID number: 'P' and 17 characters (18 in all, like an ID number). Keyed over
 * the unkeyed digest fangkong used before schema 6, so that migration 6 could re-key the
 * pseudonyms already stored (which hold only that digest) to the same values a purge gives now.
 */
export function pseudonym(key: Buffer, idNumber: string): string {
  return pseudonymOfDigest(key, legacyDigest(idNumber));
}

/** The pseudonym from the digest of schema 5 (what a pseudonym stored then holds after its 'P'). */
export function pseudonymOfDigest(key: Buffer, digest17: string): string {
  return `P${hmacHex(key, `fangkong-pseudonym:${digest17}`).slice(0, 17).toUpperCase()}`;
}

/** The unkeyed digest schema 5 stored as the pseudonym ('P' + this); never stored any more. */
export function legacyDigest(idNumber: string): string {
  return createHash('sha256').update(`fangkong-purge:${idNumber}`).digest('hex').slice(0, 17).toUpperCase();
}

/** Whether a value is a pseudonym (never a real ID number: those are digits, with an X at most at the end). */
export function isPseudonym(v: string): boolean {
  return /^P[0-9A-F]{17}$/.test(v);
}
