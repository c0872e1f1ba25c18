/**
 * fangkong assign — the old spelling of `fangkong quarantine assign`, kept so that scripts and
 * habits go on working; the same command, left out of the list of commands in help.
 */
import type { Command } from 'commander';
import type { Cli } from './context.js';
import * as assign from './quarantine/assign.js';

/** Left out of `fangkong --help` (program.ts). */
export const hidden = true;

export function command(cli: Cli): Command {
  const cmd = assign.command(cli);
  return cmd.description(cli.t(`quarantine assign 的别名：${cmd.description()}`, `alias of quarantine assign: ${cmd.description()}`));
}
