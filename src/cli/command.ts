/**
 * The one verb shape (docs/engineering.md). A verb file exports
 *   - `Options`: what the command line said, as plain values;
 *   - `command(cli)`: declares the commander Command and parses argv into Options, nothing else;
 *   - `run(opts, ctx)`: does the work through services and returns data (tests call it directly);
 *   - `view(result, ctx)`: turns the result into a View for the output pipeline (io/output.ts).
 * `verb()` joins them: it builds the context, audits --reveal before anything is shown, runs,
 * masks, views, outputs, and always closes the database.
 */
import { Command, Option } from 'commander';
import { FangkongError, ValidationError } from '../domain/errors.js';
import { checkText } from '../domain/text.js';
import type { View } from '../io/output.js';
import { makeContext, type Cli, type Ctx } from './context.js';

export interface Verb<O, R> {
  /** argv → Options: positional arguments, then commander's parsed flags. */
  parse: (args: string[], flags: Record<string, unknown>) => O;
  run: (opts: O, ctx: Ctx) => Promise<R>;
  view: (result: R, ctx: Ctx) => View | Promise<View>;
}

/** A commander action for a verb (see the top of this file). */
export function verb<O, R>(cli: Cli, v: Verb<O, R>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const flags = all[all.length - 2] as Record<string, unknown>;
    const args = all.slice(0, -2) as string[];
    checkInput(cmd, args);
    const ctx = makeContext(cmd, cli);
    try {
      const opts = v.parse(args, flags);
      if (ctx.reveal) {
        // audited first: if the audit cannot be written, nothing is shown
        const { recordReveal } = await import('../services/audit.js');
        recordReveal(await ctx.openStore(), ctx, cmd.parent && cmd.parent.parent ? `${cmd.parent.name()} ${cmd.name()}` : cmd.name());
      }
      const result = await v.run(opts, ctx);
      const { maskDeep } = await import('../io/mask.js');
      const view = await v.view(ctx.reveal ? result : maskDeep(result), ctx);
      const { output } = await import('../io/output.js');
      await output(view, ctx.io, { format: ctx.format, lang: ctx.lang, color: ctx.color, out: typeof flags.out === 'string' ? flags.out : undefined }, (f) =>
        ctx.t(`已写入 ${f}`, `wrote ${f}`),
      );
      if (view.outcome === 'rejections') cli.outcome.rejections = true;
      if (view.outcome === 'failed') throw new CheckFailed(view.failure ?? '');
    } finally {
      ctx.close();
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

/** Options as given: positional arguments ignored, flags as commander parsed them. */
export function flagsOnly<O>(_args: string[], flags: Record<string, unknown>): O {
  return { ...flags } as O;
}

/** `--out FILE` for every verb that shows something; --format and --reveal are global (program.ts). */
export function addOutputOptions(cmd: Command, cli: Cli): Command {
  const { t } = cli;
  return cmd.addOption(
    new Option('--out <file>', t('写入文件（写完才出现；格式看扩展名 .json .csv .md，或 --format）', 'write to FILE (appears only when complete; format from .json .csv .md, or --format)')),
  );
}

/** The "Example(s):" paragraph at the end of a verb's help. */
export function examples(cli: Cli, ...lines: string[]): string {
  return `\n${cli.t('示例', lines.length > 1 ? 'Examples' : 'Example')}:\n${lines.map((l) => `  ${l}\n`).join('')}`;
}
