/**
 * The one atomic file writer. Every file fangkong writes (--out, exports, rejects files) goes
 * through here:
 *   - a temporary name in the target's folder with 96 random bits (`.NAME.<hex>.tmp`), so it
 *     cannot be guessed or planted in advance;
 *   - created exclusively and without following a symlink (O_CREAT | O_EXCL | O_NOFOLLOW), with
 *     mode 0600 from the moment it exists (never chmod'd afterwards);
 *   - written whole (a loop over short writes), fsync'd, closed, then renamed over the target
 *     (rename replaces a symlink at the target name, it does not write through it), and the
 *     folder fsync'd;
 *   - on any error removed, and the error is one StoreError line (exit 1): nothing is left behind;
 *   - while it exists, listed in a registry that the signal handlers of cli/main.ts empty on
 *     SIGINT / SIGTERM (removeTempFiles), so an interrupted write leaves nothing either.
 * Streaming (a CSV export of a million rows) and whole-text writes share it: openAtomic gives a
 * stream, writeFileAtomic writes a string or a buffer at once.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { zhCause } from '../domain/causes.js';
import { StoreError, UsageError } from '../domain/errors.js';
import { checkTarget, type TargetOptions } from './kept.js';

/** Temporary files that exist right now (absolute paths): removed on a signal. */
const live = new Set<string>();

/** What a temporary file may have beside it: SQLite's journal files, when SQLite writes it (a backup). */
const SIDE_FILES = ['', '-journal', '-wal', '-shm'];

function unlinkAll(tmp: string): void {
  for (const side of SIDE_FILES) {
    try {
      fs.unlinkSync(tmp + side);
    } catch {
      // gone already, or never there
    }
  }
}

/** Removes every temporary file still in progress; safe to call from a signal handler (sync). */
export function removeTempFiles(): void {
  for (const tmp of live) unlinkAll(tmp);
  live.clear();
}

/** The temporary files in progress (for tests). */
export function tempFilesInProgress(): string[] {
  return [...live];
}

const CREATE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/** Why a write failed, in a few words: a full disk and a file-size limit named as such. */
function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full (ENOSPC)';
  if (code === 'EDQUOT') return 'the disk quota is used up (EDQUOT)';
  if (code === 'EFBIG') return 'the file is larger than allowed (EFBIG: a file-size limit)';
  if (code === 'EIO') return 'an input/output error (EIO)';
  if (code === 'ENOENT') return 'no such folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (err as Error).message.split('\n')[0];
}

/** why(), in Chinese. */
function whyZh(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EFBIG') return '文件超过了允许的大小（EFBIG：文件大小限制）';
  if (code === 'ENOENT') return '文件夹不存在';
  return zhCause(err);
}

export function writeError(file: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  return new StoreError(`cannot write ${file}: ${why(err)}; nothing was written`, `无法写入 ${file}：${whyZh(err)}，未写入任何内容`);
}

/**
 * A temporary name: `.NAME.<96 random bits>.p<pid>.tmp`. The process id lets the next command
 * tell a file left by a process that was killed (SIGKILL: no handler runs) from one still being
 * written, and remove it (sweepStale).
 */
const TEMP_NAME = /^\..*\.[0-9a-f]{24}\.p(\d+)\.tmp(?:-journal|-wal|-shm)?$/;

/** Whether process `pid` is alive on this machine (a process of another user counts as alive). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes from `dir` the temporary files of this writer (and their SQLite side files) that a
 * killed process left: ours by name and owner, and whose process is gone. Returns the names
 * removed. Never fails: a folder that cannot be read is left as it is.
 */
