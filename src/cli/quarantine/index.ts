import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as assign from './assign.js';
import * as cancel from './cancel.js';
import * as end from './end.js';
import * as list from './list.js';
import * as reassess from './reassess.js';
import * as release from './release.js';
import * as show from './show.js';
import * as transfer from './transfer.js';

export function command(cli: Cli): Command {
  return new Command('quarantine')
    .description(cli.t('隔离管控：分配措施、台账、查看、解除、撤销、按规定终止、转移、批量调整', 'quarantine: assign, the ledger, show, release, cancel, end by rule, transfer, bulk reassessment'))
    .addCommand(assign.command(cli))
    .addCommand(list.command(cli))
    .addCommand(show.command(cli))
    .addCommand(release.command(cli))
    .addCommand(cancel.command(cli))
    .addCommand(end.command(cli))
    .addCommand(transfer.command(cli))
    .addCommand(reassess.command(cli));
}
