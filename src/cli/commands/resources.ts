import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { printJson, printLine, printTable } from '../output.js';

export function registerResources(program: Command, cli: Cli): void {
  program
    .command('resources')
    .description('resources in the inventory')
    .option('--type <type>', 'only this resource type, e.g. aws.ec2.security_group')
    .option('--include-deleted', 'also list resources that are gone')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: { type?: string; includeDeleted?: boolean; format?: string }) =>
      cli.withStore({ readonly: true }, async (store, lib) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const rows = await lib.resources(store, { type: flags.type, includeDeleted: flags.includeDeleted });
        if (format === 'json') return printJson(rows);
        if (rows.length === 0) return printLine('No resources match.');
        printTable(rows, [
          { header: 'type', value: (r) => r.type },
          { header: 'account', value: (r) => r.account },
          { header: 'region', value: (r) => r.region },
          { header: 'name', value: (r) => r.name, max: 40 },
          { header: 'id', value: (r) => r.resourceId, max: 80 },
          { header: 'failing', value: (r) => String(r.failing ?? 0) },
        ]);
        printLine(`\n${rows.length} resource(s)`);
      }),
    );
}
