import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { cutoffFor, parseRetention } from '../../store/index.js';
import { dbPath, openStore, type GlobalOptions } from '../context.js';
import { parseFormat } from '../format.js';
import { field, printJson, printLine } from '../output.js';

export function registerDb(program: Command, globals: () => GlobalOptions): void {
  const db = program.command('db').description('database maintenance');
  db.command('prune')
    .description(
      'delete closed history, old configuration versions and signals older than the retention window',
    )
    .option('--retention <period>', 'how much history to keep: 15mo, 400d, 2y', '15mo')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { retention: string; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      let retention;
      try {
        retention = parseRetention(flags.retention);
      } catch (error) {
        throw new InputError(`--retention ${flags.retention}: ${(error as Error).message}`);
      }
      const olderThan = cutoffFor(new Date(), retention);
      const store = await openStore(globals());
      try {
        const result = await store.prune({ olderThan });
        if (format === 'json') return printJson({ olderThan: olderThan.toISOString(), deleted: result });
        const parts = Object.entries(result as unknown as Record<string, number>)
          .filter(([, n]) => typeof n === 'number')
          .map(([table, n]) => `${table} ${n}`);
        printLine(
          `Pruned ${field(dbPath(globals()))} before ${olderThan.toISOString()}: ${parts.join(', ')}`,
        );
      } finally {
        await store.close();
      }
    });
}
