import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { field, printJson, printLine } from '../output.js';

export function registerDb(program: Command, cli: Cli): void {
  const db = program.command('db').description('database maintenance');
  db.command('prune')
    .description(
      'delete closed history, old configuration versions and signals older than the retention window',
    )
    .option('--retention <period>', 'how much history to keep: 15mo, 400d, 2y', '15mo')
    .option('-f, --format <format>', 'table | json', 'table')
    .action(async (flags: { retention: string; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const lib = await cli.lib();
      lib.retentionWindow(flags.retention); // a bad window is a usage error before the database is opened
      await cli.withStore({}, async (store) => {
        const { olderThan, deleted } = await lib.prune(store, { retention: flags.retention });
        if (format === 'json') return printJson({ olderThan: olderThan.toISOString(), deleted });
        const parts = Object.entries(deleted as unknown as Record<string, number>)
          .filter(([, n]) => typeof n === 'number')
          .map(([table, n]) => `${table} ${n}`);
        printLine(`Pruned ${field(store.location)} before ${olderThan.toISOString()}: ${parts.join(', ')}`);
      });
    });
}
