import type { Command } from 'commander';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { REGION_NAME } from '../../model/aws-ids.js';
import { IntelLists } from '../../detect/intel.js';
import { runRuleTests } from '../../detect/rule-tests.js';
import { runDetection } from '../../detect/run.js';
import { loadRules, parseDuration, SigmaError, type DetectionRule } from '../../detect/sigma.js';
import type { Signal } from '../../detect/signals.js';
import { FileSource, type EventSource } from '../../detect/sources.js';
import { DEFAULT_LOOKBACK_MS, S3Source } from '../../detect/s3-source.js';
import { LookupSource } from '../../detect/lookup-source.js';
import { homeRegion } from '../../collect/aws/session.js';
import { deliverPending } from '../../notify/deliver.js';
import { packageRoot } from '../../paths.js';
import { openStore, type GlobalOptions } from '../context.js';
import { parseFormat } from '../format.js';
import { field, printJson, printLine, printText, stderrLine } from '../output.js';
import { renderTable } from '../table.js';
import { EXIT } from '../../scan/exit-codes.js';
import { registerReplay } from './detect-replay.js';

export const bundledDetectionsDir = () => join(packageRoot(), 'policies', 'detections');

/** `2026-03-01` (UTC midnight) or an ISO date-time. */
export function parseSince(value: string, flag = '--since'): Date {
  const ms = /^\d{4}-\d\d-\d\d$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(ms))
    throw new InputError(`${flag} ${value}: expected a date (2026-03-31) or an ISO date-time`);
  return new Date(ms);
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** loadRules, with a missing rules path as an input error (exit 2). */
function readRules(dirs: string[] | undefined, intel?: IntelLists) {
  try {
    return loadRules(dirs?.length ? dirs : [bundledDetectionsDir()], intel);
  } catch (error) {
    if (error instanceof SigmaError) throw new InputError(`--rules ${error.message}`);
    throw error;
  }
}

/**
 * Rules for a run. A rule that does not compile (unsupported Sigma feature, bad value) is skipped
 * with an error line naming file, rule and problem; a rule file or directory entry that cannot be
 * read (a dangling or looping link, permissions) is skipped with a line naming it and why; the
 * other rules load and run. An unknown top-level key is a warning and the rule loads. No rule at
 * all is an input error (exit 2).
 */
export function loadDetectionRules(
  dirs: string[] | undefined,
  intel: IntelLists,
): { rules: DetectionRule[]; skipped: number; unreadable: number } {
  const result = readRules(dirs, intel);
  for (const w of result.warnings) stderrLine(`stance: warning: ${w}`);
  for (const u of result.unreadable) stderrLine(`stance: ${u} (skipped)`);
  for (const e of result.errors) stderrLine(`stance: ${e} (rule skipped)`);
  if (result.rules.length === 0)
    throw new InputError(`no detection rules loaded from ${(dirs ?? [bundledDetectionsDir()]).join(', ')}`);
  return { rules: result.rules, skipped: result.errors.length, unreadable: result.unreadable.length };
}

function signalTable(signals: Signal[]): string {
  return renderTable(signals, [
    { header: 'id', value: (s) => String(s.id) },
    { header: 'state', value: (s) => s.status },
    { header: 'severity', value: (s) => (s.severity !== s.ruleSeverity ? `${s.severity}↑` : s.severity) },
    { header: 'rule', value: (s) => s.ruleId, max: 40 },
    { header: 'group', value: (s) => Object.values(s.group).filter(Boolean).join(' ') || '-', max: 60 },
    { header: 'count', value: (s) => String(s.count) },
    { header: 'first seen', value: (s) => s.firstSeen.slice(0, 16).replace('T', ' ') },
    { header: 'last seen', value: (s) => s.lastSeen.slice(0, 16).replace('T', ' ') },
    { header: 'mitre', value: (s) => s.mitre.filter((t) => /^attack\.t\d/.test(t)).join(' '), max: 30 },
  ]);
}

