/**
 * Shared pieces of every verb: help text in the user's language, the action wrapper that
 * builds the context and closes the store, and the one set of output options.
 */
import { Command, Option } from 'commander';
import type { Lang } from '../domain/i18n.js';
import { makeContext, type Ctx, type Deps } from './context.js';

let helpLang: Lang = 'en';

export function setHelpLang(lang: Lang): void {
  helpLang = lang;
}

/** Help text: Chinese or English, by --lang / LANG. */
export function L(zh: string, en: string): string {
  return helpLang === 'zh' ? zh : en;
}

/** A commander action that builds the context, runs the verb and always closes the database. */
export function action<O>(deps: Deps, fn: (opts: O, ctx: Ctx, args: string[]) => Promise<void>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const opts = all[all.length - 2] as O;
    const args = all.slice(0, -2) as string[];
    const ctx = makeContext(cmd, deps);
    try {
      await fn(opts, ctx, args);
      if (ctx.reveal) {
        const { recordReveal } = await import('../services/audit.js');
        recordReveal(await ctx.openStore(), ctx, cmd.parent ? `${cmd.parent.name()} ${cmd.name()}` : cmd.name());
      }
    } finally {
      ctx.close();
    }
  };
}

/** `--out FILE` for every listing; --format and --reveal are global (see main.ts). */
export function addOutputOptions(cmd: Command): Command {
  return cmd.addOption(new Option('--out <file>', L('写入文件（写完才出现）而不是屏幕', 'write to FILE (appears only when complete) instead of stdout')));
}

/** Writes text to --out atomically, or to stdout. */
export async function emit(ctx: Ctx, text: string, out?: string): Promise<void> {
  if (!out) {
    ctx.io.stdout.write(text);
    return;
  }
  const { writeFileAtomic } = await import('../io/files.js');
  writeFileAtomic(out, text);
  ctx.io.stderr.write(ctx.t(`已写入 ${out}\n`, `wrote ${out}\n`));
}
