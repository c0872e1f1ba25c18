/**
 * The program: global options, the command tree, and the one place that turns errors
 * into a line on stderr and an exit code (DESIGN.md: 0 done, 1 failed, 2 usage, 3 rejections).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, FangkongError, PartialSuccess, ValidationError } from '../domain/errors.js';
import { fieldLabel, langFrom, reason, type Lang } from '../domain/i18n.js';
import { L, setHelpLang } from './command.js';
import type { Deps, Prompter } from './context.js';
import * as area from './area/index.js';
import * as arrival from './arrival/index.js';
import * as assign from './assign.js';
import * as checkpoint from './checkpoint/index.js';
import * as inspect from './inspect/index.js';
import * as testCmd from './test/index.js';
import * as audit from './audit/index.js';
import * as config from './config/index.js';
import * as report from './report/index.js';
import * as policy from './policy/index.js';
import * as quarantine from './quarantine/index.js';
import * as site from './site/index.js';
import * as db from './db/index.js';
import * as demo from './demo.js';
import * as init from './init.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The language, read from argv before commander parses it (help text needs it). */
function langOf(argv: string[], env: Record<string, string | undefined>): Lang {
  let explicit: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') explicit = argv[i + 1];
    else if (a.startsWith('--lang=')) explicit = a.slice(7);
  });
  return langFrom(explicit, env.LC_ALL || env.LANG);
}

export function buildProgram(deps: Deps): Command {
  const program = new Command('fangkong')
    .description(L('防控：来返人员报备、隔离管控、卡点查验与每日报告', 'fangkong: arrivals, quarantine, checkpoint inspections and daily reports'))
    .version(pkg.version, '-V, --version', L('显示版本号', 'print the version'))
    .helpOption('-h, --help', L('显示帮助', 'show help'))
    .addHelpCommand(false)
    .option('--db <path>', L('数据库文件（默认 FANGKONG_DB，否则用户数据目录）', 'database file (default: FANGKONG_DB, else the per-user data folder)'))
    .option('--lang <lang>', L('界面语言 zh|en（默认看 LANG）', 'language zh|en (default from LANG)'))
    .option('--no-color', L('不用颜色（也遵从 NO_COLOR）', 'no colour (NO_COLOR is honoured too)'))
    .option('--today <date>', L('把这一天当作今天（脚本、补录用）', 'treat this date as today (for scripts and late entry)'))
    .addOption(new Option('--format <format>', L('输出格式 table|json|csv|markdown（终端默认 table，管道默认 json）', 'output format table|json|csv|markdown (default: table on a terminal, json otherwise)')))
    .option('--reveal', L('显示完整身份证号和手机号（记入审计日志）', 'show full ID numbers and phones (recorded in the audit log)'))
    .option('--actor <name>', L('操作人（记入审计日志，默认系统用户名）', 'who is acting, for the audit log (default: the OS user)'))
    .addCommand(init.command(deps))
    .addCommand(arrival.command(deps))
    .addCommand(area.command(deps))
    .addCommand(policy.command(deps))
    .addCommand(assign.command(deps))
    .addCommand(quarantine.command(deps))
    .addCommand(site.command(deps))
    .addCommand(checkpoint.command(deps))
    .addCommand(inspect.command(deps))
    .addCommand(testCmd.command(deps))
    .addCommand(report.command(deps))
    .addCommand(config.command(deps))
    .addCommand(audit.command(deps))
    .addCommand(db.command(deps))
    .addCommand(demo.command(deps))
    .showSuggestionAfterError(true);
  configure(program, deps);
  return program;
}

/** exitOverride, output streams and global options in help, on every command of the tree. */
function configure(cmd: Command, deps: Deps): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => deps.io.stdout.write(s),
    writeErr: (s) => deps.io.stderr.write(s),
  });
  cmd.configureHelp({ showGlobalOptions: true, sortSubcommands: false });
  for (const sub of cmd.commands) configure(sub, deps);
}

export function formatError(err: unknown, lang: Lang): string {
  const prefix = err instanceof PartialSuccess ? (lang === 'zh' ? '注意：' : 'warning: ') : lang === 'zh' ? '错误：' : 'error: ';
  if (err instanceof ValidationError) {
    const sep = lang === 'zh' ? '：' : ': ';
    return prefix + err.problems.map((p) => `${fieldLabel(p.field, lang)}${sep}${reason(p.code, p.params, lang)}`).join('; ');
  }
  if (err instanceof Error) return prefix + err.message.split('\n')[0];
  return prefix + String(err);
}

/** Runs the program on argv (without node and script); resolves to the exit code. */
export async function main(argv: string[], deps: Deps): Promise<number> {
  const lang = langOf(argv, deps.env);
  setHelpLang(lang);
  const program = buildProgram(deps);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already written its one-line message (or the help / version)
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof Error && err.name === 'ExitPromptError') {
      deps.io.stderr.write(lang === 'zh' ? '已取消，未写入任何内容\n' : 'cancelled: nothing was written\n');
      return ExitCode.usage;
    }
    if (err instanceof FangkongError) {
      deps.io.stderr.write(formatError(err, lang) + '\n');
      return err.exitCode;
    }
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      deps.io.stderr.write(
        lang === 'zh'
          ? '错误：数据库正忙（另一个 fangkong 正在写入，如导入）：请稍后重试，未写入任何内容\n'
          : 'error: the database is busy (another fangkong is writing to it, an import perhaps): try again in a minute; nothing was written\n',
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

/** Entry point of bin/fangkong. */
export async function cli(): Promise<void> {
  const code = await main(process.argv.slice(2), processDeps());
  process.exitCode = code;
}
