import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { InputError } from '../../errors.js';
import { MuteMatcher, parseTagFilter, tagKey } from '../../mutes/match.js';
import type { Mute } from '../../store/index.js';
import { mutesOf, openStore, type GlobalOptions } from '../context.js';
import { parseFormat } from '../format.js';
import { printJson, printLine, printText } from '../output.js';
import { renderTable } from '../table.js';
import { parseDate } from './report.js';

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

const DAY = 86_400_000;

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

export function registerMute(program: Command, globals: () => GlobalOptions): void {
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
      if (!flags.reason.trim()) throw new InputError('--reason: give a reason; auditors will read it');
      const now = new Date();
      const expiresAt = flags.until ? parseDate(flags.until, '--until') : null;
      if (expiresAt && expiresAt <= now) throw new InputError(`--until ${flags.until}: the date has passed`);
      const tagFilter = parseTagFilter(flags.tag);
      if (flags.tag !== undefined && !tagFilter.tagKey)
        throw new InputError(`--tag ${flags.tag}: expected key=value or key`);
      const store = await openStore(globals());
      try {
        const id = await store.mutes.add({
          ruleId: flags.rule,
          resourcePattern: flags.resource ?? null,
          account: flags.account ?? null,
          region: flags.region ?? null,
          ...tagFilter,
          reason: flags.reason,
          author: flags.author ?? userInfo().username,
          createdAt: now,
          expiresAt,
        });
        printLine(`mute ${id} added`);
      } finally {
        await store.close();
      }
    });

  mute
    .command('list')
    .description('mutes in force (--all: expired ones too)')
    .option('--all', 'include expired mutes')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { all?: boolean; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const store = await openStore(globals(), true);
      try {
        const mutes = await store.mutes.list({ includeExpired: flags.all });
        if (format === 'json') return printJson(mutes);
        printText(mutes.length ? muteTable(mutes) : 'No mutes.\n');
      } finally {
        await store.close();
      }
    });

  mute
    .command('remove')
    .description('remove a mute')
    .argument('<id>', 'mute id (see stance mute list)')
    .action(async (id: string) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n <= 0) throw new InputError(`mute remove ${id}: expected a mute id`);
      const store = await openStore(globals());
      try {
        if (!(await store.mutes.remove(n))) throw new InputError(`mute ${n} does not exist`);
        printLine(`mute ${n} removed`);
      } finally {
        await store.close();
      }
    });

  mute
    .command('audit')
    .description('mutes that silence nothing now, and mutes that expire soon')
    .option('--days <n>', 'how soon counts as soon', '14')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { days: string; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const days = Number(flags.days);
      if (!Number.isFinite(days) || days < 0)
        throw new InputError(`--days ${flags.days}: expected a number of days`);
      const store = await openStore(globals(), true);
      try {
        const now = new Date();
        const { tags } = await mutesOf(store, now);
        const failing = await store.findings.current({ status: 'fail' });
        const mutes = (await store.mutes.list({ at: now })).map((m) => {
          const one = new MuteMatcher([m]);
          return {
            ...m,
            matches: failing.filter((f) =>
              one.match({ ...f, tags: tags?.get(tagKey(f.resourceId, f.sourceFile)) }),
            ).length,
          };
        });
        const unused = mutes.filter((m) => m.matches === 0);
        const expiring = mutes.filter(
          (m) => m.expiresAt && Date.parse(m.expiresAt) - now.getTime() <= days * DAY,
        );
        if (format === 'json') return printJson({ unused, expiring });
        printText(
          `Mutes that silence no failing finding now (${unused.length}):\n${unused.length ? muteTable(unused) : '  none\n'}`,
        );
        printText(
          `\nMutes expiring within ${days} days (${expiring.length}):\n${expiring.length ? muteTable(expiring) : '  none\n'}`,
        );
      } finally {
        await store.close();
      }
    });
}
