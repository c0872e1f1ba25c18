/** fangkong policy add — a local policy from a JSON file. */
import { Command } from 'commander';
import type { Policy } from '../../domain/policy.js';
import type { View } from '../../io/output.js';
import { addOutputOptions, examples, flagsOnly, verb } from '../command.js';
import type { Cli, Ctx } from '../context.js';
import { policyView } from './render.js';

export interface Options {
  /** The JSON file with the definition. */
  file: string;
}

const EXAMPLE = `{
  "id": "county-close-5+5",
  "name": { "zh": "密接 5天集中隔离+5天居家健康监测", "en": "Close contact: 5 d centralised + 5 d monitoring" },
  "phases": [
    { "kind": "centralized", "days": 5, "tests": [1, 3, 5] },
    { "kind": "health_monitoring", "days": 5, "tests": [5] }
  ],
  "source": "县指挥部 2022-11-20 通知",
  "in_force_from": "2022-11-20",
  "anchor": "exposure"
}`;

export function command(cli: Cli): Command {
  const { t } = cli;
  const cmd = new Command('add')
    .description(t('从 JSON 文件添加本地管控措施（检查阶段、天数、检测日）', 'add a local policy from a JSON file (phases, days and test days are checked)'))
    .requiredOption('--file <file>', t('JSON 文件', 'JSON file'))
    .addHelpText('after', `\n${t('文件示例', 'File example')}:\n${EXAMPLE}\n${t('阶段类型', 'Phase kinds')}: centralized, home_quarantine, health_monitoring
${t('起算日（anchor，可不填）', 'Counted from (anchor, optional)')}: exposure (${t('末次暴露次日', 'day after last exposure')}), entry (${t('入境日期', 'entry date')}), left_area (${t('离开风险区之日', 'day left the risk area')}), managed (${t('纳入管理之日', 'day brought under management')}), arrival${examples(cli, 'fangkong policy add --file county-close.json')}`);
  return addOutputOptions(cmd, cli).action(verb(cli, { parse: flagsOnly<Options>, run, view }));
}

export async function run(opts: Options, ctx: Ctx): Promise<Policy> {
  const { addPolicy, readPolicyFile } = await import('../../services/policy.js');
  const raw = readPolicyFile(opts.file);
  return addPolicy(await ctx.openStore(), raw, ctx);
}

export function view(p: Policy, ctx: Ctx): View {
  return { ...policyView(p, ctx), before: [ctx.t(`已添加管控措施 ${p.id}`, `added policy ${p.id}`)] };
}
