import { Command } from 'commander';
import { L } from '../command.js';
import type { Cli } from '../context.js';
import * as due from './due.js';
import * as imp from './import.js';
import * as overdue from './overdue.js';
import * as record from './record.js';

export function command(deps: Cli): Command {
  return new Command('test')
    .description(L('核酸检测跟踪：当天应检、登记结果、导入结果、逾期未检', 'nucleic-acid tests: due today, record, import, overdue'))
    .addCommand(due.command(deps))
    .addCommand(record.command(deps))
    .addCommand(imp.command(deps))
    .addCommand(overdue.command(deps));
}