interface CloudTrailFlags {
  files?: string[];
  s3?: string;
  lookup?: boolean;
  since?: string;
  rules?: string[];
  intel?: string[];
  config?: string;
  lateness?: string;
  clockSkew?: string;
  lookback?: string;
  regions?: string;
  format?: string;
}

export function duration(value: string | undefined, flag: string): number {
  try {
    return parseDuration(value, flag);
  } catch (error) {
    throw new InputError((error as SigmaError).message);
  }
}

export function regionList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of regions)
    if (!REGION_NAME.test(r))
      throw new InputError(`--regions: ${r} is not an AWS region name (e.g. us-east-1)`);
  if (regions.length === 0) throw new InputError('--regions: empty list');
  return regions;
}

/** One line on what an S3 or LookupEvents source did, for the table output. */
function sourceLine(source: EventSource): string {
  if (source instanceof S3Source) {
    const s = source.stats;
    return `${field(source.name)}: ${s.folders} region folder(s), ${s.objects} object(s) in the window, ${s.read} read, ${s.unchanged} already processed${s.failed ? `, ${s.failed} with bad input (read again next run)` : ''}\n`;
  }
  if (source instanceof LookupSource) {
    const parts = Object.keys(source.stats.startTime).map(
      (r) => `${r} from ${source.stats.startTime[r]} (${source.stats.requests[r] ?? 0} request(s))`,
    );
    return `LookupEvents: ${parts.join(', ')}\n`;
  }
  return '';
}

