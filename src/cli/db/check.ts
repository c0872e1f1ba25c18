/** fangkong db check — integrity, foreign keys, schema version, the audit chain. */
import { Command } from 'commander';
import type { Block, View } from '../../io/output.js';
import type { CheckResult } from '../../services/maintenance.js';
import { examples, flagsOnly, verb } from '../command.js';
import { problemZh } from '../audit-problems.js';
import type { Cli, Ctx } from '../context.js';

export type Options = Record<string, never>;


export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('check')
    .description(t('检查数据库：完整性、外键、结构版本、审计链', 'check the database: integrity, foreign keys, schema version, the audit chain'))
    .addHelpText('after', examples(cli, 'fangkong db check'))
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(_opts: Options, ctx: Ctx): Promise<CheckResult> {
  const { check } = await import('../../services/maintenance.js');
  const r = check(await ctx.openStore());
  return r;
}

/** The result for programs; a line for each part of the check for people. */
export function view(r: CheckResult, ctx: Ctx): View {
  const lines = [
    ctx.t(`数据库：${r.path}`, `database: ${r.path}`),
    ctx.t(`结构版本：${r.schema_version}（本程序 ${r.latest_version}）`, `schema version: ${r.schema_version} (this fangkong: ${r.latest_version})`),
    ctx.t(`完整性：${r.integrity.join('; ')}`, `integrity: ${r.integrity.join('; ')}`),
    ctx.t(`外键问题：${r.foreign_keys}`, `foreign-key problems: ${r.foreign_keys}`),
    ctx.t(`审计记录：${r.audit.rows} 条，${r.audit.ok ? '链完整' : '链已损坏'}`, `audit log: ${r.audit.rows} rows, chain ${r.audit.ok ? 'intact' : 'BROKEN'}`),
    ...r.audit.problems.map((p) => `  ${ctx.t(problemZh(p), p.detail)}`),
    ...(r.audit.rows > 0
      ? [ctx.t(`审计末条哈希：${r.audit.head}（第 ${r.audit.rows} 条；请另行记下，日后用 audit verify --head 核对）`, `audit head: ${r.audit.head} (row ${r.audit.rows}; keep it elsewhere and check it later with audit verify --head)`)]
      : []),
  ];
  const blocks: Block[] = lines.map((text) => ({ text }));
  return { kind: 'document', data: r, blocks, ...(r.ok ? {} : { outcome: 'failed' as const, failure: ctx.t('数据库检查未通过', 'the database check failed') }) };
}
