import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { InputError } from '../../errors.js';
import type { Signal, Suppression } from '../../index.js';
import { parseSince } from '../../util/time.js';
import type { Cli } from '../context.js';
import {
  addFilterOptions,
  parseFormat,
  parseSeverity,
  scopeFiltersOf,
  type FilterFlags,
} from '../options.js';
import { field, printJson, printLine, printText } from '../output.js';
import { signalEventsText } from '../signal-events.js';
import { signalTable } from '../signal-table.js';
import { renderTable } from '../table.js';
import { parseDate } from './report.js';

interface SignalFlags extends FilterFlags {
  format?: string;
}

const STATES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;

const who = (by: string | undefined) => by ?? userInfo().username;

function historyText(s: Signal): string {
  const lines = [
    `signal ${s.id}: ${s.ruleId} (${s.status}), ${s.count} event(s) ${s.firstSeen} – ${s.lastSeen}`,
  ];
  for (const h of s.history)
    lines.push(`  ${h.at}  ${h.state.padEnd(14)} ${h.by ?? 'stance'}${h.note ? `: ${h.note}` : ''}`);
  return lines.map(field).join('\n') + '\n';
}

function suppressionTable(rows: Suppression[]): string {
  return renderTable(rows, [
    { header: 'id', value: (s) => String(s.id) },
    { header: 'rule', value: (s) => s.ruleId ?? 'every rule', max: 40 },
    { header: 'identity', value: (s) => s.identity ?? '-', max: 60 },
    { header: 'cidr', value: (s) => s.cidr ?? '-' },
    { header: 'reason', value: (s) => s.reason, max: 50 },
    { header: 'author', value: (s) => s.author ?? '' },
    { header: 'expires', value: (s) => s.expiresAt?.slice(0, 16).replace('T', ' ') ?? 'never' },
    { header: 'hits', value: (s) => String(s.hits) },
    {
      header: 'removed',
      value: (s) => (s.removedAt ? `${s.removedAt.slice(0, 10)} by ${s.removedBy ?? '?'}` : ''),
    },
  ]);
}

export function registerSignals(program: Command, cli: Cli): void {
  const signals = program
    .command('signals')
    .description('detection signals and their triage: open, acknowledged, resolved, false_positive');

  // The default subcommand, so `stance signals -f json` lists and `stance signals show ID -f json` shows.
  addFilterOptions(
    signals.command('list', { isDefault: true }).description('list signals, the latest seen first'),
    ['status', 'severity', 'rule', 'account', 'region', 'cluster', 'namespace', 'since'],
    STATES,
  )
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: SignalFlags) => listCommand(cli, flags));

  signals
    .command('show')
    .description('one signal with its state history and its first events')
    .argument('<id>', 'signal id')
    .option('-f, --format <format>', 'table | json', 'table')
    .action(async (id: string, flags: { format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      await cli.withStore({ readonly: true }, async (store, lib) => {
        const signal = await lib.signal(store, lib.parseSignalId(id));
        if (!signal) throw new InputError(`signal ${id}: no such signal (see stance signals)`);
        if (format === 'json') return printJson(signal);
        printText(historyText(signal) + signalEventsText(signal));
      });
    });

  signals
    .command('set')
    .description(
      'set a signal state (who and when are recorded): open, acknowledged, resolved, false_positive',
    )
    .argument('<id>', 'signal id')
    .requiredOption('--state <state>', 'open | acknowledged | resolved | false_positive')
    .option('--note <text>', 'why (kept in the history)')
    .option('--by <name>', 'who (default: the current user)')
    .action(async (id: string, flags: { state: string; note?: string; by?: string }) => {
      const lib = await cli.lib();
      const n = lib.parseSignalId(id);
      const state = lib.parseSignalState(flags.state);
      await cli.withStore({}, async (store) => {
        const signal = await lib.setSignalState(store, n, { state, by: who(flags.by), note: flags.note });
        printLine(`signal ${signal.id} ${signal.status}`);
      });
    });

  signals
    .command('archive')
    .description('resolve a signal (the older name of `set ID --state resolved`)')
    .argument('<id>', 'signal id')
    .option('--note <text>', 'why (kept in the history)')
    .option('--by <name>', 'who (default: the current user)')
    .action(async (id: string, flags: { note?: string; by?: string }) => {
      const lib = await cli.lib();
      const n = lib.parseSignalId(id);
      await cli.withStore({}, async (store) => {
        const signal = await lib.setSignalState(store, n, {
          state: 'resolved',
          by: who(flags.by),
          note: flags.note,
        });
        printLine(`signal ${signal.id} ${signal.status}`);
      });
    });

  registerSuppress(signals, cli);
}

