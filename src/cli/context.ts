/**
 * What varies between a real run and a test: streams, clock, environment, prompts, user.
 * bin/fangkong builds the real Deps; tests build fakes. A command reads none of these itself.
 */
import type { Command } from 'commander';
import { StoreError, UsageError, type Problem } from '../domain/errors.js';
import { fieldLabel, langFrom, reason, translator, type Lang, type T } from '../domain/i18n.js';
import { DEFAULT_TIMEZONE, isTimeZone, localDate, parseDate } from '../domain/dates.js';
import { shown } from '../domain/text.js';
import type { Config } from '../io/config.js';
import { FORMATS, type Format } from '../io/formats.js';
import type { ColorLevel } from '../io/color.js';
import type { View } from '../io/output.js';
import { pagerCommand } from '../io/pager.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from '../services/context.js';

export interface IO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
  /**
   * The colour each stream takes (0 none … 3 true colour), as supports-color detects it for the
   * real process (io/color.ts); without it (a test's streams), basic colour on a terminal only.
   */
  colorLevel?: { stdout: ColorLevel; stderr: ColorLevel };
}

export interface InputPrompt {
  message: string;
  default?: string;
  /** Returns true, or the message to show while the value is wrong. */
  validate?: (value: string) => true | string;
}

export interface SelectPrompt {
  message: string;
  choices: Array<{ name: string; value: string }>;
  default?: string;
}

export interface Prompter {
  input(p: InputPrompt): Promise<string>;
  select(p: SelectPrompt): Promise<string>;
}

export interface Deps {
  io: IO;
  env: Record<string, string | undefined>;
  now: () => Date;
  prompter: Prompter;
  username: () => string;
}

/** Deps with the language chosen: what a verb's command() declares its help with. */
export interface Cli extends Deps {
  lang: Lang;
  /** 中文 or English, by --lang / LANG: the one translator. */
  t: T;
  /** How the command ended when it did not fail: set by a verb whose input had rejected rows. */
  outcome: { rejections: boolean };
  /** The user's config file (io/config.ts), read once by main(): its path and its settings ({} without one). */
  config: Config;
  configFile: string | null;
}

/** The deps of a process with its language (and the config file main() read). */
export function cliFrom(deps: Deps, lang: Lang, config: Config = {}, configFile: string | null = null): Cli {
  return { ...deps, lang, t: translator(lang), outcome: { rejections: false }, config, configFile };
}

/** The global options as commander parses them; made sense of by makeContext. */
interface GlobalOptions {
  db?: string;
  lang?: string;
  color?: boolean;
  pager?: boolean;
  today?: string;
  format?: string;
  reveal?: boolean;
  actor?: string;
  bom?: boolean;
}

export interface DbLocation {
  path: string;
  source: 'option' | 'env' | 'config' | 'default';
}

/** Everything a verb's run() gets: the deps, and the global options made sense of. */
export interface Ctx extends ServiceContext {
  deps: Cli;
  io: IO;
  lang: Lang;
  /** --format when given; else undefined (io/output.ts decides). */
  format?: Format;
  reveal: boolean;
  /** The colour level of stdout (0: none): supports-color's, unless --no-color or NO_COLOR. */
  color: ColorLevel;
  /** The pager's command when output longer than the terminal goes through one (a real terminal, no --no-pager, PAGER not empty); else null. */
  pager: string | null;
  /** CSV starts with a byte-order mark (Excel needs it), unless --no-bom. */
  bom: boolean;
  canPrompt: boolean;
  /** True when --today was given. */
  todayGiven: boolean;
  /** True when --actor was given. */
  actorGiven: boolean;
  db(): Promise<DbLocation>;
  /**
   * The store of the database the command line names. Only `init` (create: true) and `demo`
   * create a database: on a path with none, every other command fails (a typo in a cron line must
   * not give a false zero report), and nothing is created.
   */
  openStore(opts?: { create?: boolean }): Promise<Store>;
  /** Closes the database if this command opened it. */
  close(): void;
  /** A problem in the user's language, one line: "ID number: check digit should be X, not Y". */
  describe(p: Problem): string;
  /** 中文 or English, by --lang / LANG. */
  t: T;
  /**
   * Shows a result now, through the output pipeline, as verb() shows the final one: masked unless
   * --reveal, then viewed (for a verb that shows as it goes: a session's verdicts).
   */
  print<R>(result: R, view: (shown: R) => View): Promise<void>;
}

