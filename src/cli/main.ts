/**
 * The entry point, and the one place that turns errors into a line on stderr and an exit code
 * (DESIGN.md: 0 done, 1 failed, 2 usage, 3 rejections). The command tree (program.ts) is loaded
 * only when a command runs, so `fangkong --version` starts as fast as Node itself.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { FangkongError, StoreError, UsageError, ValidationError } from '../domain/errors.js';
import { fieldLabel, langFrom, reason, translator, type Lang } from '../domain/i18n.js';
import { helpArgv } from './argv.js';
import { checkArgv, checkText, shown } from '../domain/text.js';
import { removeTempFiles } from '../io/files.js';
import type { Deps, Prompter } from './context.js';

/** Exit codes of DESIGN.md. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  rejections: 3,
} as const;

/** Error kinds → exit codes, the first that matches; anything else is 1. */
const EXIT_CODES: Array<[abstract new (...args: never[]) => Error, number]> = [
  [UsageError, ExitCode.usage],
  [StoreError, ExitCode.failed],
];

export function exitCodeOf(err: unknown): number {
  for (const [kind, code] of EXIT_CODES) if (err instanceof kind) return code;
  return ExitCode.failed;
}

/**
 * The language, read from argv before commander parses it (help text needs it): --lang, else
 * FANGKONG_LANG, else the config file's, else LC_ALL / LC_MESSAGES / LANG / LANGUAGE, else the system's.
 */
function langOf(argv: string[], env: Record<string, string | undefined>, configured?: string): Lang {
  let explicit: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') explicit = argv[i + 1];
    else if (a.startsWith('--lang=')) explicit = a.slice(7);
  });
  return langFrom(explicit ?? (env.FANGKONG_LANG ? undefined : configured), env, () => Intl.DateTimeFormat().resolvedOptions().locale);
}

/** An error as one line in the user's language: ID and phone numbers masked, hidden characters shown as U+XXXX (domain/text.ts). */
export function formatError(err: unknown, lang: Lang): string {
  return shown(errorLine(err, lang), 1000);
}

function errorLine(err: unknown, lang: Lang): string {
  const prefix = lang === 'zh' ? '错误：' : 'error: ';
  if (err instanceof ValidationError) {
    const sep = lang === 'zh' ? '：' : ': ';
    return prefix + err.problems.map((p) => `${fieldLabel(p.field, lang)}${sep}${reason(p.code, p.params, lang)}`).join(lang === 'zh' ? '；' : '; ');
  }
  if (err instanceof FangkongError && lang === 'zh' && err.zh) return prefix + err.zh.split('\n')[0];
  if (err instanceof Error) return prefix + err.message.split('\n')[0];
  return prefix + String(err);
}

