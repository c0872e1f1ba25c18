/**
 * What the one writer (io/files.ts) must never replace, for the command running now (issue 23):
 *   - the database in use, and its -wal and -shm (registered by verb() from --db / FANGKONG_DB …);
 *   - every file this command reads (registered by io/input.ts when it opens one);
 *   - anything but a regular file or a new name (a device, a FIFO, a folder, a symlink);
 *   - an existing file, unless the command was given --force.
 * Files are told apart by what they are (device and inode), not by how they were named, so
 * `./a.csv`, an absolute path, a hard link or a symlink to the database are the same file; a
 * name that does not exist yet (the database's -wal) by its folder's real path and its name.
 * verb() opens and closes the command (beginCommand / endCommand): an in-process run of many
 * commands (the docs' examples) does not carry one command's inputs into the next.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../domain/errors.js';

type Why = 'database' | 'key' | 'input';

/** dev:ino of the files kept, and the real paths of names kept before they exist. */
const byId = new Map<string, Why>();
const byName = new Map<string, Why>();
let force = false;

function idOf(st: { dev: number | bigint; ino: number | bigint }): string {
  return `${st.dev}:${st.ino}`;
}

/** The name as the file system resolves it: its folder's real path and its own name (null when the folder is not there). */
function realName(file: string): string | null {
  const abs = path.resolve(file);
  try {
    return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
  } catch {
    return null;
  }
}

function keep(file: string, why: Why): void {
  const name = realName(file);
  if (name) byName.set(name, why);
  try {
    byId.set(idOf(fs.statSync(file)), why);
  } catch {
    // not there (yet): kept by name
  }
}

/** The database file in use (SQLite), with its -wal and -shm: never a target; or (`key`) its pseudonym key's file alone. */
export function keepDatabase(file: string, what: 'database' | 'key' = 'database'): void {
  if (what === 'key') return keep(file, 'key');
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) keep(f, 'database');
}

/** A file this command reads, by its open descriptor's stat (io/input.ts): never a target. */
export function keepInput(st: { dev: number | bigint; ino: number | bigint }, file?: string): void {
  byId.set(idOf(st), 'input');
  const name = file ? realName(file) : null;
  if (name) byName.set(name, 'input');
}

/** A command starts: nothing kept yet; `--force` lets an existing regular file be replaced. */
export function beginCommand(opts: { force?: boolean } = {}): void {
  byId.clear();
  byName.clear();
  force = Boolean(opts.force);
}

/** The command is over. */
export function endCommand(): void {
  byId.clear();
  byName.clear();
  force = false;
}

export interface TargetOptions {
  /** An existing regular file may be replaced without --force. */
  replace?: boolean;
  /** The file is the tool's own, read and written back (the config file): not refused as an input. */
  own?: boolean;
}

/**
 * Throws (UsageError, exit 2) when `file` may not be written: the database in use or one of
 * its side files, an input of this command, something that is not a regular file, or an
 * existing file without --force (or `replace`, for a file that is the tool's own: the config).
 */
export function checkTarget(file: string, opts: TargetOptions = {}): void {
  const name = realName(file);
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  let why = (name && byName.get(name)) || undefined;
  if (!why && st) {
    // a symlink to the database is the database
    const target = st.isSymbolicLink() ? fs.statSync(file, { throwIfNoEntry: false }) : st;
    why = target ? byId.get(idOf(target)) : undefined;
  }
  if (why === 'database') {
    throw new UsageError(`${file} is the database in use: fangkong never writes over it; choose another file name (nothing was written)`, `${file} 是正在使用的数据库：不能写入覆盖，请换一个文件名（未写入任何内容）`);
  }
  if (why === 'key') {
    throw new UsageError(`${file} is the database's pseudonym key file: fangkong never writes over it; choose another file name (nothing was written)`, `${file} 是数据库的化名密钥文件：不能写入覆盖，请换一个文件名（未写入任何内容）`);
  }
  if (why === 'input' && !opts.own) {
    throw new UsageError(`${file} is a file this command reads: fangkong never writes over it; choose another file name (nothing was written)`, `${file} 是本命令读取的文件：不能写入覆盖，请换一个文件名（未写入任何内容）`);
  }
  if (!st) return;
  if (!st.isFile()) {
    throw new UsageError(
      `${file} exists and is not a regular file (${kind(st)}): fangkong writes only a regular file or a new name; choose another file name (nothing was written)`,
      `${file} 已存在且不是普通文件（${kindZh(st)}）：只能写入普通文件或新文件名，请换一个文件名（未写入任何内容）`,
    );
  }
  if (!force && !opts.replace) {
    throw new UsageError(`${file} exists: add --force to replace it, or choose another name (nothing was done)`, `${file} 已存在：加 --force 覆盖，或换一个文件名（未做任何更改）`);
  }
}

function kind(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'something else';
}

function kindZh(st: fs.Stats): string {
  if (st.isSymbolicLink()) return '符号链接';
  if (st.isDirectory()) return '文件夹';
  if (st.isFIFO()) return '命名管道';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备';
  if (st.isSocket()) return '套接字';
  return '其他东西';
}
