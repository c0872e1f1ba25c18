import { Command } from 'commander';
import { L } from '../command.js';
import type { Cli } from '../context.js';
import * as exp from './export.js';
import * as imp from './import.js';
import * as list from './list.js';
import * as log from './log.js';
import * as session from './session.js';
import * as unregistered from './unregistered.js';

export function command(deps: Cli): Command {
  return new Command('inspect')
    .description(L('卡点查验：登记（默认）、值班录入、列表、未报备、导入、导出', 'checkpoint inspections: log (the default), session, list, unregistered, import, export'))
    .addCommand(log.command(deps), { isDefault: true })
    .addCommand(session.command(deps))
    .addCommand(list.command(deps))
    .addCommand(unregistered.command(deps))
    .addCommand(imp.command(deps))
    .addCommand(exp.command(deps))
    .addHelpText('after', `\n${L('不写子命令即为 log：', 'Without a subcommand, log is run:')}\n  fangkong inspect --checkpoint 高速收费站卡点 --id-number 11010519491231002X --code green --temp 36.5\n`);
}
