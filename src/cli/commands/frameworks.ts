import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { parseFormat, repeatable } from '../options.js';
import { printJson, printLine, printTable } from '../output.js';

export function registerFrameworks(program: Command, cli: Cli): void {
  program
    .command('frameworks')
    .description('compliance frameworks with their control counts and rule coverage')
    .option('--frameworks <dir>', 'also load your frameworks from this directory (repeatable)', repeatable)
    .option(
      '--config <file>',
      'stance.yaml whose frameworks: directories also load (default: ./stance.yaml if present)',
    )
    .option('-f, --format <format>', 'table | json', 'table')
    .action(async (flags: { format?: string; frameworks?: string[]; config?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const lib = await cli.lib();
      const dirs = await cli.frameworkDirs(flags.frameworks, flags.config);
      const policies = (await cli.config(flags.config))?.policies;
      const list = (await lib.frameworks({ dirs, policies })).map((f) => ({
        id: f.id,
        name: f.name,
        version: f.version,
        complete: f.complete,
        controls: f.controls.length,
        automated: f.controls.filter((c) => c.assessment === 'automated').length,
        withRules: f.controls.filter((c) => c.rules.length > 0).length,
      }));
      if (format === 'json') return printJson(list);
      printTable(list, [
        { header: 'id', value: (f) => f.id },
        { header: 'name', value: (f) => f.name, max: 60 },
        { header: 'controls', value: (f) => String(f.controls) },
        { header: 'automated', value: (f) => String(f.automated) },
        {
          header: 'with rules',
          value: (f) => `${f.withRules} (${Math.round((100 * f.withRules) / f.controls)}%)`,
        },
        { header: 'complete', value: (f) => (f.complete ? 'yes' : 'no') },
      ]);
      printLine(
        '\ncontrols: in the framework file; automated: controls the standard itself marks as automatable;\n' +
          'with rules: controls at least one Stance rule decides (fully or partly), the rest read "manual";\n' +
          'complete: yes when the file lists every control of the published standard (not a subset);\n' +
          'it says nothing about rule coverage.',
      );
    });
}
