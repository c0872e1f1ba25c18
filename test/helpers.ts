import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Deps, Prompter } from '../src/cli/context.js';
import { main } from '../src/cli/main.js';
import { openStore } from '../src/store/db.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'fangkong');

/**
 * An instant given as China Standard Time wall-clock (the office's clock), month from 0 as in
 * Date: the same instant whatever the machine's TZ.
 */
export function cst(y: number, month: number, d: number, h = 0, min = 0, s = 0): Date {
  return new Date(Date.UTC(y, month, d, h - 8, min, s));
}

/** A config file that is not there: tests never read the config file of the user running them (a test of the config file sets FANGKONG_CONFIG). */
export const NO_CONFIG = path.join(os.tmpdir(), 'fangkong-test-no-config', 'config.json');

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-test-'));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real bin/fangkong with no TTY (pipes), like a nightly script. */
export function runBin(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): CliResult {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LANG: 'C', FANGKONG_CONFIG: NO_CONFIG, ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env,
    input: opts.input ?? '',
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs main() in-process with fake streams; tty decides what the command thinks it is talking to. */
export async function runMain(
  args: string[],
  opts: { tty?: boolean; prompter?: Prompter; env?: Record<string, string>; now?: Date } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const noPrompt: Prompter = {
    input: async () => {
      throw new Error('unexpected prompt');
    },
    select: async () => {
      throw new Error('unexpected prompt');
    },
  };
  const deps: Deps = {
    io: { stdout, stderr, stdin: new PassThrough(), stdoutIsTTY: !!opts.tty, stdinIsTTY: !!opts.tty, stderrIsTTY: !!opts.tty },
    env: { LANG: 'C', FANGKONG_CONFIG: NO_CONFIG, ...opts.env },
    now: () => opts.now ?? cst(2022, 10, 21, 10, 0, 0),
    prompter: opts.prompter ?? noPrompt,
    username: () => 'tester',
  };
  const code = await main(args, deps);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out, stderr: err };
}

/** Opens a database read-only to check what a command left behind. */
export function query<T = Record<string, unknown>>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const VALID = {
  name: '张三',
  id: '11010519491231002X',
  phone: '13800138000',
  origin: '广东省深圳市南山区',
  date: '2022-11-20',
  destination: '城关镇幸福路8号',
};

/** A valid ID number built from region, birth date and sequence, with its check character. */
export function makeId(region: string, birth: string, seq: string): string {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = region + birth + seq;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * W[i];
  return s + '10X98765432'[sum % 11];
}

export function addArgs(over: Partial<Record<string, string>> = {}): string[] {
  const v = {
    '--name': VALID.name,
    '--id-number': VALID.id,
    '--phone': VALID.phone,
    '--origin': VALID.origin,
    '--arrival-date': VALID.date,
    '--transport': 'train',
    '--destination': VALID.destination,
    ...over,
  };
  const args = ['arrival', 'add'];
  for (const [k, val] of Object.entries(v)) if (val !== undefined) args.push(k, val);
  return args;
}

/** Creates an empty fangkong database, as `fangkong init` does (only init and demo create one). */
export function initDb(file: string): string {
  openStore(file).close();
  return file;
}
