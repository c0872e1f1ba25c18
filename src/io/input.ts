/**
 * Opening a file a user names for reading (an import, a policy, a unit's report): only a regular
 * file, refused at once otherwise — a FIFO would hang the command, /dev/zero would fill memory
 * (std::bad_alloc) — and, for files read whole, no larger than a limit.
 */
import fs from 'node:fs';
import { zhCause } from '../domain/causes.js';
import { StoreError, UsageError } from '../domain/errors.js';
import { keepInput } from './kept.js';

function what(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'something else';
}

function whatZh(st: fs.Stats): string {
  if (st.isDirectory()) return '文件夹';
  if (st.isFIFO()) return '命名管道（FIFO）';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备';
  if (st.isSocket()) return '套接字';
  return '其他东西';
}

/**
 * Opens a regular file for reading and returns its descriptor and size. Opened without blocking
 * (a FIFO with no writer would wait for ever), then checked on the descriptor itself, so the
 * name cannot be swapped between the check and the read.
 */
export function openRegular(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StoreError(`cannot read ${file}: no such file`, `无法读取 ${file}：文件不存在`);
    if (code === 'EISDIR') throw new StoreError(`cannot read ${file}: it is a folder, not a file`, `无法读取 ${file}：这是文件夹，不是文件`);
    throw new StoreError(`cannot read ${file}: ${(err as Error).message.split('\n')[0]}`, `无法读取 ${file}：${zhCause(err)}`);
  }
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw new StoreError(
      `cannot read ${file}: ${st.isDirectory() ? 'it is a folder, not a file' : `not a regular file but ${what(st)}`}`,
      `无法读取 ${file}：${st.isDirectory() ? '这是文件夹，不是文件' : `这不是普通文件，而是${whatZh(st)}`}`,
    );
  }
  // a file this command reads is never a file it writes (io/kept.ts)
  keepInput(st, file);
  return { fd, size: st.size };
}

/** A regular file read whole as UTF-8 (BOM dropped), refused when larger than maxBytes. */
export function readSmallText(file: string, maxBytes: number): string {
  const { fd, size } = openRegular(file);
  try {
    if (size > maxBytes) throw new UsageError(`${file} is ${size} bytes, more than the ${maxBytes} this file may have: is it the right file?`, `${file} 有 ${size} 字节，超过这类文件的上限 ${maxBytes} 字节：文件选对了吗？`);
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    fs.closeSync(fd);
  }
}
