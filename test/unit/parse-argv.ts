/**
 * argv → options, without running anything: a verb's command(cli) with every action replaced by a
 * spy, parsed as commander parses it. Shared by the test/unit/argv-*.test.ts tables.
 */
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { cliFrom, type Cli } from '../../src/cli/context.js';

export const cli: Cli = cliFrom(
  {
    io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: {},
    now: () => new Date(2022, 10, 21),
    prompter: { input: async () => '', select: async () => '' },
    username: () => 'tester',
  },
  'en',
);

export interface Parsed {
  /** The command whose action ran: "rules set". */
  command: string;
  args: unknown[];
  flags: Record<string, unknown>;
}

/** What commander hands the action of the command the line names; or the one-line error it writes. */
export async function parseArgv(cmd: Command, argv: string[]): Promise<Parsed | { error: string }> {
  let got: Parsed | undefined;
  let error = '';
  const wire = (c: Command, path: string[]): void => {
    c.exitOverride();
    c.configureOutput({ writeOut: () => {}, writeErr: (s) => (error += s) });
    c.action((...all: unknown[]) => {
      got = { command: path.join(' '), args: all.slice(0, -2), flags: { ...(all[all.length - 2] as Record<string, unknown>) } };
    });
    for (const sub of c.commands) wire(sub, [...path, sub.name()]);
  };
  wire(cmd, [cmd.name()]);
  try {
    await cmd.parseAsync(argv, { from: 'user' });
  } catch {
    return { error: error.trim() };
  }
  return got!;
}
