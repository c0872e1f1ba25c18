/**
 * A database that cannot be opened, said in the user's language (store/db.ts): SQLite files (a
 * newer fangkong's, not a database, a folder, another application's, one that cannot be created)
 * and PostgreSQL databases on a real server (test/pg-server.ts): no fangkong schema yet, a
 * database the server does not have, a server that refuses the connection, a user it refuses,
 * tables of another application, a newer fangkong's schema. Through bin/fangkong: with --lang zh
 * one line, 错误：, no English word but what the user typed (test/zh-line.ts); with --lang en the
 * same line as before, byte for byte; exit code 1 in both.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { initDb, runBin, tmpDir } from '../helpers.js';
import { startPgServer, type PgServer } from '../pg-server.js';
import { expectZhLine } from '../zh-line.js';

let pg: PgServer;
let dir: string;
/** A loopback port nothing listens on. */
let closedPort: number;
beforeAll(async () => {
  pg = await startPgServer();
  dir = tmpDir();
  closedPort = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}, 60_000);
afterAll(() => {
  pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const nameOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** `fangkong --db DB --lang L ARGS…` in both languages: the same exit code, the English line as given, the Chinese one checked and returned. */
function both(db: string, args: string[], en: string, code = 1): string {
  const zh = runBin(['--db', db, '--lang', 'zh', ...args]);
  const e = runBin(['--db', db, '--lang', 'en', ...args]);
  expect(e.stderr).toBe(`error: ${en}\n`);
  expect(e.code).toBe(code);
  expect(zh.code, zh.stderr).toBe(code);
  return expectZhLine(zh.stderr, [db, ...args]);
}

describe('an SQLite file that cannot be opened', () => {
  it('of a newer fangkong', () => {
    const file = initDb(path.join(dir, 'newer.db'));
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const line = both(file, ['arrival', 'list'], `database ${file} was written by a newer fangkong (schema 99, this version knows ${LATEST_VERSION}): upgrade fangkong`);
    expect(line).toBe(`错误：数据库 ${file} 由更新版本的 fangkong 写入（结构版本 99，本版本只认识到 ${LATEST_VERSION}）：请升级 fangkong`);
  });

  it('a text file', () => {
    const file = path.join(dir, 'notes.db');
    fs.writeFileSync(file, 'not a database at all, a text file of one hundred bytes or more, written here by mistake: notes.\n');
    expect(both(file, ['arrival', 'list'], `cannot open database ${file}: file is not a database`)).toBe(`错误：无法打开数据库 ${file}：这不是数据库文件`);
  });

  it('a folder', () => {
    const folder = path.join(dir, 'a-folder');
    fs.mkdirSync(folder);
    expect(both(folder, ['arrival', 'list'], `${folder} is a folder, not a database file: give a file name with --db`)).toBe(`错误：${folder} 是文件夹，不是数据库文件：请用 --db 给出文件名`);
  });

  it("another application's SQLite database", () => {
    const file = path.join(dir, 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (a)');
    db.close();
    expect(both(file, ['arrival', 'list'], `${file} is an SQLite database but not a fangkong one: give another file with --db`)).toBe(`错误：${file} 是 SQLite 数据库，但不是 fangkong 的：请用 --db 给出另一个文件`);
  });

  it('one that cannot be created: a file where its folder should be', () => {
    const plain = path.join(dir, 'plain.txt');
    fs.writeFileSync(plain, 'x');
    const file = path.join(plain, 'county.db');
    const line = both(file, ['init'], `cannot create database ${file}: EEXIST: file already exists, mkdir '${plain}'`);
    expect(line).toBe(`错误：无法创建数据库 ${file}：${plain} 已存在，但不是文件夹`);
  });

  it('db roles, which is for PostgreSQL', () => {
    const file = initDb(path.join(dir, 'county.db'));
    const line = both(file, ['db', 'roles'], "db roles is for PostgreSQL: an SQLite file has no roles (its file permissions are the owner's only)");
    expect(line).toBe('错误：db roles 只用于 PostgreSQL：SQLite 文件没有角色（它的文件权限只给所有者）');
  });
});

describe('a PostgreSQL database that cannot be opened', () => {
  it('with no fangkong schema yet', () => {
    const url = pg.createDatabase();
    expect(both(url, ['arrival', 'list'], `no fangkong database at ${url}: create one with fangkong init`)).toBe(`错误：${url} 上没有 fangkong 数据库：新建请运行 fangkong init`);
  });

  it('that the server does not have', () => {
    const url = pg.url('no_such_county');
    expect(both(url, ['arrival', 'list'], `cannot connect to ${url}: database "no_such_county" does not exist`)).toBe(`错误：无法连接 ${url}：服务器上没有这个数据库`);
  });

  it('on a port where no server listens', () => {
    const url = `postgres://postgres@127.0.0.1:${closedPort}/county`;
    const line = both(url, ['arrival', 'list'], `cannot connect to ${url}: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(line).toBe(`错误：无法连接 ${url}：连接被拒绝，这个地址和端口上没有服务器在运行（ECONNREFUSED）`);
  });

  it('as a user the server does not know', () => {
    const url = pg.url('postgres', 'nobody');
    const line = both(url, ['arrival', 'list'], `cannot connect to ${url}: role "nobody" does not exist`);
    expect(line).toBe(`错误：无法连接 ${url}：服务器拒绝这个用户登录（没有这个用户，或未准许它登录）`);
  });

  it("with another application's tables", () => {
    const url = pg.createDatabase();
    pg.psql('CREATE TABLE t (a int)', nameOf(url));
    expect(both(url, ['arrival', 'list'], `${url} holds tables but not a fangkong schema: give another database with --db`)).toBe(`错误：${url} 中已有数据表，但不是 fangkong 的：请用 --db 给出另一个数据库`);
  });

  it("of a newer fangkong", () => {
    const url = pg.createDatabase();
    expect(runBin(['--db', url, 'init']).code).toBe(0);
    pg.psql('UPDATE schema_version SET version = 99', nameOf(url));
    const line = both(url, ['arrival', 'list'], `database ${url} was written by a newer fangkong (schema 99, this version knows ${LATEST_VERSION}): upgrade fangkong`);
    expect(line).toBe(`错误：数据库 ${url} 由更新版本的 fangkong 写入（结构版本 99，本版本只认识到 ${LATEST_VERSION}）：请升级 fangkong`);
  });

  it('copied into, when it holds data already', () => {
    const file = initDb(path.join(dir, 'to-copy.db'));
    const url = pg.createDatabase();
    expect(runBin(['--db', url, 'init']).code).toBe(0);
    const add = runBin(['--db', url, 'arrival', 'add', '--name', '张三', '--id-number', '11010519491231002X', '--phone', '13800138000', '--origin', '广东省深圳市南山区', '--arrival-date', '2022-11-20', '--transport', 'train', '--destination', '城关镇幸福路8号']);
    expect(add.code, add.stderr).toBe(0);
    const zh = runBin(['--db', file, '--lang', 'zh', 'db', 'copy', '--to', url]);
    const en = runBin(['--db', file, '--lang', 'en', 'db', 'copy', '--to', url]);
    expect(en.code).toBe(1);
    expect(zh.code).toBe(1);
    expect(en.stderr).toMatch(new RegExp(`^error: ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not empty \\(\\d+ rows, \\d+ audit rows\\): copy into a new database\\n$`));
    expect(expectZhLine(zh.stderr, [file, url])).toMatch(/不是空的（\d+ 行数据、\d+ 行审计记录）：请复制到一个新数据库$/);
  });
});
