import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as list from './list.js';
import * as verify from './verify.js';

export function command(deps: Deps): Command {
  return new Command('audit')
    .description(L('审计日志：每一次变更都有记录，且以哈希链防篡改', 'the audit log: a row for every change, hash-chained against tampering'))
    .addCommand(list.command(deps))
    .addCommand(verify.command(deps));
}
