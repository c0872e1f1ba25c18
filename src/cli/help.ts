/**
 * Commander in the user's language: the titles of its help (Usage:, Options: …), its help option,
 * its error messages (unknown option, missing argument, invalid choice, typo suggestions), and
 * help wrapped to the terminal's width counting a Chinese character as two columns (string-width).
 * Commander builds these strings itself; they are translated here, in one place, as they leave it.
 */
import { Help, type Argument, type Command, type HelpConfiguration, type Option, type OutputConfiguration } from 'commander';
import stringWidth from 'string-width';
import type { Cli } from './context.js';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Arguments:': '参数：',
  'Commands:': '命令：',
};

/** Commander's English errors, and their Chinese. */
const ERRORS: Array<[RegExp, string]> = [
  [/^unknown option '(.+)'/, "未知选项 '$1'"],
  [/^unknown command '(.+)'/, "未知命令 '$1'"],
  [/^missing required argument '(.+)'/, "缺少必需的参数 '$1'"],
  [/^option '(.+)' argument missing/, "选项 '$1' 缺少值"],
  [/^required option '(.+)' not specified/, "缺少必需的选项 '$1'"],
  [/^option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\./, "选项 '$1' 的值 '$2' 无效，可选：$3"],
  [/^option '(.+)' argument '(.*)' is invalid\./, "选项 '$1' 的值 '$2' 无效"],
  [/^too many arguments for '(.+)'\. Expected (\d+) arguments? but got (\d+)\./, "'$1' 的参数过多：应为 $2 个，实为 $3 个"],
  [/^too many arguments\. Expected (\d+) arguments? but got (\d+)\./, '参数过多：应为 $1 个，实为 $2 个'],
  [/^(.+) cannot be used with (.+)/, '$1 不能与 $2 同时使用'],
];

/** One of commander's error lines (with its "error: " and an optional suggestion line) in Chinese. */
export function commanderErrorZh(text: string): string {
  const m = /^error: ([^\n]*)(?:\n\(Did you mean (one of )?(.+)\?\))?\n?$/.exec(text);
  if (!m) return text;
  let line = m[1];
  for (const [re, zh] of ERRORS) {
    const hit = re.exec(line);
    if (hit) {
      const rest = line.slice(hit[0].length).trimStart();
      line = line.slice(0, hit.index) + hit[0].replace(re, zh) + (rest ? `，${rest}` : '');
      break;
    }
  }
  const suggestion = m[3] ? `（是不是要用 ${m[3]}？）` : '';
  return `错误：${line}${suggestion}\n`;
}

/**
 * Pieces a line may break between: a word of Latin letters with the spaces before it, or one
 * Chinese character with an opening bracket before it and closing punctuation after it (a line
 * never starts with ，or ）). Chinese has no spaces, so commander's own wrap (at whitespace) cannot
 * break it.
 */
const CHUNK = /\s*(?:[（「『《“]*[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60\u3000-\u303f][，。、：；！？）」』》”…]*|[^\s\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60\u3000-\u303f]+)/g;

/** Wraps text to a width in columns, a Chinese character counting as two, keeping its line breaks. */
export function wrap(str: string, width: number): string {
  const out: string[] = [];
  for (const line of str.split(/\r\n|\n/)) {
    const chunks = line.match(CHUNK);
    if (!chunks) {
      out.push('');
      continue;
    }
    let current = chunks[0];
    for (const chunk of chunks.slice(1)) {
      if (stringWidth(current + chunk) <= width) current += chunk;
      else {
        out.push(current);
        current = chunk.trimStart();
      }
    }
    out.push(current);
  }
  return out.join('\n');
}

/** The usage line's placeholders in Chinese. */
function usageZh(s: string): string {
  return s.replace(/\[options\]/g, '[选项]').replace(/\[command\]/g, '[命令]');
}

/** Commander's "(choices: …)" and "(default: …)" after a description, in Chinese. */
function extrasZh(s: string): string {
  return s
    .replace(/\s*\(choices: ([^)]*)\)/, (_m, list: string) => `（可选：${list.replace(/"/g, '').split(', ').join('、')}）`)
    .replace(/\s*\(default: ([^)]*)\)/, '（默认：$1）');
}

/** Output and help settings of every command of the tree, in the user's language. */
export function localise(cmd: Command, cli: Cli): void {
  const zh = cli.lang === 'zh';
  const columns = (s: NodeJS.WritableStream) => {
    const tty = s as unknown as { columns?: number; isTTY?: boolean };
    return tty.isTTY && tty.columns ? tty.columns : 80;
  };
  const output: OutputConfiguration = {
    writeOut: (s) => cli.io.stdout.write(s),
    writeErr: (s) => cli.io.stderr.write(s),
    getOutHelpWidth: () => columns(cli.io.stdout),
    getErrHelpWidth: () => columns(cli.io.stderr),
    outputError: (s, write) => write(zh ? commanderErrorZh(s) : s),
  };
  const help: HelpConfiguration = {
    showGlobalOptions: true,
    sortSubcommands: false,
    displayWidth: (s: string) => stringWidth(s),
    boxWrap: (s: string, width: number) => (width < 40 ? s : wrap(s, width)),
    ...(zh
      ? {
          styleTitle: (s: string) => TITLES[s] ?? s,
          styleUsage: usageZh,
          styleCommandText: usageZh,
          subcommandTerm: (c: Command) => usageZh(new Help().subcommandTerm(c)),
          optionDescription: (o: Option) => extrasZh(new Help().optionDescription(o)),
          argumentDescription: (a: Argument) => extrasZh(new Help().argumentDescription(a)),
        }
      : {}),
  };
  cmd.configureOutput(output);
  cmd.configureHelp(help);
  cmd.helpOption('-h, --help', cli.t('显示帮助', 'show help'));
  // `fangkong help <command…>` is read before commander (cli/argv.ts), for every depth
  cmd.helpCommand(false);
}
