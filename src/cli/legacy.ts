/**
 * TEMPORARY: the old verb helpers, kept only while verbs move to the one verb shape (command.ts).
 * Deleted when no verb imports them.
 */
import type { Command } from 'commander';
import type { Lang } from '../domain/i18n.js';
import { makeContext, type Cli, type Ctx, type Deps } from './context.js';

let helpLang: Lang = 'en';

export function setHelpLang(lang: Lang): void {
  helpLang = lang;
}

export function L(zh: string, en: string): string {
  return helpLang === 'zh' ? zh : en;
}

export function action<O>(deps: Deps, fn: (opts: O, ctx: Ctx, args: string[]) => Promise<void>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const opts = all[all.length - 2] as O;
    const args = all.slice(0, -2) as string[];
    const ctx = makeContext(cmd, deps as Cli);
    try {
      if (ctx.reveal) {
        const { recordReveal } = await import('../services/audit.js');
        recordReveal(await ctx.openStore(), ctx, cmd.parent ? `${cmd.parent.name()} ${cmd.name()}` : cmd.name());
      }
      await fn(opts, ctx, args);
    } finally {
      ctx.close();
    }
  };
}

export async function emit(ctx: Ctx, text: string, out?: string): Promise<void> {
  if (!out) {
    ctx.io.stdout.write(text);
    return;
  }
  const { writeFileAtomic } = await import('../io/files.js');
  writeFileAtomic(out, text);
  ctx.io.stderr.write(ctx.t(`已写入 ${out}\n`, `wrote ${out}\n`));
}

/** Old-style listFormat, for verbs not yet moved. */
export function listFormat(ctx: Ctx): 'table' | 'json' | 'csv' | 'markdown' | 'xlsx' {
  return ctx.format ?? (ctx.io.stdoutIsTTY ? 'table' : 'json');
}
