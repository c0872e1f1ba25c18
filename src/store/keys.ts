/**
 * The per-database secrets. `audit` keys the audit chain: it is in the database (table `keys`,
 * never changed: triggers refuse UPDATE and DELETE), so that a copy of the database still
 * verifies; it stops whoever sees only outputs from recomputing the chain, not whoever holds the
 * file itself — for that, keep the audit head elsewhere (`audit verify --head`).
 *
 * `pseudonym` keys the pseudonym that replaces a purged person's ID number. Whoever holds it can
 * reverse a pseudonym by trying the candidates (an ID number of a known region and birth date has
 * only 1,000), so it is kept apart from what it protects (issue 23):
 * - SQLite: in a key file beside the database (`fangkong.db.key`, or the file that
 *   FANGKONG_KEY_FILE names: one the office keeps elsewhere), owner-only (0600), never in the
 *   database file nor in its backups. Schema 14 moved it out of the databases that had it
 *   (the key file written and synced first, then the row removed, in the migration's transaction).
 * - PostgreSQL: in the `keys` table, readable by the admin role only (row-level security, `db
 *   roles`), like the audit key: the desks never read it (the audit log needs no key: store/audit.ts),
 *   only a purge does, and only an admin purges.
 * They are read each time (not cached): a restore replaces them with the backup's.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { backendOf, type Driver } from './driver.js';
import { zhCause } from '../domain/causes.js';
import { StoreError } from '../domain/errors.js';

export type KeyName = 'audit' | 'pseudonym';

/** The key file chosen for each SQLite connection (openStore): FANGKONG_KEY_FILE, or beside the database. */
const KEY_FILES = new WeakMap<object, string>();

/** The key file of a database file: FANGKONG_KEY_FILE when set, else `<database>.key` beside it. */
export function defaultKeyFile(dbFile: string): string {
  const env = process.env.FANGKONG_KEY_FILE;
  return env && env.trim() !== '' ? path.resolve(env) : `${dbFile}.key`;
}

/** Says which key file a connection uses (openStore, before the migrations run). */
export function useKeyFile(db: object, file: string): void {
  KEY_FILES.set(db, file);
}

/** The key file of an SQLite connection; null for a database in memory. */
export function keyFileOf(db: Database.Database): string | null {
  if (db.memory || !db.name) return null;
  return KEY_FILES.get(db) ?? defaultKeyFile(db.name);
}

/** The key a key file holds (64 hex digits on one line), or null when there is no such file. */
export function readKeyFile(file: string): Buffer | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError(`cannot read the pseudonym key file ${file}: ${(err as Error).message.split('\n')[0]}`, `无法读取化名密钥文件 ${file}：${zhCause(err)}`);
  }
  if (!st.isFile()) throw new StoreError(`the pseudonym key file ${file} is not a regular file`, `化名密钥文件 ${file} 不是普通文件`);
  // one that others could read (a copy) is made owner-only, as the database is
  if (st.mode & 0o077) {
    try {
      fs.chmodSync(file, st.mode & 0o700);
    } catch {
      // not ours to change (another user's file): it is read as it is
    }
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new StoreError(`the pseudonym key file ${file} is damaged (not 64 hex digits)`, `化名密钥文件 ${file} 已损坏（不是 64 位十六进制数）`);
  return Buffer.from(text, 'hex');
}

/**
 * Writes a key file: a new temporary name in its folder, created exclusively and owner-only,
 * synced, then linked under its name (never over an existing file unless `replace`) and the
 * folder synced — so the key is on disk before anything that depends on it is committed.
 */
export function writeKeyFile(file: string, key: Buffer, opts: { replace?: boolean } = {}): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(12).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
    try {
      fs.writeSync(fd, `${key.toString('hex')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (opts.replace) fs.renameSync(tmp, file);
    else {
      fs.linkSync(tmp, file);
      fs.rmSync(tmp, { force: true });
    }
    const d = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new StoreError(`cannot write the pseudonym key file ${file}: ${(err as Error).message.split('\n')[0]}`, `无法写入化名密钥文件 ${file}：${zhCause(err)}`);
  }
}

export class KeyRepo {
  constructor(private readonly db: Driver) {}

  /** Where the pseudonym key is kept: the key file (SQLite), or null (PostgreSQL, in memory: the keys table). */
  get file(): string | null {
    return backendOf(this.db) === 'postgres' ? null : keyFileOf(this.db as Database.Database);
  }

  get(name: KeyName): Buffer {
    const k = this.db.prepare('SELECT value FROM keys WHERE name = ?').pluck().get(name) as Buffer | undefined;
    if (!k && backendOf(this.db) === 'postgres') {
      throw new StoreError(
        `the ${name} key is readable by the admin role only (fangkong db roles): ${name === 'audit' ? 'check the audit chain' : 'purge'} as an admin`,
        `${name === 'audit' ? '审计' : '化名'}密钥只有 admin 角色能读取（见 fangkong db roles）：请以 admin 身份${name === 'audit' ? '核验审计链' : '执行清除'}`,
      );
    }
    if (!k && name === 'pseudonym' && this.file) return this.fromFile(this.file);
    if (!k || k.length < 32) throw new StoreError(`the database has no ${name} key: it was damaged, or not made by fangkong`, `数据库中没有${name === 'audit' ? '审计' : '化名'}密钥：数据库已损坏，或不是 fangkong 建的`);
    return k;
  }

  private fromFile(file: string): Buffer {
    const k = readKeyFile(file);
    if (!k) {
      throw new StoreError(
        `the pseudonym key file ${file} is missing: put back its copy (kept apart from the database's backups) or give it with FANGKONG_KEY_FILE; without it a purged person cannot be matched again`,
        `化名密钥文件 ${file} 不见了：请放回它的副本（与数据库备份分开保存的那份），或用 FANGKONG_KEY_FILE 指明；没有它，已清除的人无法再对应`,
      );
    }
    return k;
  }

  /**
   * Makes `key` this database's pseudonym key (`db copy`: the copy keeps the source's, so a
   * person stays one person): SQLite, in its key file (a database just made: its own key
   * replaced) and out of the keys table; PostgreSQL, in the keys table. Inside the copy's
   * transaction, the keys' triggers off.
   */
  adopt(key: Buffer, opts: { replaceFile?: boolean } = {}): void {
    const file = this.file;
    if (file) {
      this.db.prepare("DELETE FROM keys WHERE name = 'pseudonym'").run();
      const have = readKeyFile(file);
      if (have && !have.equals(key) && !opts.replaceFile) {
        throw new StoreError(`the key file ${file} was there already, with another key: move it away, or give another with FANGKONG_KEY_FILE`, `密钥文件 ${file} 已存在，且是另一个密钥：请移走它，或用 FANGKONG_KEY_FILE 指明另一个`);
      }
      if (!have || !have.equals(key)) writeKeyFile(file, key, { replace: true });
      return;
    }
    if (!this.db.prepare("SELECT count(*) FROM keys WHERE name = 'pseudonym'").pluck().get()) this.db.prepare("INSERT INTO keys (name, value) VALUES ('pseudonym', ?)").run(key);
  }
}
