/**
 * Issue 23, point 9: a verb's option whose long name is a global option's is swallowed by the
 * global one (`audit list --actor nobody` listed every actor's rows). Walks the whole command
 * tree and fails on any verb that declares one.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/cli/program.js';
import { cli, parseArgv } from './argv-helper.js';

/** Every command below the program, with its path ("audit list"). */
function walk(cmd: Command, path: string[] = []): Array<{ path: string; cmd: Command }> {
  return cmd.commands.flatMap((c) => [{ path: [...path, c.name()].join(' '), cmd: c }, ...walk(c, [...path, c.name()])]);
}

describe('no verb declares an option that a global option has', () => {
  it('the long names of every verb of the tree are not the global ones', async () => {
    const program = await loadProgram(cli, []);
    const globals = new Set(program.options.map((o) => o.long).filter((l): l is string => Boolean(l)));
    // the global options as this test knows them: a new global one is seen here too
    expect([...globals]).toEqual(expect.arrayContaining(['--db', '--lang', '--today', '--format', '--reveal', '--actor']));
    const commands = walk(program);
    expect(commands.length).toBeGreaterThan(60);
    const clashes = commands.flatMap(({ path, cmd }) =>
      cmd.options.filter((o) => o.long && (globals.has(o.long) || globals.has(o.long.replace(/^--no-/, '--')))).map((o) => `${path} ${o.long}`),
    );
    expect(clashes).toEqual([]);
  });

  it('audit list filters by who acted with --by; --actor stays the global option (who is acting)', async () => {
    const program = await loadProgram(cli, ['audit']);
    const got = await parseArgv(program, ['audit', 'list', '--by', 'nobody']);
    expect(got).toMatchObject({ command: 'fangkong audit list', flags: { by: 'nobody' } });
    expect((got as { flags: Record<string, unknown> }).flags.actor).toBeUndefined();
  });
});
