/** fangkong audit verify — walk the hash chain; say which row was changed or deleted. */
import { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { Block, View } from '../../io/output.js';
import type { KeptHead, VerifyResult } from '../../services/audit.js';
import { problemZh } from '../audit-problems.js';
import { examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';

export interface Options {
  /** A head kept elsewhere (the daily log): at least its first 16 hex characters. */
  head?: string;
  /** The row that head was at. */
  rows?: string;
  /** Daily reports as issued (any format): the audit head each carries must still be in the chain. */
  report?: string[];
}

/** --head and --rows checked: hex of 16 to 64 characters, a whole number of rows. */
export function keptHead(opts: Options): KeptHead | undefined {
  if (opts.rows !== undefined && opts.head === undefined) throw new UsageError('--rows goes with --head', '--rows 要和 --head 一起用');
  if (opts.head === undefined) return undefined;
  const hash = opts.head.trim().replace(/…$/, '').toLowerCase();
  if (!/^[0-9a-f]{16,64}$/.test(hash)) {
    throw new UsageError(
      '--head must be the head hash audit verify or db check printed: at least its first 16 hex characters',
      '--head 应为 audit verify 或 db check 显示的末条哈希：至少前 16 位十六进制字符',
    );
  }
  if (opts.rows !== undefined && !/^[1-9]\d{0,12}$/.test(opts.rows.trim())) throw new UsageError(`--rows "${opts.rows}" is not a whole number of rows: use 1 or more`, `--rows “${opts.rows}”不是条数：应为 1 或更大的整数`);
  return { hash, rows: opts.rows === undefined ? undefined : Number(opts.rows) };
}

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('verify')
    .description(t('校验审计日志的哈希链：指出被改动或删除的记录（发现问题时退出码 1）', 'check the hash chain of the audit log: names a changed or deleted row (exit 1 when one is found)'))
    .option('--head <hash>', t('核对此前记下的末条哈希（至少前16位）仍在链中：发现被截去末尾或改写的记录', 'check that a head kept earlier (at least its first 16 hex characters) is still in the chain: catches rows cut from the end or rewritten'))
    .option('--rows <n>', t('该哈希当时是第几条（与 --head 一起用）', 'the row that head was at (with --head)'))
    .option('--report <files...>', t('核对上报的日报文件（任一格式）所载的审计链末条哈希仍在链中：日报存在本机以外，改写或截掉记录都会被发现', 'check that the audit head each issued daily report (any format) carries is still in the chain: reports kept outside this machine catch rows rewritten or cut from the end'))
    .addHelpText('after', examples(cli, 'fangkong audit verify', 'fangkong audit verify --head b8652e95d5288bb9 --rows 5', 'fangkong audit verify --report /srv/reports/2022-11-21.json /srv/reports/2022-11-22.json'))
    .action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<VerifyResult> {
  const kept = keptHead(opts);
  const { readReportHead, verifyAudit } = await import('../../services/audit.js');
  const reports = [];
  for (const file of opts.report ?? []) reports.push(await readReportHead(file));
  return verifyAudit(await ctx.openStore(), kept, reports);
}

/** The result for programs; for people the count and head, each problem, or "intact". */
export function view(r: VerifyResult, ctx: Ctx): View {
  const blocks: Block[] = [{ text: ctx.t(`审计记录 ${r.rows} 条，末条哈希 ${r.head.slice(0, 16)}…`, `${r.rows} audit rows, head ${r.head.slice(0, 16)}…`) }];
  for (const p of r.problems) blocks.push({ text: `  ${ctx.t(problemZh(p), p.detail)}` });
  for (const h of r.reports ?? []) {
    if (h.found) blocks.push({ text: ctx.t(`日报 ${h.file} 所载的末条哈希在链中（第 ${h.rows} 条）`, `the head in ${h.file} is in the chain (row ${h.rows})`) });
  }
  if (r.kept_head?.row) blocks.push({ text: ctx.t(`记下的末条哈希仍在链中（第 ${r.kept_head.row} 条）`, `the head kept elsewhere is in the chain (row ${r.kept_head.row})`) });
  if (r.ok) blocks.push({ text: ctx.t('哈希链完整', 'the chain is intact'), tone: 'good' });
  if (r.ok) return { kind: 'document', data: r, blocks };
  return { kind: 'document', data: r, blocks, outcome: 'failed', failure: ctx.t(`审计日志被改动：${problemZh(r.problems[0])}`, `the audit log was tampered with: ${r.problems[0].detail}`) };
}
