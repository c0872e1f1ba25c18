import { Command } from 'commander';
import { L } from '../command.js';
import type { Cli } from '../context.js';
import * as add from './add.js';
import * as exp from './export.js';
import * as imp from './import.js';
import * as list from './list.js';
import * as purge from './purge.js';
import * as show from './show.js';

export function command(deps: Cli): Command {
  return new Command('arrival')
    .description(L('来返人员报备：登记、查询、导入、导出', 'arrivals: register, find, import, export'))
    .addCommand(add.command(deps))
    .addCommand(list.command(deps))
    .addCommand(show.command(deps))
    .addCommand(imp.command(deps))
    .addCommand(exp.command(deps))
    .addCommand(purge.command(deps));
}
