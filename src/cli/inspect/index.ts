import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as checks from './checks.js';
import * as exp from './export.js';
import * as imp from './import.js';
import * as list from './list.js';
import * as log from './log.js';
import * as session from './session.js';
import * as unregistered from './unregistered.js';
import * as voidInspection from './void.js';

export function command(cli: Cli): Command {
  const { t } = cli;
  return new Command('inspect')
    .description(t('卡点查验：登记（默认）、值班录入、列表、未报备、作废、导入、导出、查验规则', 'checkpoint inspections: log (the default), session, list, unregistered, void, import, export, checks'))
    .addCommand(log.command(cli), { isDefault: true })
    .addCommand(session.command(cli))
    .addCommand(list.command(cli))
    .addCommand(unregistered.command(cli))
    .addCommand(voidInspection.command(cli))
    .addCommand(imp.command(cli))
    .addCommand(exp.command(cli))
    .addCommand(checks.command(cli))
    .addHelpText('after', `\n${t('不写子命令即为 log：', 'Without a subcommand, log is run:')}\n  fangkong inspect --checkpoint 高速收费站卡点 --id-number 11010519491231002X --code green --temp 36.5\n`);
}
