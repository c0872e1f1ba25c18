import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as list from './list.js';
import * as reassess from './reassess.js';
import * as release from './release.js';
import * as show from './show.js';
import * as transfer from './transfer.js';

export function command(deps: Deps): Command {
  return new Command('quarantine')
    .description(L('隔离管控：台账、查看、解除、转移、批量调整', 'quarantine: the ledger, show, release, transfer, bulk reassessment'))
    .addCommand(list.command(deps))
    .addCommand(show.command(deps))
    .addCommand(release.command(deps))
    .addCommand(transfer.command(deps))
    .addCommand(reassess.command(deps));
}
