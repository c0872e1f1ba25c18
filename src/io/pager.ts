/**
 * The pager: on a terminal, output longer than the screen goes through `$PAGER` (as git does):
 * FANGKONG_PAGER, else PAGER, else `less -FRX` (-F: quits at once when it fits, -R: keeps
 * colour, -X: leaves the text on screen). Either variable set to the empty string, or
 * `--no-pager`, turns it off; piped or written to a file, never (cli/context.ts decides).
 */
import { spawn } from 'node:child_process';

export const DEFAULT_PAGER = 'less -FRX';

/** The pager's command line from the environment; null when one of the variables is set empty (or, on Windows, none is set: no less there). */
export function pagerCommand(env: Record<string, string | undefined>, platform: string = process.platform): string | null {
  const given = env.FANGKONG_PAGER ?? env.PAGER;
  if (given === undefined) return platform === 'win32' ? null : DEFAULT_PAGER;
  return given.trim() === '' ? null : given;
}

export interface Pager {
  /** Writes a piece; waits while the pager is behind; false once the pager has quit (stop writing). */
  write(chunk: string | Buffer): Promise<boolean>;
  /** No more input: waits for the pager to quit; its exit code (127: the shell found no such command). */
  close(): Promise<number | null>;
}

/** Starts the pager on the terminal (its stdout and stderr are ours), reading what we write. */
export function openPager(command: string, env: Record<string, string | undefined>): Pager {
  // LESS and LV as git sets them, when unset: colour kept, no screen clearing
  const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', LV: '-c', ...env } });
  let gone = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(127));
  });
  child.once('exit', () => (gone = true));
  child.once('error', () => (gone = true));
  // the user quit the pager before the end (q in less): EPIPE, not an error
  child.stdin.on('error', () => (gone = true));
  return {
    async write(chunk) {
      if (gone) return false;
      if (!child.stdin.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            child.stdin.off('drain', done);
            child.stdin.off('close', done);
            resolve();
          };
          child.stdin.once('drain', done);
          child.stdin.once('close', done);
        });
      }
      return !gone;
    },
    async close() {
      if (!gone) child.stdin.end();
      return exited;
    },
  };
}
