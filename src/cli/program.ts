/** The command tree: global options and every noun and verb. Loaded only when a command runs. */
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { L } from './command.js';
import type { Deps } from './context.js';
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