async function listCommand(cli: Cli, flags: SignalFlags): Promise<void> {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  const lib = await cli.lib();
  const status = flags.status ? lib.parseSignalState(flags.status, '--status') : undefined;
  const severity = flags.severity ? parseSeverity(flags.severity, '--severity') : undefined;
  const since = flags.since ? parseSince(flags.since) : undefined;
  await cli.withStore({ readonly: true }, async (store) => {
    if (store.outdated) {
      // A read-only database file from before this version, which could not be migrated.
      if (format === 'json') return printJson([]);
      return printText(
        'No signals to show: this database predates signal triage (run `stance detect cloudtrail` once to upgrade it).\n',
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

function registerSuppress(signals: Command, cli: Cli): void {
  const suppress = signals
    .command('suppress')
    .description('suppressions: events of a rule, identity or IP range raise no signal (audited like mutes)');

  suppress
    .command('add')
    .description('add a suppression (at least one of --rule, --identity, --cidr; all given must match)')
    .option('--rule <id>', 'only this rule (default: every rule)')
    .option('--identity <arn>', 'caller ARN or role ARN, * matches any characters')
    .option('--cidr <range>', 'source IP address or range')
    .requiredOption('--reason <text>', 'why; shown in audits')
    .option('--until <date>', 'expiry; events after it are no longer suppressed')
    .option('--by <name>', 'who (default: the current user)')
    .action(
      async (flags: {
        rule?: string;
        identity?: string;
        cidr?: string;
        reason: string;
        until?: string;
        by?: string;
      }) => {
        const expiresAt = flags.until ? parseDate(flags.until, '--until') : undefined;
        await cli.withStore({}, async (store, lib) => {
          const id = await lib.addSuppression(store, {
            ...(flags.rule ? { ruleId: flags.rule } : {}),
            ...(flags.identity !== undefined ? { identity: flags.identity } : {}),
            ...(flags.cidr !== undefined ? { cidr: flags.cidr } : {}),
            reason: flags.reason,
            author: who(flags.by),
            ...(expiresAt ? { expiresAt } : {}),
          });
          printLine(`suppression ${id} added`);
        });
      },
    );

  suppress
    .command('list')
    .description('suppressions in force (--all: removed and expired ones too)')
    .option('--all', 'include removed and expired suppressions')
    .option('-f, --format <format>', 'table | json', 'table')
    .action(async (flags: { all?: boolean; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      await cli.withStore({ readonly: true }, async (store, lib) => {
        const rows = await lib.suppressions(store, { all: flags.all });
        if (format === 'json') return printJson(rows);
        printText(rows.length ? suppressionTable(rows) : 'No suppressions.\n');
      });
    });

  suppress
    .command('remove')
    .description('remove a suppression (kept in the audit with who and when)')
    .argument('<id>', 'suppression id')
    .option('--by <name>', 'who (default: the current user)')
    .action(async (id: string, flags: { by?: string }) => {
      if (!/^\d{1,15}$/.test(id)) throw new InputError(`suppression ${id}: expected a number`);
      await cli.withStore({}, async (store, lib) => {
        if (!(await lib.removeSuppression(store, Number(id), { by: who(flags.by) })))
          throw new InputError(
            `suppression ${id}: none in place with that id (see stance signals suppress list)`,
          );
        printLine(`suppression ${id} removed`);
      });
    });

  suppress
    .command('audit')
    .description('suppressions that silenced nothing lately, that expire soon, and that ended')
    .option('--days <n>', 'how recent counts as lately, and how soon as soon', '14')
    .option('-f, --format <format>', 'table | json', 'table')
    .action(async (flags: { days: string; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const days = Number(flags.days);
      if (!Number.isFinite(days) || days < 0)
        throw new InputError(`--days ${flags.days}: expected a number of days`);
      await cli.withStore({ readonly: true }, async (store, lib) => {
        const audit = store.outdated
          ? { unused: [], expiring: [], ended: [] }
          : await lib.auditSuppressions(store, new Date(), days);
        if (format === 'json') return printJson(audit);
        const part = (title: string, rows: Suppression[]) =>
          `${title} (${rows.length}):\n${rows.length ? suppressionTable(rows) : '  none\n'}`;
        printText(part(`Suppressions that silenced nothing in ${days} days`, audit.unused));
        printText('\n' + part(`Suppressions expiring within ${days} days`, audit.expiring));
        printText('\n' + part('Removed or expired suppressions', audit.ended));
      });
    });
}
