/**
 * The one verb shape (docs/engineering.md). A verb file exports
 *   - `Options`: what the command line said, as plain values;
 *   - `command(cli)`: declares the commander Command and parses argv into Options, nothing else;
 *   - `run(opts, ctx)`: does the work through services and returns data (tests call it directly);
 *   - `view(result, ctx)`: turns the result into a View for the output pipeline (io/output.ts).
 * `verb()` joins them: it builds the context, audits --reveal before anything is shown, runs,
 * masks, views, outputs, and always closes the database.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { valueFromLabel, valueLabel } from '../domain/i18n.js';
import { FangkongError, UsageError, ValidationError } from '../domain/errors.js';
import { checkText } from '../domain/text.js';
import type { View } from '../io/output.js';
import { makeContext, type Cli, type Ctx } from './context.js';

export interface Verb<O, R> {
  /** argv → Options: positional arguments, then commander's parsed flags. */
  parse: (args: string[], flags: Record<string, unknown>) => O;
  run: (opts: O, ctx: Ctx) => Promise<R>;
  view: (result: R, ctx: Ctx) => View | Promise<View>;
  /** The verb applies --limit and --offset itself (in its query); else verb() cuts the list it shows. */
  paged?: boolean;
}

/** A commander action for a verb (see the top of this file). */
export function verb<O, R>(cli: Cli, v: Verb<O, R>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const flags = all[all.length - 2] as Record<string, unknown>;
    const args = all.slice(0, -2) as string[];
    checkInput(cmd, args);
    const ctx = makeContext(cmd, cli);
    // what the one writer may not replace, for this command (io/kept.ts)
    const kept = await import('../io/kept.js');
    kept.beginCommand({ force: flags.force === true });
    try {
      const { isPostgresUrl } = await import('../store/driver.js');
      const loc = await ctx.db();
      if (!isPostgresUrl(loc.path)) {
        kept.keepDatabase(loc.path);
        // its pseudonym key's file (store/keys.ts): lost, purged people can no longer be matched
        const { defaultKeyFile } = await import('../store/keys.js');
        kept.keepDatabase(defaultKeyFile(loc.path), 'key');
      }
      checkOut(flags, kept.checkTarget);
      const opts = v.parse(args, flags);
      if (ctx.reveal) {
        // audited first: if the audit cannot be written, nothing is shown
        const { recordReveal } = await import('../services/audit.js');
        recordReveal(await ctx.openStore(), ctx, cmd.parent && cmd.parent.parent ? `${cmd.parent.name()} ${cmd.name()}` : cmd.name());
      }
      const result = await v.run(opts, ctx);
      const { maskDeep } = await import('../io/mask.js');
      const view = await v.view(ctx.reveal ? result : maskDeep(result), ctx);
      if (!v.paged) page(view, flags, ctx);
      const { output } = await import('../io/output.js');
      await output(view, ctx.io, { format: ctx.format, lang: ctx.lang, color: ctx.color, bom: ctx.bom, pager: ctx.pager, out: typeof flags.out === 'string' ? flags.out : undefined }, (f) =>
        ctx.t(`已写入 ${f}`, `wrote ${f}`),
      );
      if (view.outcome === 'rejections') cli.outcome.rejections = true;
      if (view.outcome === 'failed') throw new CheckFailed(view.failure ?? '');
    } finally {
      ctx.close();
      kept.endCommand();
    }
  };
}

/**
 * The input policy (domain/text.ts) on every value of the command line — the verb's options,
 * the global ones (--actor, --db, --today …) and the arguments — before anything uses them:
 * a control character (a newline too), an invisible character, an overlong value or an
 * impossible year is a one-line error naming the option.
 */
function checkInput(cmd: Command, args: unknown[]): void {
  // [name the policy goes by, label in the message, value]
  const named: Array<[string, string, unknown]> = [];
  for (let c: Command | null = cmd; c; c = c.parent) {
    const values = c.opts();
    for (const o of c.options) named.push([o.attributeName(), o.long ?? o.name(), values[o.attributeName()]]);
  }
  cmd.registeredArguments.forEach((a, i) => named.push([a.name(), `<${a.name()}>`, args[i]]));
  for (const [name, label, value] of named) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== 'string') continue;
      const p = checkText(name, v, undefined, true);
      if (p) throw new ValidationError({ ...p, field: label });
    }
  }
}

/** What a verb found is a failure (a broken audit chain, a failed check), shown before this line. */
export class CheckFailed extends FangkongError {}

/**
 * An option whose value is one of `values`, given as the value or as the word people write for
 * it in either language (`--transport 火车`, `--contact 密接`, `--code 绿码`), as files accept them;
 * `normalise` adds the domain's own aliases (高铁 for train …). Help lists the values.
 */
export function choiceOption(cli: Cli, flags: string, description: string, field: string, values: readonly string[], normalise?: (raw: string) => string | null): Option {
  const opt = new Option(flags, description);
  opt.argChoices = [...values];
  opt.argParser((raw: string) => {
    const v = valueFromLabel(field, raw, values) ?? normalise?.(raw) ?? null;
    if (v === null || !values.includes(v)) {
      const listed = values.map((x) => `${x}（${valueLabel(field, x, 'zh')}）`).join('、');
      throw new InvalidArgumentError(cli.t(`可用：${listed}`, `Allowed choices are ${values.join(', ')}.`));
    }
    return v;
  });
  return opt;
}

