/**
 * Runs the examples of a docs page as one story, like a reader typing them in order.
 *
 * Conventions (docs/engineering.md, "Tests", says the same for people writing pages):
 *
 * - A fenced block whose info string is `console` holds examples. A line starting with
 *   `$ fangkong ` is a command (a line ending in ` \` continues on the next line); the lines after
 *   it, until the next `$ ` line or the end of the block, are what the terminal shows: stdout and
 *   stderr together, in the order written. `$ cat FILE` shows a file of the page's folder. Any other
 *   `$ ` line is an error: every command shown is run.
 * - `console exit=N` expects exit code N from every command of the block (else 0);
 *   `console tty=false` runs the block's commands as from a script (stdout is not a terminal).
 * - A fenced block with `file=NAME` in its info string (```` ```csv file=报备.csv ````) is written to
 *   NAME in the page's folder before the next command runs.
 * - `<!-- docs: now=2022-11-21T10:00 lang=zh tty=true -->` anywhere in the page sets the clock (local
 *   time), the language (LANG=zh_CN.UTF-8 or en_US.UTF-8) and whether stdout and stdin are a
 *   terminal; these are the defaults, except lang, which is en.
 * - `<!-- docs: answers=["…", ""] -->` before a block gives the answers typed at the prompts of
 *   its first command, in order ("" is Enter: the default); each answered prompt shows the line
 *   inquirer leaves on a terminal, `✔ message answer`. Without answers, a prompt is an error.
 * - A line `...` in an expected output matches any run of lines (zero or more).
 * - `<hash>` in an expected line matches a run of hex digits: a hash that differs from database
 *   to database (the audit head, the sha256 of a report that carries it; the keys are made at init);
 *   in such a line a run of two spaces or more matches any run of spaces (a table keeps its width).
 * - Before comparing: the page's folder is shown as ~/county, trailing spaces are dropped, and so
 *   are blank lines at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { Deps, Prompter } from '../src/cli/context.js';
import { main } from '../src/cli/main.js';

export const FOLDER = '~/county';

export interface PageOptions {
  now: Date;
  lang: 'zh' | 'en';
  tty: boolean;
}

export interface FileStep {
  kind: 'file';
  line: number;
  name: string;
  content: string;
}

export interface CommandStep {
  kind: 'command';
  /** 1-based line of the `$` in the page. */
  line: number;
  /** The command as written, continuation lines joined. */
  text: string;
  argv: string[];
  /** `cat` for `$ cat FILE`; else fangkong. */
  program: 'fangkong' | 'cat';
  exit: number;
  tty: boolean;
  answers: string[];
  expected: string[];
  /** 0-based [start, end) of the expected lines in the page, for the update mode. */
  start: number;
  end: number;
}

export type Step = FileStep | CommandStep;

export interface Page {
  options: PageOptions;
  steps: Step[];
  lines: string[];
}

const DEFAULT_NOW = '2022-11-21T10:00';

function parseNow(raw: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(raw);
  if (!m) throw new Error(`docs: now=${raw} is not YYYY-MM-DDTHH:MM`);
  // the page's clock is the office's (China Standard Time, UTC+8), whatever the machine's TZ
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0) - 8, Number(m[5] ?? 0), Number(m[6] ?? 0)));
}

/** key=value words; a value may be "quoted" or a JSON array. */
function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w-]+)=("(?:[^"\\]|\\.)*"|\[.*\]|\S+)/g)) out[m[1]] = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
  return out;
}

