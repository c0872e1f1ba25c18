/** Helpers for the safety tests: a big database fast, a process under a file-size limit. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, backendArgs, makeId, openTestStore } from './helpers.js';

/** A database with `n` arrivals (distinct people), written directly: seconds for 100,000. */
export function bigDb(file: string, n: number): string {
  const store = openTestStore(file);
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const birth = `19${50 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
      store.arrivals.insert(
        {
          name: '人员', id_number: makeId(String(110101 + Math.floor(i / 1000)), birth, String(i % 1000).padStart(3, '0')), phone: '13800138000',
          origin: '广东省深圳市', arrival_date: '2022-11-10', arrival_time: null, transport: 'train', vehicle: null,
          destination: `城关镇幸福路${i}号`, township: '城关镇', contact_type: 'none', exposure_date: null, note: null,
        },
        '2022-11-10T10:00:00',
        'tester',
      );
    }
  });
  store.close();
  return file;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs bin/fangkong under a file-size limit (bytes), with SIGXFSZ ignored (as Node does too), so
 * a write past the limit fails with EFBIG instead of killing the process.
 */
export function runLimited(fsize: number, args: string[], cwd?: string): Run {
  const quoted = [process.execPath, BIN, ...backendArgs(args)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('sh', ['-c', `trap '' XFSZ; exec prlimit --fsize=${fsize} ${quoted}`], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd ?? process.env.HOME ?? '/tmp', LANG: 'C' },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts bin/fangkong; resolves when it ends. */
export function start(args: string[], cwd?: string): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...backendArgs(args)], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd ?? '/tmp', LANG: 'C' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Files of a folder other than the databases (and their -wal / -shm) the test made. */
export function leftovers(dir: string, keep: (f: string) => boolean = (f) => /\.db(-wal|-shm|\.key)?$/.test(f)): string[] {
  return fs.readdirSync(dir).filter((f) => !keep(f)).sort();
}

/** Waits until a file matching `test` appears in `dir` (up to `ms`). */
export async function waitForFile(dir: string, test: (f: string) => boolean, ms = 10_000): Promise<string | null> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const f = fs.readdirSync(dir).find(test);
    if (f) return path.join(dir, f);
    await new Promise((r) => setTimeout(r, 2));
  }
  return null;
}