/** Runs the program on argv (without node and script); resolves to the exit code. */
export async function main(argv: string[], deps: Deps): Promise<number> {
  argv = helpArgv(argv);
  let lang = langOf(argv, deps.env);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    deps.io.stdout.write(`${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}\n`);
    return ExitCode.ok;
  }
  // a newline or an escape sequence in any word: one line, before a parser could echo it raw
  const hidden = checkArgv(argv);
  if (hidden) {
    deps.io.stderr.write(formatError(new ValidationError(hidden), lang) + '\n');
    return ExitCode.usage;
  }
  // loaded after --version has been answered: start-up stays as lean as Node itself
  const { cliFrom } = await import('./context.js');
  // the config file, read once: a broken one is one line naming it (exit 2), whatever the command
  const { configPath, readConfig } = await import('../io/config.js');
  const configFile = configPath(deps.env);
  let config;
  try {
    config = readConfig(configFile, translator(lang));
  } catch (err) {
    deps.io.stderr.write(formatError(err, lang) + '\n');
    return exitCodeOf(err);
  }
  lang = langOf(argv, deps.env, config.lang);
  const cli = cliFrom({ ...deps, prompter: policed(deps.prompter, lang) }, lang, config, configFile);
  const { loadProgram } = await import('./program.js');
  const program = await loadProgram(cli, argv);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return cli.outcome.rejections ? ExitCode.rejections : ExitCode.ok;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      // commander has already written its one-line message (or the help / version)
      return (err as { exitCode?: number }).exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof Error && err.name === 'ExitPromptError') {
      deps.io.stderr.write(lang === 'zh' ? '已取消，未写入任何内容\n' : 'cancelled: nothing was written\n');
      return ExitCode.usage;
    }
    if (err instanceof FangkongError) {
      deps.io.stderr.write(formatError(err, lang) + '\n');
      return exitCodeOf(err);
    }
    // SQLite's busy timeout; PostgreSQL's lock timeout, serialization failure, deadlock (store/pg/driver.ts)
    if (code === 'SQLITE_BUSY' || code === '55P03' || code === '40001' || code === '40P01') {
      deps.io.stderr.write(
        lang === 'zh'
          ? '错误：数据库正忙（另一个 fangkong 正在写入，如导入）：请稍后重试，未写入任何内容\n'
          : 'error: the database is busy (another fangkong is writing to it, an import perhaps): try again in a minute; nothing was written\n',
      );
      return ExitCode.failed;
    }
    if (code === '42501') {
      // PostgreSQL: the role of the database user may not do this (fangkong db roles)
      const detail = (err as Error).message.split('\n')[0];
      deps.io.stderr.write(
        lang === 'zh'
          ? `错误：数据库拒绝：当前数据库用户的角色无权执行此操作（${detail}），未写入任何内容\n`
          : `error: the database refused: the role of this database user may not do this (${detail}); nothing was written\n`,
      );
      return ExitCode.failed;
    }
    if (deps.env.FANGKONG_DEBUG === '1' && err instanceof Error) deps.io.stderr.write((err.stack ?? String(err)) + '\n');
    const msg = formatError(err, lang);
    deps.io.stderr.write(
      msg + (deps.env.FANGKONG_DEBUG === '1' ? '\n' : lang === 'zh' ? '（设置 FANGKONG_DEBUG=1 查看详情）\n' : ' (set FANGKONG_DEBUG=1 for details)\n'),
    );
    return ExitCode.failed;
  }
}

/** A prompter whose every typed value passes the input policy (domain/text.ts) before its own check. */
function policed(p: Prompter, lang: Lang): Prompter {
  return {
    ...p,
    input: (q) =>
      p.input({
        ...q,
        validate: (v) => {
          const refused = checkText('value', v);
          if (refused) return reason(refused.code, refused.params, lang);
          return q.validate ? q.validate(v) : true;
        },
      }),
  };
}

/** Prompts through @inquirer/prompts, loaded only when a prompt is actually shown. */
const inquirerPrompter: Prompter = {
  async input(p) {
    const { input } = await import('@inquirer/prompts');
    return input({ message: p.message, default: p.default, validate: p.validate });
  },
  async select(p) {
    const { select } = await import('@inquirer/prompts');
    return select({ message: p.message, choices: p.choices, default: p.default });
  },
};

/** The real dependencies of a process. */
export function processDeps(): Deps {
  return {
    io: {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      stdinIsTTY: Boolean(process.stdin.isTTY),
      stderrIsTTY: Boolean(process.stderr.isTTY),
    },
    env: process.env,
    now: () => new Date(),
    prompter: inquirerPrompter,
    username: () => {
      try {
        return os.userInfo().username;
      } catch {
        return process.env.USER ?? 'unknown';
      }
    },
  };
}

/**
 * What a process does on its way out, installed once by cli(): on SIGINT / SIGTERM the
 * temporary files of unfinished writes are removed (io/files.ts), the cursor a progress bar hid
 * is shown again (and line wrap on), and the exit code is 128 + the signal (an open transaction is never committed);
 * a reader that went away (`| head`: EPIPE on stdout) ends the process quietly with 0.
 */
function installExitHandlers(): void {
  const stop = (code: number) => () => {
    removeTempFiles();
    // what a progress bar changed (cursor hidden, line wrap off), put back, below its line
    if (process.stderr.isTTY) process.stderr.write('\x1b[?7h\x1b[?25h\n');
    process.exit(code);
  };
  process.once('SIGINT', stop(130));
  process.once('SIGTERM', stop(143));
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    removeTempFiles();
    process.exit(0);
  });
}

/** Entry point of bin/fangkong. */
export async function cli(): Promise<void> {
  installExitHandlers();
  const deps = processDeps();
  const { colorLevelOf } = await import('../io/color.js');
  deps.io.colorLevel = { stdout: colorLevelOf(process.stdout), stderr: colorLevelOf(process.stderr) };
  const code = await main(process.argv.slice(2), deps);
  process.exitCode = code;
}