/** `--yes` for a verb that destroys or replaces data (purge, restore, reassess …). */
export function addYesOption(cmd: Command, cli: Cli): Command {
  return cmd.option('-y, --yes', cli.t('不再询问，直接执行（脚本中必需）', 'do it without asking (needed in a script)'));
}

/**
 * Asks before a verb destroys or replaces data: on a terminal, a yes/no question (default no);
 * in a script, `--yes` is needed. Says what will happen in `what`; nothing is done on "no".
 */
export async function confirm(ctx: Ctx, yes: boolean | undefined, what: string): Promise<void> {
  if (yes) return;
  if (!ctx.canPrompt) {
    throw new UsageError(ctx.t(`${what}：脚本中请加 --yes 确认（未做任何更改）`, `${what}: add --yes to confirm in a script (nothing was changed)`));
  }
  const answer = await ctx.deps.prompter.select({
    message: ctx.t(`${what}，确定吗？`, `${what}: go ahead?`),
    choices: [
      { name: ctx.t('否', 'no'), value: 'no' },
      { name: ctx.t('是', 'yes'), value: 'yes' },
    ],
    default: 'no',
  });
  if (answer !== 'yes') throw new Declined(ctx.t('已取消，未做任何更改', 'cancelled: nothing was changed'));
}

/** The user said no at a confirmation. */
export class Declined extends UsageError {}

/** Options as given: positional arguments ignored, flags as commander parsed them. */
export function flagsOnly<O>(_args: string[], flags: Record<string, unknown>): O {
  return { ...flags } as O;
}

/** `--out FILE` for every verb that shows something; --format and --reveal are global (program.ts). */
export function addOutputOptions(cmd: Command, cli: Cli): Command {
  const { t } = cli;
  cmd.addOption(
    new Option('--out <file>', t('写入文件（写完才出现；格式看扩展名 .json .csv .md，或 --format；- 为标准输出）', 'write to FILE (appears only when complete; format from .json .csv .md, or --format; - is stdout)')),
  );
  return addForceOption(cmd, cli);
}

/** `--force`: --out may replace a file that exists (a verb that has its own --force, quarantine assign, lets it do both). */
export function addForceOption(cmd: Command, cli: Cli): Command {
  if (cmd.options.some((o) => o.long === '--force')) return cmd;
  return cmd.option('--force', cli.t('--out 的文件已存在时覆盖它', 'replace the --out file if it exists'));
}

/**
 * --out as the verb will use it: `-` is stdout (none); a file the one writer would refuse (the
 * database, not a regular file, one that exists without --force: io/kept.ts) is refused before
 * anything is done (exit 2).
 */
function checkOut(flags: Record<string, unknown>, check: (file: string) => void): void {
  if (flags.out === '-') {
    flags.out = undefined;
    return;
  }
  if (typeof flags.out === 'string') check(flags.out);
}

/** A whole number ≥ 0 for --limit and --offset. */
function count(name: string, cli: Cli) {
  return (raw: string): number => {
    if (!/^\d{1,9}$/.test(raw.trim())) throw new InvalidArgumentError(cli.t(`${name} 要一个不小于 0 的整数`, `${name} takes a whole number, 0 or more`));
    return Number(raw.trim());
  };
}

/** `--out`, and `--limit N` / `--offset N`, for a verb that lists rows. */
export function addListOptions(cmd: Command, cli: Cli): Command {
  const { t } = cli;
  return addOutputOptions(cmd, cli)
    .addOption(new Option('--limit <n>', t('最多显示 N 行', 'show at most N rows')).argParser(count('--limit', cli)))
    .addOption(new Option('--offset <n>', t('跳过前 N 行', 'skip the first N rows')).argParser(count('--offset', cli)));
}

/** --limit and --offset of a list view cut by verb() (a verb that is not `paged`). */
function page(view: View, flags: Record<string, unknown>, ctx: Ctx): void {
  const limit = typeof flags.limit === 'number' ? flags.limit : undefined;
  const offset = typeof flags.offset === 'number' ? flags.offset : 0;
  if (view.kind !== 'list' || (limit === undefined && offset === 0)) return;
  if (view.stream) {
    // a stream is cut as it is read
    const total = view.stream.count;
    view.stream = view.stream.slice(offset, limit);
    view.rows = [];
    const n = view.stream.count;
    if (view.tally !== undefined || n < total) {
      const shown = ctx.t(`显示第 ${offset + 1}–${offset + n} 行，共 ${total} 行`, `rows ${offset + 1}–${offset + n} of ${total} shown`);
      view.tally = view.tally ? `${view.tally}${ctx.t('，', ', ')}${shown}` : shown;
    }
    return;
  }
  const total = view.rows.length;
  view.rows = view.rows.slice(offset, limit === undefined ? undefined : offset + limit);
  if (view.tally !== undefined || view.rows.length < total) {
    const shown = ctx.t(`显示第 ${offset + 1}–${offset + view.rows.length} 行，共 ${total} 行`, `rows ${offset + 1}–${offset + view.rows.length} of ${total} shown`);
    view.tally = view.tally ? `${view.tally}${ctx.t('，', ', ')}${shown}` : shown;
  }
}

/** The "Example(s):" paragraph at the end of a verb's help. */
export function examples(cli: Cli, ...lines: string[]): string {
  return `\n${cli.t('示例', lines.length > 1 ? 'Examples' : 'Example')}:\n${lines.map((l) => `  ${l}\n`).join('')}`;
}
