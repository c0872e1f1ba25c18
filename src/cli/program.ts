/** The command tree: global options and every noun and verb. Loaded only when a command runs. */
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { nounOf } from './argv.js';
import type { Cli } from './context.js';

export { nounOf };
import { localise } from './help.js';
/** A top-level command; `hidden`: an old spelling kept working, left out of help. */
type Noun = { command(cli: Cli): Command; hidden?: boolean };

/**
 * Every top-level command, loaded on demand: a command loads only its own modules, so start-up
 * stays lean; help and an unknown command load them all.
 */
export const NOUNS: Record<string, () => Promise<Noun>> = {
  init: () => import('./init.js'),
  arrival: () => import('./arrival/index.js'),
  area: () => import('./area/index.js'),
  policy: () => import('./policy/index.js'),
  assign: () => import('./assign.js'), // alias of `quarantine assign`
  quarantine: () => import('./quarantine/index.js'),
  site: () => import('./site/index.js'),
  checkpoint: () => import('./checkpoint/index.js'),
  inspect: () => import('./inspect/index.js'),
  test: () => import('./nat/index.js'),
  report: () => import('./report/index.js'),
  config: () => import('./config/index.js'),
  audit: () => import('./audit/index.js'),
  db: () => import('./db/index.js'),
  demo: () => import('./demo.js'),
  template: () => import('./template.js'),
  completion: () => import('./completion.js'),
};

/** The program with the command the line names, or with every command (for help, or a typo). */
export async function loadProgram(cli: Cli, argv: string[]): Promise<Command> {
  const noun = nounOf(argv);
  const names = noun && noun in NOUNS ? [noun] : Object.keys(NOUNS);
  const modules = await Promise.all(names.map((n) => NOUNS[n]()));
  return buildProgram(cli, modules.map((m) => m.command(cli)), names.filter((_, i) => modules[i].hidden));
}

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(cli: Cli, commands: Command[], hidden: string[] = []): Command {
  const { t } = cli;
  const program = new Command('fangkong')
    .description(t('防控：来返人员报备、隔离管控、卡点查验与每日报告', 'fangkong: arrivals, quarantine, checkpoint inspections and daily reports'))
    .version(pkg.version, '-V, --version', t('显示版本号', 'print the version'))
    .helpOption('-h, --help', t('显示帮助', 'show help'))
    .addHelpCommand(false)
    .option('--db <path>', t('数据库文件（默认 FANGKONG_DB，其次配置文件，否则用户数据目录）', 'database file (default: FANGKONG_DB, then the config file, else the per-user data folder)'))
    .option('--lang <lang>', t('界面语言 zh|en（默认看 FANGKONG_LANG、配置文件，再看 LANG）', 'language zh|en (default: FANGKONG_LANG, the config file, then LANG)'))
    .option('--no-color', t('不用颜色（也遵从 NO_COLOR）', 'no colour (NO_COLOR is honoured too)'))
    .option('--no-pager', t('终端上超过一屏的输出不经分页程序', 'output longer than the terminal does not go through the pager ($PAGER, default less -FRX)'))
    .option('--today <date>', t('把这一天当作今天（脚本、补录用）', 'treat this date as today (for scripts and late entry)'))
    .addOption(new Option('--format <format>', t('输出格式 table|json|jsonl|csv|markdown（默认 FANGKONG_FORMAT、配置文件，否则终端为 table，管道为 json）', 'output format table|json|jsonl|csv|markdown (default: FANGKONG_FORMAT, the config file, else table on a terminal, json otherwise)')))
    .option('--no-bom', t('CSV 不加 BOM（给程序读；Excel 需要 BOM 才认得 UTF-8）', 'no byte-order mark at the start of CSV (for programs; Excel needs it to read UTF-8)'))
    .option('--reveal', t('显示完整身份证号和手机号（记入审计日志）', 'show full ID numbers and phones (recorded in the audit log)'))
    .option('--actor <name>', t('操作人（记入审计日志，默认系统用户名）', 'who is acting, for the audit log (default: the OS user)'))
    .showSuggestionAfterError(true);
  for (const c of commands) program.addCommand(c, { hidden: hidden.includes(c.name()) });
  configure(program, cli);
  return program;
}

/** exitOverride, output streams, and help and errors in the user's language, on every command of the tree. */
function configure(cmd: Command, cli: Cli): void {
  cmd.exitOverride();
  localise(cmd, cli);
  for (const sub of cmd.commands) configure(sub, cli);
}

