import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { parseFormat, repeatable } from '../options.js';
import { field, printJson, printLine, printTable } from '../output.js';

export function registerRules(program: Command, cli: Cli): void {
  program
    .command('rules')
    .description('the rules in the policy bundle')
    .option('--frameworks <dir>', "also list your frameworks' controls of each rule (repeatable)", repeatable)
    .option(
      '--config <file>',
      'stance.yaml whose frameworks: directories also load (default: ./stance.yaml if present)',
    )
    .option('-f, --format <format>', 'table | json', 'table')
    .option(
      '--policies <dir...>',
      "user rule directories built by stance policy build (default: the config's policies)",
    )
    .action(
      async (flags: { format?: string; frameworks?: string[]; config?: string; policies?: string[] }) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const lib = await cli.lib();
        const policies = flags.policies ?? (await cli.config(flags.config))?.policies;
        const rules = lib.rules({ policies });
        const dirs = await cli.frameworkDirs(flags.frameworks, flags.config);
        const controls = await lib.ruleControls(await lib.frameworks({ dirs, policies }));
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
      },
    );
}
