import { Command } from 'commander';
import { L } from '../command.js';
import type { Deps } from '../context.js';
import * as add from './add.js';
import * as list from './list.js';
import * as rules from './rules.js';
import * as show from './show.js';

export function command(deps: Deps): Command {
  return new Command('policy')
    .description(L('管控措施：预设、本地措施和规则表', 'quarantine policies: presets, local policies and the rule table'))
    .addCommand(list.command(deps))
    .addCommand(show.command(deps))
    .addCommand(add.command(deps))
    .addCommand(rules.command(deps));
}
