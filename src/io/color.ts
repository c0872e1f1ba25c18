/**
 * How much colour each stream takes, as supports-color (v10, the last major on Node 20) detects
 * it: FORCE_COLOR=0/1/2/3 (and "true"/"false"), TERM=dumb, CI services, COLORTERM, a pipe or a
 * file (none unless forced). Flags are not sniffed from argv: `--no-color` is ours
 * (cli/context.ts), as is NO_COLOR, which supports-color leaves to the program.
 */
import { createSupportsColor } from 'supports-color';

export type ColorLevel = 0 | 1 | 2 | 3;

/** The colour level (0 none, 1 basic, 2 256 colours, 3 true colour) of a stream. */
export function colorLevelOf(stream: { isTTY?: boolean }): ColorLevel {
  const s = createSupportsColor(stream as never, { sniffFlags: false });
  return s ? (s.level as ColorLevel) : 0;
}
