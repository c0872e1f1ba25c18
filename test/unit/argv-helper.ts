/**
 * Parsing a verb's command line without running it: argv → the Options its run() would get, or
 * what commander hands the action of a noun's subcommand. Shared by the argv-*.test.ts tables.
 */
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { cliFrom, type Cli } from '../../src/cli/context.js';
import { cst } from '../helpers.js';

export const cli: Cli = cliFrom(
  {
    io: { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false },
    env: {},
    now: () => cst(2022, 10, 23, 9),
    prompter: { input: async () => '', select: async () => '' },
    username: () => 'tester',
  },
  'en',
);

/** The verb's command() parses the line; its parse() gets what commander gives the action. */
export async function options<O>(cmd: Command, parse: (args: string[], flags: Record<string, unknown>) => O, argv: string[]): Promise<O> {
  let got: O | undefined;
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  cmd.action((...all: unknown[]) => {
    got = parse(all.slice(0, -2) as string[], all[all.length - 2] as Record<string, unknown>);
  });
  await cmd.parseAsync(argv, { from: 'user' });
  return got!;
}

/** parse() of a verb with no positional arguments (flagsOnly). */
export const flags = <O>(_a: string[], f: Record<string, unknown>) => ({ ...f }) as O;

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
