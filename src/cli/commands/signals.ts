import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { parseSince } from '../../util/time.js';
import type { Cli } from '../context.js';
import {
  addFilterOptions,
  parseFormat,
  parseSeverity,
  parseStatus,
  scopeFiltersOf,
  type FilterFlags,
} from '../options.js';
import { printJson, printLine, printText } from '../output.js';
import { signalTable } from '../signal-table.js';

interface SignalFlags extends FilterFlags {
  format?: string;
}

const STATUSES = ['open', 'archived'] as const;

export function registerSignals(program: Command, cli: Cli): void {
  const signals = program.command('signals').description('detection signals (open or archived)');
  addFilterOptions(
    signals,
    ['status', 'severity', 'rule', 'account', 'region', 'cluster', 'namespace', 'since'],
    STATUSES,
  )
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: SignalFlags) => signalsCommand(cli, flags));

  signals
    .command('archive')
    .description('archive a signal (triaged); later events open a new one')
    .argument('<id>', 'signal id')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new InputError(`signal id ${id}: expected a number (see stance signals)`);
      await cli.withStore({}, async (store, lib) => {
        await lib.archiveSignal(store, Number(id));
        printLine(`signal ${id} archived`);
      });
    });
}

async function signalsCommand(cli: Cli, flags: SignalFlags) {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  const status = parseStatus(flags.status, STATUSES);
  const severity = flags.severity ? parseSeverity(flags.severity, '--severity') : undefined;
  const since = flags.since ? parseSince(flags.since) : undefined;
  await cli.withStore({ readonly: true }, async (store, lib) => {
    if (store.outdated) {
      // A read-only database file from before detection, which could not be migrated.
      if (format === 'json') return printJson([]);
      return printText(
        'No signals yet: this database predates detection (run `stance detect cloudtrail` to record signals).\n',
      );
    }
    const rows = await lib.signals(store, {
      ...scopeFiltersOf(flags),
      status,
      severity,
      ruleId: flags.rule,
      since,
    });
    if (format === 'json') return printJson(rows);
    if (rows.length === 0) return printLine('No signals match.');
    printText(signalTable(rows) + `\n${rows.length} signal(s)\n`);
  });
}