/** Splits a command line as a POSIX shell would: quotes, backslashes; no expansion. */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new Error(`unclosed ' in: ${line}`);
      word += line.slice(i + 1, j);
      i = j;
      inWord = true;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && '"\\$`'.includes(line[i + 1])) i++;
        word += line[i];
      }
      if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
    } else if (c === '\\') {
      word += line[++i] ?? '';
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if ('|&;<>()$`*?'.includes(c)) {
      throw new Error(`shell syntax "${c}" is not run by the docs runner (write the command without it): ${line}`);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const FENCE = /^(`{3,}|~{3,})\s*(.*)$/;

export function parsePage(text: string): Page {
  const lines = text.split('\n');
  const options: PageOptions = { now: parseNow(DEFAULT_NOW), lang: 'en', tty: true };
  for (const m of text.matchAll(/<!--\s*docs:(.*?)-->/g)) {
    const a = attributes(m[1]);
    if (a.now === undefined && a.lang === undefined && a.tty === undefined) continue;
    if (a.now) options.now = parseNow(a.now);
    if (a.lang) {
      if (a.lang !== 'zh' && a.lang !== 'en') throw new Error(`docs: lang=${a.lang} should be zh or en`);
      options.lang = a.lang;
    }
    if (a.tty) options.tty = a.tty !== 'false';
    break;
  }
  const steps: Step[] = [];
  let answers: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const comment = /^<!--\s*docs:(.*?)-->\s*$/.exec(lines[i]);
    if (comment) {
      const a = attributes(comment[1]);
      if (a.answers) answers = JSON.parse(a.answers) as string[];
      continue;
    }
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const info = open[2].trim();
    const lang = info.split(/\s+/)[0];
    const attrs = attributes(info.slice(lang.length));
    let close = i + 1;
    while (close < lines.length && !(lines[close].startsWith(fence) && lines[close].slice(fence.length).trim() === '' && lines[close][0] === fence[0])) close++;
    if (close >= lines.length) throw new Error(`line ${i + 1}: the fenced block is not closed`);
    const body = lines.slice(i + 1, close);
    if (attrs.file) {
      steps.push({ kind: 'file', line: i + 1, name: attrs.file, content: body.join('\n') + '\n' });
    } else if (lang === 'console') {
      const exit = attrs.exit === undefined ? 0 : Number(attrs.exit);
      const tty = attrs.tty === undefined ? options.tty : attrs.tty !== 'false';
      let j = 0;
      if (body.length && !body[0].startsWith('$ ')) throw new Error(`line ${i + 2}: a console block starts with a "$ " command`);
      while (j < body.length) {
        const line = i + 1 + j + 1;
        let cmd = body[j].slice(2);
        while (cmd.endsWith('\\') && j + 1 < body.length) cmd = cmd.slice(0, -1) + ' ' + body[++j].trim();
        j++;
        const start = i + 1 + j;
        while (j < body.length && !body[j].startsWith('$ ')) j++;
        const expected = body.slice(start - i - 1, j);
        const argv = shellSplit(cmd);
        const program = argv[0];
        if (program !== 'fangkong' && program !== 'cat') throw new Error(`line ${line}: only "$ fangkong …" and "$ cat FILE" are run; write other commands in a sh block: ${cmd}`);
        if (program === 'cat' && argv.length !== 2) throw new Error(`line ${line}: "$ cat" takes one file`);
        steps.push({ kind: 'command', line, text: cmd.replace(/\s+/g, ' ').trim(), argv: argv.slice(1), program, exit, tty, answers, expected, start, end: i + 1 + j });
        answers = [];
      }
    } else if (body.some((l) => /^\$ fangkong\b/.test(l))) {
      throw new Error(`line ${i + 1}: a "$ fangkong" example in a "${info}" block would not be run: make it a console block`);
    }
    i = close;
  }
  return { options, steps, lines };
}

function clean(lines: string[]): string[] {
  const out = lines.map((l) => l.replace(/[ \t]+$/, ''));
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** An expected line against an actual one: the same, but for a `<hash>`, which matches hex digits. */
function sameLine(expected: string, actual: string): boolean {
  if (!expected.includes('<hash>')) return expected === actual;
  // a run of spaces matches any run (a table's column keeps its width with the shorter <hash>)
  const pattern = expected.split('<hash>').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ {2,}/g, ' +')).join('[0-9a-f]{8,64}');
  return new RegExp(`^${pattern}$`).test(actual);
}

/** Expected lines against actual ones; a `...` line matches any run of lines. */
export function matches(expected: string[], actual: string[]): boolean {
  const e = clean(expected);
  const a = clean(actual);
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === e.length) r = j === a.length;
    else if (e[i] === '...') r = go(i + 1, j) || (j < a.length && go(i, j + 1));
    else r = j < a.length && sameLine(e[i], a[j]) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** A stream that appends what is written to a shared transcript, at once, in order. */
class Transcript extends Writable {
  constructor(private readonly sink: { text: string }) {
    super();
  }
  override write(chunk: unknown, enc?: unknown, cb?: unknown): boolean {
    this.sink.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }
}

export interface RunResult {
  code: number;
  output: string[];
}

/** The fake terminal user: answers prompts from the page's list and leaves inquirer's line. */
function scriptedPrompter(answers: string[], sink: { text: string }): Prompter {
  let next = 0;
  const take = (message: string): string => {
    if (next >= answers.length) throw new Error(`unexpected prompt "${message}": give the answers in a <!-- docs: answers=[…] --> comment`);
    return answers[next++];
  };
  return {
    async input(p) {
      const typed = take(p.message);
      const value = typed === '' ? (p.default ?? '') : typed;
      const ok = p.validate ? p.validate(value) : true;
      if (ok !== true) throw new Error(`the answer "${typed}" to "${p.message}" is refused: ${ok}`);
      sink.text += `✔ ${p.message}${value === '' ? '' : ' ' + value}\n`;
      return value;
    },
    async select(p) {
      const typed = take(p.message);
      const choice = typed === '' ? (p.choices.find((c) => c.value === p.default) ?? p.choices[0]) : p.choices.find((c) => c.value === typed || c.name === typed);
      if (!choice) throw new Error(`"${typed}" is not a choice of "${p.message}"`);
      sink.text += `✔ ${p.message} ${choice.name}\n`;
      return choice.value;
    },
  };
}

/** Runs one step in the page's folder (the current directory). */
export async function runStep(step: CommandStep, options: PageOptions, folder: string, database?: string): Promise<RunResult> {
  const sink = { text: '' };
  let code = 0;
  if (step.program === 'cat') {
    try {
      // a terminal shows nothing for a byte-order mark
      sink.text = fs.readFileSync(path.resolve(folder, step.argv[0]), 'utf8').replace(/^\uFEFF/, '');
    } catch (err) {
      sink.text = `cat: ${step.argv[0]}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (err as Error).message}\n`;
      code = 1;
    }
  } else {
    const deps: Deps = {
      io: { stdout: new Transcript(sink), stderr: new Transcript(sink), stdin: new PassThrough(), stdoutIsTTY: step.tty, stdinIsTTY: step.tty, stderrIsTTY: step.tty },
      // database: a PostgreSQL URL for the run against PostgreSQL (test/docs-examples-pg.test.ts), shown as the page's file
      env: { LANG: options.lang === 'zh' ? 'zh_CN.UTF-8' : 'en_US.UTF-8', NO_COLOR: '1', FANGKONG_DB: database ?? path.join(folder, 'fangkong.db'), FANGKONG_CONFIG: path.join(folder, '.config', 'fangkong', 'config.json') },
      now: () => new Date(options.now),
      prompter: scriptedPrompter(step.answers, sink),
      username: () => 'clerk',
    };
    code = await main(step.argv, deps);
    await new Promise((r) => setImmediate(r));
  }
  return { code, output: normalise(database ? sink.text.split(database).join(path.join(folder, 'fangkong.db')) : sink.text, folder) };
}

export function normalise(text: string, folder: string): string[] {
  // a CSV's BOM (for Excel) shows as nothing on a terminal, wherever it starts the output
  let t = text.replace(/\r\n/g, '\n').replace(/\uFEFF/g, '');
  const real = fs.realpathSync(folder);
  for (const f of new Set([real, folder])) t = t.split(f).join(FOLDER);
  return clean(t.split('\n'));
}

export function writeFileStep(step: FileStep, folder: string): void {
  fs.writeFileSync(path.join(folder, step.name), step.content);
}

/**
 * The page with the expected outputs replaced by the actual ones where they do not match
 * (an expected output that still matches, `...` and all, is kept as written).
 */
export function updatedPage(page: Page, actual: Map<CommandStep, RunResult>): string {
  const lines = [...page.lines];
  const steps = page.steps.filter((s): s is CommandStep => s.kind === 'command').sort((a, b) => b.start - a.start);
  for (const s of steps) {
    const r = actual.get(s);
    if (!r || matches(s.expected, r.output)) continue;
    const old = lines.slice(s.start, s.end);
    let blank = 0;
    while (blank < old.length && old[old.length - 1 - blank].trim() === '') blank++;
    lines.splice(s.start, s.end - s.start, ...r.output, ...Array<string>(blank).fill(''));
  }
  return lines.join('\n');
}
