/**
 * Why the system, SQLite, PostgreSQL or a parser refused, said in Chinese. An error's English line
 * carries the library's own words (err.message, kept as it is); the Chinese line (errors.ts, `zh`)
 * says the same from the error's code here. A code not known here keeps the library's words.
 */
import { FangkongError } from './errors.js';

/** By Node's errno code (file system and network). */
const ERRNO: Record<string, string> = {
  ENOENT: '文件或文件夹不存在',
  EACCES: '没有权限',
  EPERM: '没有权限',
  EISDIR: '这是一个文件夹',
  ENOTDIR: '路径中有一段不是文件夹',
  EEXIST: '已经存在',
  ENOSPC: '磁盘已满（ENOSPC）',
  EDQUOT: '磁盘配额已用完（EDQUOT）',
  EFBIG: '文件超过了大小限制（EFBIG）',
  EIO: '读写出错（EIO）',
  EROFS: '文件系统是只读的',
  EMFILE: '打开的文件太多',
  ENFILE: '打开的文件太多',
  ENAMETOOLONG: '文件名太长',
  ELOOP: '符号链接层数太多',
  ECONNREFUSED: '连接被拒绝，这个地址和端口上没有服务器在运行（ECONNREFUSED）',
  ENOTFOUND: '找不到这个主机名（ENOTFOUND）',
  EAI_AGAIN: '暂时无法解析这个主机名（EAI_AGAIN）',
  ETIMEDOUT: '连接超时（ETIMEDOUT）',
  ECONNRESET: '连接被服务器断开（ECONNRESET）',
  EHOSTUNREACH: '无法到达这台主机（EHOSTUNREACH）',
  ENETUNREACH: '网络不通（ENETUNREACH）',
};

/** By SQLite's result code, extended codes by their primary one (SQLITE_IOERR_SHORT_READ → SQLITE_IOERR). */
const SQLITE: Record<string, string> = {
  SQLITE_NOTADB: '这不是数据库文件',
  SQLITE_CORRUPT: '数据库文件已损坏',
  SQLITE_CANTOPEN: '无法打开这个文件',
  SQLITE_READONLY: '数据库是只读的，不能写入',
  SQLITE_FULL: '磁盘已满',
  SQLITE_IOERR: '读写出错',
  SQLITE_BUSY: '数据库正忙（另一个程序正在写入）',
  SQLITE_LOCKED: '数据库被锁定',
  SQLITE_PERM: '没有权限',
  SQLITE_AUTH: '没有权限',
  SQLITE_NOMEM: '内存不足',
};

/** By PostgreSQL's SQLSTATE. */
const PG: Record<string, string> = {
  '3D000': '服务器上没有这个数据库',
  '28P01': '密码错误',
  '28000': '服务器拒绝这个用户登录（没有这个用户，或未准许它登录）',
  '42501': '没有权限',
  '3F000': '没有这个模式（schema）',
  '53300': '服务器的连接数已满',
  '57P01': '服务器关闭了连接',
  '57P02': '服务器关闭了连接',
  '57P03': '服务器正在启动或关闭，暂时不能连接',
  '55P03': '数据库正忙（另一处正在写入）',
  '40001': '数据库正忙（另一处正在写入）',
  '40P01': '数据库正忙（另一处正在写入）',
};

/** The Chinese reason of `err`: its own Chinese text (a FangkongError's), else from its code, else its own first line. */
export function zhCause(err: unknown): string {
  if (err instanceof FangkongError && err.zh) return err.zh.split('\n')[0];
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const e = err as { syscall?: string; path?: string };
    // mkdir of a folder where a file is: Node says EEXIST (file already exists, mkdir 'PATH')
    if (code === 'EEXIST' && e.syscall === 'mkdir' && e.path) return `${e.path} 已存在，但不是文件夹`;
    if (ERRNO[code]) return ERRNO[code];
    if (PG[code]) return PG[code];
    if (code.startsWith('08')) return '与数据库服务器的连接出错';
    const primary = code.match(/^SQLITE_[A-Z]+/)?.[0];
    if (primary && SQLITE[primary]) return SQLITE[primary];
  }
  if (err instanceof SyntaxError) return `不是有效的 JSON${jsonWhere(err.message)}`;
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0];
}

/** Where JSON.parse stopped, in Chinese: "（第 3 行第 5 列）", "（第 12 个字符处）", or nothing. */
export function jsonWhere(message: string): string {
  const lc = message.match(/line (\d+) column (\d+)/);
  if (lc) return `（第 ${lc[1]} 行第 ${lc[2]} 列）`;
  const pos = message.match(/position (\d+)/);
  if (pos) return `（第 ${Number(pos[1]) + 1} 个字符处）`;
  if (/end of (JSON|data) input/i.test(message)) return '（内容不完整）';
  const token = message.match(/Unexpected token '?(.)'?/);
  if (token) return `（出现了意外的字符“${token[1]}”）`;
  return '';
}
