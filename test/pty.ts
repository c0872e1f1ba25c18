/**
 * A real terminal for e2e tests: bin/fangkong run under script(1), which gives it a
 * pseudo-terminal for stdin, stdout and stderr (20 rows × 120 columns unless told), and
 * returns what the terminal showed.
 */
import { spawnSync } from 'node:child_process';
import { BIN, backendArgs, backendEnv } from './helpers.js';

export interface TerminalRun {
  code: number | null;
  /** Everything written to the terminal (stdout and stderr together, \r\n line ends). */
  screen: string;
}

export function onTerminal(args: string[], env: Record<string, string>, o: { rows?: number; cols?: number; home?: string } = {}): TerminalRun {
  const quoted = [process.execPath, BIN, ...backendArgs(args)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-q', '-e', '-c', `stty rows ${o.rows ?? 20} cols ${o.cols ?? 120}; ${quoted}`, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: o.home ?? process.env.HOME ?? '/tmp', LANG: 'C', TERM: 'xterm', ...backendEnv(env) },
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, screen: r.stdout };
}
