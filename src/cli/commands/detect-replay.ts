import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { ReplayRow } from '../../index.js';
import { parseDurationMs, parseSince } from '../../util/time.js';
import type { Cli } from '../context.js';
import { parseFormat, regionList, repeatable } from '../options.js';
import { printJson, printText, stderrLine } from '../output.js';
import { renderTable } from '../table.js';

interface ReplayFlags {
  files?: string[];
  s3?: string;
  since?: string;
  until?: string;
  rules?: string[];
  current?: string[];
  rule?: string[];
  intel?: string[];
  lateness?: string;
  clockSkew?: string;
  lookback?: string;
  regions?: string;
  format?: string;
}

const pair = (x: { signals: number; events: number }) => (x.signals ? `${x.signals} (${x.events} ev)` : '-');

function replayTable(rows: ReplayRow[]): string {
  return renderTable(rows, [
    { header: 'day', value: (r) => r.day },
    { header: 'rule', value: (r) => r.ruleId, max: 50 },
    { header: 'would raise', value: (r) => pair(r.candidate) },
    { header: 'current pack', value: (r) => pair(r.current) },
    {
      header: 'change',
      value: (r) => {
        const d = r.candidate.signals - r.current.signals;
        return d > 0 ? `+${d}` : d < 0 ? String(d) : '';
      },
    },
  ]);
}

export function registerDetectReplay(detect: Command, cli: Cli): void {
  detect
    .command('replay')
    .description(
      'backtest: run a pack (or some rules) over past events with scratch state and compare with the current pack, per rule and day',
    )
    .option('--files <path...>', 'CloudTrail files (gzip or not), JSON lines, directories (recursive)')
    .option('--s3 <url>', 's3://bucket/prefix of a trail: every object of the window is read')
    .option('--since <date>', 'replay events from this date or date-time')
    .option('--until <date>', 'replay events before this date or date-time')
    .option('--rules <dir>', 'the pack to try (default: the bundled pack; repeatable)', repeatable)
    .option('--current <dir>', 'the pack to compare with (default: the bundled pack; repeatable)', repeatable)
    .option(
      '--rule <id>',
      'replay only this rule (and the rules its correlations read; repeatable)',
      repeatable,
    )
    .option('--intel <file>', 'IP/CIDR lists with labels for the intel modifier (repeatable)', repeatable)
    .option('--lateness <duration>', 'how late an event may arrive and still join correlation windows', '2h')
    .option('--clock-skew <duration>', "how far ahead of this machine's clock an event may be dated", '15m')
    .option('--lookback <duration>', '--s3: day folders listed (ignored with --since)', '2d')
    .option('--regions <list>', '--s3: only these regions')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: ReplayFlags) => replayCommand(cli, flags));
}

async function replayCommand(cli: Cli, flags: ReplayFlags): Promise<void> {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  if (Boolean(flags.files?.length) === Boolean(flags.s3))
    throw new InputError('give exactly one source: --files PATH... or --s3 s3://bucket/prefix');
  const since = flags.since ? parseSince(flags.since) : undefined;
  const until = flags.until ? parseSince(flags.until, '--until') : undefined;
  if (since && until && until <= since) throw new InputError('--until must be after --since');
  const latenessMs = parseDurationMs(flags.lateness ?? '2h', '--lateness');
  const clockSkewMs = parseDurationMs(flags.clockSkew ?? '15m', '--clock-skew');
  const lookbackMs = flags.lookback === undefined ? undefined : parseDurationMs(flags.lookback, '--lookback');
  const regions = regionList(flags.regions);
  const lib = await cli.lib();
  const report = await lib.replayDetection({
    source: flags.s3 ? { s3: flags.s3, regions, lookbackMs } : { files: flags.files ?? [] },
    since,
    until,
    rulesDirs: flags.rules,
    currentDirs: flags.current,
    ruleIds: flags.rule,
    intel: flags.intel,
    latenessMs,
    clockSkewMs,
    onProblem: (line) => stderrLine(`stance: ${line}`),
    onWarning: (line) => stderrLine(`stance: ${line}`),
  });
  if (report.exitCode) {
    stderrLine(
      `stance: ${report.events} event(s) read, ${report.skipped} skipped (${report.filesWithProblems} file(s) with problems)${report.rulesSkipped ? `; ${report.rulesSkipped} rule(s) skipped` : ''}`,
    );
    cli.setExit(report.exitCode);
  }
  if (format === 'json') {
    const { rows, events, replayed, beforeSince, afterUntil, skipped, rules, signals } = report;
    return printJson({ events, replayed, beforeSince, afterUntil, skipped, rules, signals, rows });
  }
  printText(
    `${report.replayed} event(s) replayed of ${report.events} read` +
      `${report.beforeSince ? `, ${report.beforeSince} before --since` : ''}${report.afterUntil ? `, ${report.afterUntil} after --until` : ''}; ` +
      `would raise ${report.signals.wouldRaise} signal(s), the current pack ${report.signals.current} ` +
      `(scratch state: nothing stored)\n`,
  );
  if (report.rows.length) printText('\n' + replayTable(report.rows));
}