/** The database: --db, else FANGKONG_DB, else the config file's "database", else the per-user default. */
export function resolveDb(opt: string | undefined, env: Record<string, string | undefined>, defaultPath: () => string, configured?: string): DbLocation {
  if (opt) return { path: opt, source: 'option' };
  if (env.FANGKONG_DB) return { path: env.FANGKONG_DB, source: 'env' };
  if (configured) return { path: configured, source: 'config' };
  return { path: defaultPath(), source: 'default' };
}

/** There is no database where the command line points: which path, where it came from, and the fix. */
function noDatabase(loc: DbLocation, t: T, configFile: string | null): StoreError {
  const from = {
    option: t('来自 --db', 'from --db'),
    env: t('来自环境变量 FANGKONG_DB', 'from FANGKONG_DB'),
    config: t(`来自配置文件 ${configFile}`, `from the config file ${configFile}`),
    default: t('默认位置', 'the default location'),
  }[loc.source];
  return new StoreError(
    t(`没有数据库：${loc.path}（${from}）。路径有误请改正；新建请运行 fangkong init`, `no database at ${loc.path} (${from}): check the path, or create one with fangkong init`),
  );
}

export function makeContext(cmd: Command, deps: Cli): Ctx {
  const g = cmd.optsWithGlobals() as GlobalOptions;
  const lang = g.lang ? langFrom(g.lang, deps.env) : deps.lang;
  if (g.lang && !/^(zh|en)/i.test(g.lang)) throw new UsageError(translator(deps.lang)(`--lang 应为 zh 或 en，不是“${g.lang}”`, `--lang must be zh or en, not "${g.lang}"`));
  let format: Format | undefined;
  if (g.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(g.format)) {
      throw new UsageError(translator(lang)(`--format 应为 ${FORMATS.join('、')} 之一，不是“${g.format}”`, `--format must be one of ${FORMATS.join(', ')}, not "${g.format}"`));
    }
    format = g.format as Format;
  } else if (deps.env.FANGKONG_FORMAT) {
    // the format: --format, else FANGKONG_FORMAT, else the config file's (checked when it was read), else decided by io/output.ts
    const f = deps.env.FANGKONG_FORMAT.trim();
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(translator(lang)(`环境变量 FANGKONG_FORMAT 应为 ${FORMATS.join('、')} 之一，不是“${f}”`, `FANGKONG_FORMAT must be one of ${FORMATS.join(', ')}, not "${f}"`));
    }
    format = f as Format;
  } else if (deps.config?.format) {
    format = deps.config?.format as Format;
  }
  const now = deps.now();
  // the office's clock: FANGKONG_TZ, else the database's setting (read when it is opened), else China Standard Time
  const envTz = deps.env.FANGKONG_TZ?.trim();
  if (envTz && !isTimeZone(envTz)) throw new UsageError(`FANGKONG_TZ "${envTz}" is not a time zone: use a name like Asia/Shanghai`, `环境变量 FANGKONG_TZ 的值“${envTz}”不是时区：请用 Asia/Shanghai 这样的名称`);
  let given: string | undefined;
  if (g.today !== undefined) {
    const d = parseDate(g.today);
    if (!d) throw new UsageError(`--today "${g.today}" is not a real date: use YYYY-MM-DD`, `--today “${g.today}”不是有效日期：请用 YYYY-MM-DD 格式`);
    given = d;
  }
  // --no-color, then NO_COLOR (FORCE_COLOR takes precedence over it, as in Node), then supports-color's level
  const noColor = g.color === false || (Boolean(deps.env.NO_COLOR) && deps.env.FORCE_COLOR === undefined);
  const color: ColorLevel = noColor ? 0 : (deps.io.colorLevel?.stdout ?? (deps.io.stdoutIsTTY ? 1 : 0));
  // a real terminal only (not a test's stream that says it is one)
  const pager = g.pager !== false && deps.io.stdoutIsTTY && (deps.io.stdout as { isTTY?: boolean }).isTTY === true ? pagerCommand(deps.env) : null;
  const canPrompt = deps.io.stdinIsTTY && deps.io.stdoutIsTTY;
  let store: Store | undefined;
  const db = async (): Promise<DbLocation> => {
    const { default: envPaths } = await import('env-paths');
    const path = await import('node:path');
    return resolveDb(g.db, deps.env, () => path.join(envPaths('fangkong', { suffix: '' }).data, 'fangkong.db'), deps.config?.database);
  };
  const ctx: Ctx = {
    deps,
    io: deps.io,
    lang,
    format,
    reveal: Boolean(g.reveal),
    color,
    pager,
    bom: g.bom !== false,
    canPrompt,
    // FANGKONG_TZ, else the database's setting (openStore), else the config file's, else China Standard Time
    tz: envTz || deps.config?.timezone || DEFAULT_TIMEZONE,
    get today() {
      return given ?? localDate(now, this.tz);
    },
    todayGiven: g.today !== undefined,
    actorGiven: g.actor !== undefined,
    now,
    actor: g.actor || deps.username(),
    db,
    async openStore(opts) {
      if (!store) {
        const loc = await db();
        const { isPostgresUrl } = await import('../store/driver.js');
        const pg = isPostgresUrl(loc.path);
        if (!opts?.create && !pg) {
          const fs = await import('node:fs');
          if (!fs.existsSync(loc.path)) throw noDatabase(loc, ctx.t, deps.configFile);
        }
        const { openStore } = await import('../store/db.js');
        // PostgreSQL: the server and the database are there; a schema is made only by init (and demo)
        store = openStore(loc.path, { create: opts?.create ?? false });
        if (!pg) {
          // what a killed fangkong left beside the database (a partial backup, the copy a restore worked on)
          const [{ sweepStale }, path] = await Promise.all([import('../io/files.js'), import('node:path')]);
          sweepStale(path.dirname(path.resolve(loc.path)));
        }
        if (store.tightened.length > 0) {
          const files = store.tightened.join(', ');
          deps.io.stderr.write(ctx.t(`注意：${files} 原先他人可读，已改为仅本人可读（chmod 600）\n`, `note: ${files} could be read by others: made readable by its owner only (chmod 600)\n`));
        }
        // PostgreSQL: the server writes the audit row with the database user as its actor (issue 18)
        const server = g.actor ? store.audit.serverActor() : null;
        if (server !== null && server !== g.actor) {
          deps.io.stderr.write(ctx.t(`注意：在 PostgreSQL 上，审计日志记下的是登录数据库的用户（${server}），不用 --actor\n`, `note: on PostgreSQL the audit log names the database user (${server}), not --actor\n`));
        }
        const setting = store.settings.get('timezone'); // services/reporting.ts TIMEZONE_SETTING
        if (!envTz && setting && isTimeZone(setting)) ctx.tz = setting;
      }
      return store;
    },
    close() {
      store?.close();
      store = undefined;
    },
    describe(p) {
      // one line, ID and phone numbers masked: it goes to stderr and into rejects files
      return shown(`${fieldLabel(p.field, lang)}${lang === 'zh' ? '：' : ': '}${reason(p.code, p.params, lang)}`, 300);
    },
    t: translator(lang),
    async print(result, view) {
      const { output } = await import('../io/output.js');
      const { maskDeep } = await import('../io/mask.js');
      await output(view(ctx.reveal ? result : maskDeep(result)), deps.io, { format, lang, color, bom: ctx.bom }, (f) => ctx.t(`已写入 ${f}`, `wrote ${f}`));
    },
  };
  return ctx;
}
