import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as clear from './clear.js';
import * as imp from './import.js';
import * as list from './list.js';
import * as set from './set.js';

export function command(cli: Cli): Command {
  return new Command('area')
    .description(cli.t('风险区：设定、查看、解除、导入', 'risk areas: set, list, clear, import'))
    .addCommand(set.command(cli))
    .addCommand(list.command(cli))
    .addCommand(clear.command(cli))
    .addCommand(imp.command(cli));
}