export function registerDetect(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  const detect = program
    .command('detect')
    .description('threat detection over CloudTrail with Sigma rules; signals go to the same database');

  detect
    .command('cloudtrail')
    .description('read CloudTrail events and record signals')
    .option(
      '--files <path...>',
      'CloudTrail files (gzip or not), JSON lines, directories (recursive), - for stdin',
    )
    .option(
      '--s3 <url>',
      's3://bucket/prefix of a trail (account or organization layout), read incrementally',
    )
    .option(
      '--lookup',
      'read recent management events with LookupEvents (2 requests/s per region), incrementally',
    )
    .option(
      '--regions <list>',
      'comma-separated regions: --lookup reads these (default: AWS_REGION), --s3 only these',
    )
    .option(
      '--lookback <duration>',
      '--s3: day folders listed and objects remembered; first --lookup run: how far back',
      '2d',
    )
    .option('--since <date>', 'ignore events before this date or date-time')
    .option('--rules <dir>', 'detection rules directory instead of the bundled pack (repeatable)', collect)
    .option('--intel <file>', 'IP/CIDR lists with labels for the intel modifier (repeatable)', collect)
    .option('--config <file>', 'stance.yaml: new signals go to its notify channels')
    .option(
      '--lateness <duration>',
      'how late (event time) an event may arrive and still join correlation windows',
      '2h',
    )
    .option(
      '--clock-skew <duration>',
      "how far ahead of this machine's clock an event may be dated; later events are bad input",
      '15m',
    )
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: CloudTrailFlags) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const chosen = [
        flags.files?.length ? 'files' : '',
        flags.s3 ? 's3' : '',
        flags.lookup ? 'lookup' : '',
      ].filter(Boolean);
      if (chosen.length !== 1)
        throw new InputError('give exactly one source: --files PATH..., --s3 s3://bucket/prefix or --lookup');
      const since = flags.since ? parseSince(flags.since) : undefined;
      const latenessMs = duration(flags.lateness, '--lateness');
      const clockSkewMs = duration(flags.clockSkew, '--clock-skew');
      const lookbackMs =
        flags.lookback === undefined ? DEFAULT_LOOKBACK_MS : duration(flags.lookback, '--lookback');
      const regions = regionList(flags.regions);
      const config = flags.config ? loadConfig(flags.config) : undefined;
      const intel = IntelLists.load(flags.intel ?? []);
      const {
        rules,
        skipped: rulesSkipped,
        unreadable: ruleFilesSkipped,
      } = loadDetectionRules(flags.rules, intel);
      const source: EventSource & { close?(): void } = flags.s3
        ? new S3Source(flags.s3, { since, lookbackMs, regions })
        : flags.lookup
          ? new LookupSource({ regions: regions ?? [homeRegion({})], since, lookbackMs, latenessMs })
          : new FileSource(flags.files ?? []);
      const sources: EventSource[] = [source];
      const store = await openStore(globals());
      try {
        const channels = config?.notify ?? [];
        const result = await runDetection(store, sources, rules, {
          since,
          latenessMs,
          clockSkewMs,
          channels,
          // File names and record excerpts come from the input: stderrLine makes control characters visible.
          onProblem: (line) => stderrLine(`stance: ${line}`),
        });
        if (result.skipped || rulesSkipped || ruleFilesSkipped) {
          // Partial: some input (records, files, rules) was skipped; what was read is committed.
          stderrLine(
            `stance: ${result.events} event(s) read, ${result.skipped} skipped (${result.filesWithProblems} file(s) with problems)${rulesSkipped ? `; ${rulesSkipped} rule(s) skipped` : ''}${ruleFilesSkipped ? `; ${ruleFilesSkipped} rule file(s) skipped` : ''}`,
          );
          setExit(EXIT.partial);
        }
        if (channels.length && result.outboxRows) {
          const delivery = await deliverPending(store, channels, new Date());
          for (const e of delivery.errors) stderrLine(`stance: warning: ${e}`);
        }
        const stats =
          source instanceof S3Source || source instanceof LookupSource
            ? { source: { name: source.name, ...source.stats } }
            : {};
        if (format === 'json') {
          printJson({ ...result, rules: rules.length, rulesSkipped, ruleFilesSkipped, ...stats });
          return;
        }
        printText(sourceLine(source));
        printText(
          `${result.events} event(s) read, ${result.matched} matched a rule, ${result.duplicates} duplicate(s) skipped` +
            `${result.beforeSince ? `, ${result.beforeSince} before --since` : ''}${result.tooLate ? `, ${result.tooLate} too late for windowed rules` : ''}` +
            `${result.skipped ? `, ${result.skipped} bad record(s) skipped` : ''}; ` +
            `${result.newSignals.length} new signal(s), ${result.updatedSignals} updated (${rules.length} rules)\n`,
        );
        if (result.newSignals.length) printText('\n' + signalTable(result.newSignals));
      } finally {
        source.close?.();
        await store.close();
      }
    });

  registerReplay(detect, globals, setExit);

  detect
    .command('test')
    .description("run every detection rule's own test events")
    .option('--rules <dir>', 'rules directory instead of the bundled pack (repeatable)', collect)
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { rules?: string[]; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const loaded = readRules(flags.rules);
      for (const w of loaded.warnings) stderrLine(`stance: warning: ${w}`);
      const results = await runRuleTests(loaded.rules, loaded.intel);
      const failures = [
        ...loaded.unreadable.map((e) => ({ ruleId: '-', file: '', test: '(read)', ok: false, message: e })),
        ...loaded.errors.map((e) => ({ ruleId: '-', file: '', test: '(load)', ok: false, message: e })),
        ...results.filter((r) => !r.ok),
      ];
      if (format === 'json') printJson({ rules: loaded.rules.length, tests: results.length, failures });
      else {
        for (const f of failures)
          printLine(field(`FAIL ${f.file ? `${f.file}: ` : ''}${f.ruleId} / ${f.test}: ${f.message}`));
        printText(
          `${loaded.rules.length} rule(s), ${results.filter((r) => r.ok).length}/${results.length} test(s) passed${loaded.errors.length ? `, ${loaded.errors.length} rule(s) failed to load` : ''}${loaded.unreadable.length ? `, ${loaded.unreadable.length} file(s) could not be read` : ''}\n`,
        );
      }
      if (failures.length) setExit(1);
    });
}

export { signalTable };
