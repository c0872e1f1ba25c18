import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as list from './list.js';
import * as verify from './verify.js';

export function command(cli: Cli): Command {
  return new Command('audit')
    .description(cli.t('审计日志：每一次变更都有记录，且以哈希链防篡改', 'the audit log: a row for every change, hash-chained against tampering'))
    .addCommand(list.command(cli))
    .addCommand(verify.command(cli));
}
