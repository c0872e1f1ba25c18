/** Reading a command line before commander does (start-up loads only the command it names). */

/** Global options that take a value, so that their value is not taken for a command. */
const VALUED = new Set(['--db', '--lang', '--today', '--format', '--actor']);

/** Where the command a command line names stands in it, or -1. */
function nounAt(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (VALUED.has(a)) i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

/** The command a command line names, if any. */
export function nounOf(argv: string[]): string | undefined {
  const at = nounAt(argv);
  return at < 0 ? undefined : argv[at];
}

/** `fangkong help arrival add` is `fangkong arrival add --help` (global options kept where they are). */
export function helpArgv(argv: string[]): string[] {
  const at = nounAt(argv);
  if (at < 0 || argv[at] !== 'help') return argv;
  return [...argv.slice(0, at), ...argv.slice(at + 1), '--help'];
}
