/** The problems audit verify and db check find in the audit chain, in Chinese. */
import type { ChainProblem } from '../services/audit.js';

/** A problem's detail in Chinese, from its kind and the figures of its English detail (services/audit.ts verifyAudit). */
export function problemZh(p: ChainProblem): string {
  if (p.kind === 'deleted') {
    const m = p.detail.match(/^rows? (\d+)(?: to (\d+))? (?:was|were) deleted$/);
    if (m) return m[2] ? `第 ${m[1]} 至 ${m[2]} 条被删除` : `第 ${m[1]} 条被删除`;
  }
  if (p.kind === 'broken_link') return `第 ${p.id} 条被改动：第 ${p.id + 1} 条记下的它的哈希与之不符`;
  if (p.kind === 'changed') return `第 ${p.id} 条被改动：内容与它的哈希不符`;
  if (p.kind === 'head_missing') {
    const m = p.detail.match(/\((\S*…)(?: at row (\d+))?\)/);
    if (m) return `别处记下的末条哈希（${m[1]}${m[2] ? `，第 ${m[2]} 条` : ''}）已不在链中：有记录被改写，或从末尾被截掉`;
  }
  if (p.kind === 'report_head_missing') return `${p.file} 所载的审计末条哈希（第 ${p.id} 条，${p.head}…）已不在链中：有记录被改写，或从末尾被截掉`;
  return p.detail;
}