export function sweepStale(dir: string, pattern: RegExp = TEMP_NAME): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const f = path.join(dir, name);
    try {
      const st = fs.lstatSync(f);
      if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
      fs.unlinkSync(f);
      removed.push(f);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/**
 * Creates the temporary file for `file`: exclusive, no symlink followed, 0600 from creation.
 * The target is checked first (io/kept.ts): never the database, an input, a device, or an
 * existing file without --force — a UsageError, nothing created.
 */
function createTemp(file: string, check: TargetOptions | null = {}): { fd: number; tmp: string } {
  if (check) checkTarget(file, check);
  const dir = path.dirname(path.resolve(file));
  for (let attempt = 0; ; attempt++) {
    // the name cut short, so that a target name near the limit of 255 bytes still has a temporary one
    const tmp = path.join(dir, `.${path.basename(file).slice(0, 80)}.${randomBytes(12).toString('hex')}.p${process.pid}.tmp`);
    try {
      const fd = fs.openSync(tmp, CREATE_FLAGS, 0o600);
      live.add(tmp);
      return { fd, tmp };
    } catch (err) {
      // a name taken (by chance, or planted): draw another; anything else is a real failure
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw writeError(file, err);
    }
  }
}

function discard(fd: number | null, tmp: string): void {
  if (fd !== null) {
    try {
      fs.closeSync(fd);
    } catch {
      // closed already
    }
  }
  unlinkAll(tmp);
  live.delete(tmp);
}

/**
 * Makes a complete, closed temporary file the target, and the rename durable. With noReplace
 * an existing target is never overwritten, even one created a moment ago (link, then unlink:
 * link fails with EEXIST where rename would replace).
 */
function moveIntoPlace(tmp: string, file: string, noReplace = false): void {
  if (noReplace) {
    fs.linkSync(tmp, file);
    fs.unlinkSync(tmp);
  } else fs.renameSync(tmp, file);
  live.delete(tmp);
  try {
    const dirFd = fs.openSync(path.dirname(path.resolve(file)), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // some file systems cannot fsync a folder; the rename itself is done
  }
}

/**
 * Writes a whole file atomically (see the top of this file); a failure throws one StoreError line.
 * An existing file is replaced only with --force, or `replace` (a file that is the tool's own).
 */
export function writeFileAtomic(file: string, data: string | Buffer, opts: TargetOptions = {}): void {
  const { fd, tmp } = createTemp(file, opts);
  let open: number | null = fd;
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    try {
      fs.fsyncSync(fd);
    } finally {
      open = null;
      fs.closeSync(fd);
    }
    // again at the last moment: a file may have appeared under the name meanwhile
    checkTarget(file, opts);
    moveIntoPlace(tmp, file);
  } catch (err) {
    discard(open, tmp);
    if (err instanceof UsageError) throw err;
    throw writeError(file, err);
  }
}

/** A file being written as a stream: appears under its name only on close(). */
export interface AtomicFile {
  /** Writes a chunk; a promise when the disk is behind (await it before writing more). */
  write(chunk: string | Buffer): Promise<void> | undefined;
  /** Flushes, fsyncs and renames into place; rejects (and removes the temporary file) on failure. */
  close(): Promise<void>;
  /** Removes the temporary file; the target is untouched. */
  abort(): void;
}

/** Opens `file` for streaming through a temporary file (see the top of this file). */
export function openAtomic(file: string, opts: TargetOptions = {}): AtomicFile {
  const { fd, tmp } = createTemp(file, opts);
  // the stream owns the descriptor: it fsyncs it (flush) and closes it after its last write
  const out = fs.createWriteStream('', { fd, flush: true });
  let failed: unknown = null;
  let done = false;
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
  out.on('error', (err) => {
    failed ??= err;
  });
  const check = () => {
    if (failed) throw writeError(file, failed);
  };
  return {
    write(chunk) {
      check();
      if (out.write(chunk)) return undefined;
      return new Promise<void>((resolve, reject) => {
        const settle = () => {
          out.off('drain', settle);
          out.off('close', settle);
          if (failed) reject(writeError(file, failed));
          else resolve();
        };
        out.once('drain', settle);
        out.once('close', settle);
      });
    },
    async close() {
      if (done) return;
      done = true;
      try {
        check();
        out.end();
        await closed;
        check();
        // again at the last moment: a file may have appeared under the name while it was written
        checkTarget(file, opts);
        moveIntoPlace(tmp, file);
      } catch (err) {
        discard(null, tmp);
        if (err instanceof UsageError) throw err;
        throw writeError(file, err);
      }
    },
    abort() {
      if (done) return;
      done = true;
      out.destroy();
      discard(null, tmp);
    },
  };
}

/**
 * A temporary file for a writer that takes a path rather than data (SQLite's backup API): made
 * like the others (random, exclusive, 0600, in the registry), filled by the caller, then
 * published (fsync'd and moved into place) or discarded (with any journal SQLite left beside it).
 */
export interface TempFile {
  readonly path: string;
  publish(opts?: { noReplace?: boolean }): void;
  discard(): void;
}

export function createTempFile(file: string): TempFile {
  // checked when it is published (the copy a restore works on is never published)
  const { fd, tmp } = createTemp(file, null);
  fs.closeSync(fd);
  return {
    path: tmp,
    publish(opts = {}) {
      try {
        checkTarget(file, { replace: opts.noReplace });
      } catch (err) {
        discard(null, tmp);
        throw err;
      }
      try {
        const f = fs.openSync(tmp, 'r+');
        try {
          fs.fsyncSync(f);
        } finally {
          fs.closeSync(f);
        }
        moveIntoPlace(tmp, file, opts.noReplace);
      } catch (err) {
        discard(null, tmp);
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StoreError(`cannot write ${file}: it exists already; nothing was written`, `无法写入 ${file}：文件已存在，未写入任何内容`);
        throw writeError(file, err);
      }
    },
    discard() {
      discard(null, tmp);
    },
  };
}

/** The name of standard input's copy: random, with the process id (sweepStale). */
const STDIN_NAME = /^fangkong-stdin-[0-9a-f]{24}\.p(\d+)\.(?:csv|xlsx)$/;

/**
 * Standard input (an import of `-`) copied into a temporary file of os.tmpdir(), owner-only
 * (0600), exclusive and random-named, so that the one import pipeline reads it as any file
 * (its kind is told from its bytes). Where the system gives a path to an open descriptor
 * (Linux: /proc/self/fd/N) the name is removed at once and the file read through the
 * descriptor: nothing is left, even after SIGKILL. Elsewhere the name stays while the import
 * runs (removed by `remove` and by the signal handlers), and a copy a killed process left is
 * removed by the next import from standard input.
 */
export async function stdinToTempFile(stdin: NodeJS.ReadableStream): Promise<{ path: string; remove(): void }> {
  const os = await import('node:os');
  const dir = os.tmpdir();
  sweepStale(dir, STDIN_NAME);
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const data = Buffer.concat(chunks);
  const ext = data[0] === 0x50 && data[1] === 0x4b ? '.xlsx' : '.csv';
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(dir, `fangkong-stdin-${randomBytes(12).toString('hex')}.p${process.pid}${ext}`);
    let fd: number;
    try {
      fd = fs.openSync(tmp, CREATE_FLAGS, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw writeError(tmp, err);
    }
    live.add(tmp);
    const drop = () => {
      unlinkAll(tmp);
      live.delete(tmp);
    };
    try {
      let off = 0;
      while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    } catch (err) {
      fs.closeSync(fd);
      drop();
      throw writeError(tmp, err);
    }
    const byFd = `/proc/self/fd/${fd}`;
    let open = true;
    if (fs.existsSync(byFd)) {
      // read through the descriptor from now on: the name goes at once
      drop();
      return {
        path: byFd,
        remove() {
          if (open) fs.closeSync(fd);
          open = false;
        },
      };
    }
    fs.closeSync(fd);
    return { path: tmp, remove: drop };
  }
}
