/** fangkong config — the unit's settings (its name, for reports), and the user's config file (--global). */
import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as get from './get.js';
import * as list from './list.js';
import * as set from './set.js';

export function command(cli: Cli): Command {
  return new Command('config')
    .description(cli.t('本单位设置（如报告中的单位名称）；--global：用户配置文件（所有数据库的默认值）', "this unit's settings (such as its name on reports); --global: the user's config file (defaults for every database)"))
    .addCommand(set.command(cli))
    .addCommand(get.command(cli))
    .addCommand(list.command(cli));
}
