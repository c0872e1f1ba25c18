import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as due from './due.js';
import * as imp from './import.js';
import * as overdue from './overdue.js';
import * as record from './record.js';
import * as review from './review.js';

export function command(cli: Cli): Command {
  return new Command('test')
    .description(cli.t('核酸检测跟踪：当天应检、登记结果、导入结果、逾期未检、阳性研判', 'nucleic-acid tests: due today, record, import, overdue, review a positive'))
    .addCommand(due.command(cli))
    .addCommand(record.command(cli))
    .addCommand(imp.command(cli))
    .addCommand(overdue.command(cli))
    .addCommand(review.command(cli));
}
