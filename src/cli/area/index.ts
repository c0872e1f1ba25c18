import { Command } from 'commander';
import { L } from '../command.js';
import type { Cli } from '../context.js';
import * as clear from './clear.js';
import * as imp from './import.js';
import * as list from './list.js';
import * as set from './set.js';

export function command(deps: Cli): Command {
  return new Command('area')
    .description(L('风险区：设定、查看、解除、导入', 'risk areas: set, list, clear, import'))
    .addCommand(set.command(deps))
    .addCommand(list.command(deps))
    .addCommand(clear.command(deps))
    .addCommand(imp.command(deps));
}
