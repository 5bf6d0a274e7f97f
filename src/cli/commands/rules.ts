import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { field, printJson, printLine, printTable } from '../output.js';

export function registerRules(program: Command, cli: Cli): void {
  program
    .command('rules')
    .description('the rules in the policy bundle')
    .option('-f, --format <format>', 'table | json', 'table')
    .option(
      '--policies <dir...>',
      "user rule directories built by stance policy build (default: the config's policies)",
    )
    .action(async (flags: { format?: string; policies?: string[] }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const lib = await cli.lib();
      const policies = flags.policies ?? (await cli.config(undefined))?.policies;
      const rules = lib.rules({ policies });
      const controls = await lib.ruleControls();
      if (format === 'json')
        return printJson(rules.map((r) => ({ ...r, controls: controls.get(r.id) ?? [] })));
      printTable(rules, [
        { header: 'id', value: (r) => r.id },
        { header: 'severity', value: (r) => r.severity },
        { header: 'resource types', value: (r) => r.resourceTypes.join(','), max: 50 },
        { header: 'title', value: (r) => r.title, max: 70 },
      ]);
      printLine(
        `\n${rules.length} rule(s), bundle ${field(lib.policyBundle({ policies }).manifest.version)}`,
      );
    });
}
