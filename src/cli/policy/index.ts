import { Command } from 'commander';
import type { Cli } from '../context.js';
import * as add from './add.js';
import * as list from './list.js';
import * as rules from './rules.js';
import * as show from './show.js';

export function command(cli: Cli): Command {
  return new Command('policy')
    .description(cli.t('管控措施：预设、本地措施和规则表', 'quarantine policies: presets, local policies and the rule table'))
    .addCommand(list.command(cli))
    .addCommand(show.command(cli))
    .addCommand(add.command(cli))
    .addCommand(rules.command(cli));
}
