import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as add from './add.js';
import * as confirm from './confirm.js';
import * as del from './delete.js';
import * as edit from './edit.js';
import * as exp from './export.js';
import * as imp from './import.js';
import * as list from './list.js';
import * as purge from './purge.js';
import * as restore from './restore.js';
import * as show from './show.js';

export function command(cli: Cli): Command {
  return new Command('arrival')
    .description(cli.t('来返人员报备：登记、查询、导入、导出', 'arrivals: register, find, import, export'))
    .addCommand(add.command(cli))
    .addCommand(list.command(cli))
    .addCommand(show.command(cli))
    .addCommand(edit.command(cli))
    .addCommand(del.command(cli))
    .addCommand(restore.command(cli))
    .addCommand(confirm.command(cli))
    .addCommand(imp.command(cli))
    .addCommand(exp.command(cli))
    .addCommand(purge.command(cli));
}
