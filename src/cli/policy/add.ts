/** fangkong policy add — a local policy from a JSON file. */
import { Command } from 'commander';
import { StoreError, UsageError } from '../../domain/errors.js';
import { action, L } from '../command.js';
import type { Deps } from '../context.js';
import { render } from './show.js';

const EXAMPLE = `{
  "id": "county-close-5+5",
  "name": { "zh": "密接 5天集中隔离+5天居家健康监测", "en": "Close contact: 5 d centralised + 5 d monitoring" },
  "phases": [
    { "kind": "centralized", "days": 5, "tests": [1, 3, 5] },
    { "kind": "health_monitoring", "days": 5, "tests": [5] }
  ],
  "source": "县指挥部 2022-11-20 通知",
  "in_force_from": "2022-11-20"
}`;

export function command(deps: Deps): Command {
  return new Command('add')
    .description(L('从 JSON 文件添加本地管控措施（检查阶段、天数、检测日）', 'add a local policy from a JSON file (phases, days and test days are checked)'))
    .requiredOption('--file <file>', L('JSON 文件', 'JSON file'))
    .addHelpText('after', `\n${L('文件示例', 'File example')}:\n${EXAMPLE}\n${L('阶段类型', 'Phase kinds')}: centralized, home_quarantine, health_monitoring\n${L('示例', 'Example')}:\n  fangkong policy add --file county-close.json\n`)
    .action(
      action<{ file: string }>(deps, async (opts, ctx) => {
        const fs = await import('node:fs');
        let text: string;
        try {
          text = fs.readFileSync(opts.file, 'utf8').replace(/^\uFEFF/, '');
        } catch (err) {
          throw new StoreError(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        }
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (err) {
          throw new UsageError(`${opts.file} is not valid JSON: ${(err as Error).message}`);
        }
        const { addPolicy } = await import('../../services/policy.js');
        const p = addPolicy(await ctx.openStore(), raw, ctx);
        ctx.io.stderr.write(ctx.t(`已添加管控措施 ${p.id}\n`, `added policy ${p.id}\n`));
        await render(p, ctx);
      }),
    );
}
