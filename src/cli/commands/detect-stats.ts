import type { Command } from 'commander';
import { parseSince } from '../../util/time.js';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { printJson, printText } from '../output.js';
import { renderTable } from '../table.js';

interface StatsFlags {
  since?: string;
  until?: string;
  rule?: string;
  byDay?: boolean;
  format?: string;
}

export function registerDetectStats(detect: Command, cli: Cli): void {
  detect
    .command('stats')
    .description('signals per rule over time, noisiest rules first')
    .option('--since <date>', 'signals first seen from this date or date-time')
    .option('--until <date>', 'signals first seen before this date or date-time')
    .option('--rule <id>', 'only this rule')
    .option('--by-day', 'one row per rule and day')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: StatsFlags) => statsCommand(cli, flags));
}

async function statsCommand(cli: Cli, flags: StatsFlags): Promise<void> {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  const since = flags.since ? parseSince(flags.since) : undefined;
  const until = flags.until ? parseSince(flags.until, '--until') : undefined;
  await cli.withStore({ readonly: true }, async (store, lib) => {
    const { rules, days } = await lib.detectionStats(store, { since, until, ruleId: flags.rule });
    if (format === 'json') return printJson({ rules, days });
    if (days.length === 0) return printText('no signals\n');
    const first = days[0]!.day;
    const last = days[days.length - 1]!.day;
    printText(`signals per rule, ${first} to ${last} (by first sighting)\n\n`);
    printText(
      renderTable(rules, [
        { header: 'rule', value: (t) => t.ruleId, max: 50 },
        { header: 'signals', value: (t) => String(t.signals) },
        { header: 'events', value: (t) => String(t.events) },
        { header: 'false positive', value: (t) => (t.falsePositives ? String(t.falsePositives) : '-') },
        { header: 'days', value: (t) => String(t.days) },
        { header: 'busiest day', value: (t) => `${t.busiestDay} (${t.busiest})` },
      ]),
    );
    if (flags.byDay)
      printText(
        '\n' +
          renderTable(days, [
            { header: 'day', value: (d) => d.day },
            { header: 'rule', value: (d) => d.ruleId, max: 50 },
            { header: 'signals', value: (d) => String(d.signals) },
            { header: 'events', value: (d) => String(d.events) },
            { header: 'false positive', value: (d) => (d.falsePositives ? String(d.falsePositives) : '-') },
          ]),
      );
  });
}
