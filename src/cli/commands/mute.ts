import type { Command } from 'commander';
import type { Mute } from '../../index.js';
import type { Cli } from '../context.js';
import { addFilterOptions, parseFormat, type FilterFlags } from '../options.js';
import { printJson, printLine, printText } from '../output.js';
import { renderTable } from '../table.js';

interface AddFlags {
  rule: string;
  resource?: string;
  account?: string;
  region?: string;
  tag?: string;
  reason: string;
  until?: string;
  author?: string;
}

function muteTable(mutes: (Mute & { matches?: number })[]): string {
  return renderTable(mutes, [
    { header: 'id', value: (m) => String(m.id) },
    { header: 'rule', value: (m) => m.ruleId },
    {
      header: 'matches',
      value: (m) =>
        [
          m.resourcePattern && `resource ${m.resourcePattern}`,
          m.account && `account ${m.account}`,
          m.region && `region ${m.region}`,
          m.tagKey && `tag ${m.tagKey}${m.tagValue !== null ? `=${m.tagValue}` : ''}`,
        ]
          .filter(Boolean)
          .join(', ') || 'every resource',
      max: 60,
    },
    { header: 'reason', value: (m) => m.reason, max: 50 },
    { header: 'author', value: (m) => m.author ?? '' },
    { header: 'expires', value: (m) => m.expiresAt?.slice(0, 10) ?? 'never' },
    ...(mutes.some((m) => m.matches !== undefined)
      ? [{ header: 'muting now', value: (m: Mute & { matches?: number }) => String(m.matches ?? '') }]
      : []),
  ]);
}

export function registerMute(program: Command, cli: Cli): void {
  const mute = program
    .command('mute')
    .description('silence a rule for matching resources, with a reason (reported as muted, never hidden)');

  mute
    .command('add')
    .description('add a mute')
    .requiredOption('--rule <id>', 'rule id, or * for every rule')
    .option('--resource <pattern>', 'resource id, * matches any characters (e.g. arn:aws:s3:::public-*)')
    .option('--account <id>', 'only this AWS account or cluster')
    .option('--region <region>', 'only this region or namespace')
    .option('--tag <key=value>', 'only resources with this tag or label (key alone: any value)')
    .requiredOption('--reason <text>', 'why this is accepted; shown in findings and reports')
    .option('--until <date>', 'expiry date; the mute stops by itself after it')
    .option('--author <name>', 'who accepted it (default: the current user)')
    .action(async (flags: AddFlags) => {
      const lib = await cli.lib();
      // user rules of the config's policies are known rules too; checked before the database is opened
      const rules = lib.rules({ policies: (await cli.config(undefined))?.policies });
      const mute = lib.validateMute({ ...flags, ruleId: flags.rule }, { rules });
      await cli.withStore({}, async (store) => printLine(`mute ${await store.mutes.add(mute)} added`));
    });

  const list = mute.command('list').description('mutes in force (--all: expired ones too)');
  addFilterOptions(list, ['rule', 'account', 'region', 'cluster', 'namespace'])
    .option('--all', 'include expired mutes')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: FilterFlags & { all?: boolean; format?: string }) =>
      cli.withStore({ readonly: true }, async (store, lib) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const mutes = await lib.listMutes(store, {
          status: flags.all ? 'all' : 'active',
          ruleId: flags.rule,
          // a mute names an AWS account or a cluster, a region or a namespace, in the same fields
          account: flags.account ?? flags.cluster,
          region: flags.region ?? flags.namespace,
        });
        if (format === 'json') return printJson(mutes);
        printText(mutes.length ? muteTable(mutes) : 'No mutes.\n');
      }),
    );

  mute
    .command('remove')
    .description('remove a mute')
    .argument('<id>', 'mute id (see stance mute list)')
    .action(async (id: string) => {
      const lib = await cli.lib();
      const n = Number(id);
      if (!Number.isInteger(n) || n <= 0) throw new lib.InputError(`mute remove ${id}: expected a mute id`);
      await cli.withStore({}, async (store) => {
        await lib.removeMute(store, n);
        printLine(`mute ${n} removed`);
      });
    });

  mute
    .command('audit')
    .description('mutes that silence nothing now, and mutes that expire soon')
    .option('--days <n>', 'how soon counts as soon', '14')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: { days: string; format?: string }) =>
      cli.withStore({ readonly: true }, async (store, lib) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const days = Number(flags.days);
        if (!Number.isFinite(days) || days < 0)
          throw new lib.InputError(`--days ${flags.days}: expected a number of days`);
        const { unused, expiring } = await lib.auditMutes(store, { days });
        if (format === 'json') return printJson({ unused, expiring });
        printText(
          `Mutes that silence no failing finding now (${unused.length}):\n${unused.length ? muteTable(unused) : '  none\n'}`,
        );
        printText(
          `\nMutes expiring within ${days} days (${expiring.length}):\n${expiring.length ? muteTable(expiring) : '  none\n'}`,
        );
      }),
    );
}
