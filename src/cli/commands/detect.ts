import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { DetectResult, DetectSource } from '../../index.js';
import { parseDurationMs, parseSince } from '../../util/time.js';
import type { Cli } from '../context.js';
import { registerDetectCoverage } from './detect-coverage.js';
import { registerDetectReplay } from './detect-replay.js';
import { registerDetectStats } from './detect-stats.js';
import { parseFormat, regionList, repeatable } from '../options.js';
import { field, printJson, printLine, printText, stderrLine } from '../output.js';
import { TerminalProgress } from '../progress.js';
import { printDeliveryErrors } from '../scan-output.js';
import { signalTable } from '../signal-table.js';

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

export function registerDetect(program: Command, cli: Cli): void {
  const detect = program
    .command('detect')
    .description('threat detection over CloudTrail with Sigma rules; signals go to the same database');
  registerDetectCoverage(detect, (code) => cli.setExit(code));

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
    .option('--rules <dir>', 'detection rules directory instead of the bundled pack (repeatable)', repeatable)
    .option('--intel <file>', 'IP/CIDR lists with labels for the intel modifier (repeatable)', repeatable)
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
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: CloudTrailFlags) => cloudTrailCommand(cli, flags));

  registerDetectReplay(detect, cli);
  registerDetectStats(detect, cli);

  detect
    .command('test')
    .description("run every detection rule's own test events")
    .option('--rules <dir>', 'rules directory instead of the bundled pack (repeatable)', repeatable)
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: { rules?: string[]; format?: string }) => ruleTestCommand(cli, flags));
}

function detectSource(flags: CloudTrailFlags): DetectSource {
  const chosen = [
    flags.files?.length ? 'files' : '',
    flags.s3 ? 's3' : '',
    flags.lookup ? 'lookup' : '',
  ].filter(Boolean);
  if (chosen.length !== 1)
    throw new InputError('give exactly one source: --files PATH..., --s3 s3://bucket/prefix or --lookup');
  const regions = regionList(flags.regions);
  const lookbackMs = flags.lookback === undefined ? undefined : parseDurationMs(flags.lookback, '--lookback');
  if (flags.s3) return { s3: flags.s3, regions, lookbackMs };
  if (flags.lookup) return { lookup: true, regions, lookbackMs };
  return { files: flags.files ?? [] };
}

/** One line on what an S3 or LookupEvents source did, for the table output. */
function sourceLine(source: DetectResult['source']): string {
  if (!source) return '';
  if (source.name === 'lookup') {
    const stats = source as unknown as {
      startTime: Record<string, string>;
      requests: Record<string, number>;
    };
    const parts = Object.keys(stats.startTime).map(
      (r) => `${r} from ${stats.startTime[r]} (${stats.requests[r] ?? 0} request(s))`,
    );
    return `LookupEvents: ${parts.join(', ')}\n`;
  }
  const s = source as unknown as Record<'folders' | 'objects' | 'read' | 'unchanged' | 'failed', number>;
  return `${field(source.name)}: ${s.folders} region folder(s), ${s.objects} object(s) in the window, ${s.read} read, ${s.unchanged} already processed${s.failed ? `, ${s.failed} with bad input (read again next run)` : ''}\n`;
}

async function cloudTrailCommand(cli: Cli, flags: CloudTrailFlags): Promise<void> {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  const source = detectSource(flags);
  const since = flags.since ? parseSince(flags.since) : undefined;
  const latenessMs = parseDurationMs(flags.lateness ?? '2h', '--lateness');
  const clockSkewMs = parseDurationMs(flags.clockSkew ?? '15m', '--clock-skew');
  const config = await cli.config(flags.config);
  await cli.withStore({}, async (store, lib) => {
    const result = await lib.detect(store, {
      source,
      since,
      latenessMs,
      clockSkewMs,
      rulesDirs: flags.rules,
      intel: flags.intel,
      channels: config?.notify ?? [],
      // File names and record excerpts come from the input: stderrLine makes control characters visible.
      onProblem: (line) => stderrLine(`stance: ${line}`),
      onWarning: (line) => stderrLine(`stance: ${line}`),
      onProgress: new TerminalProgress().report,
    });
    if (result.exitCode) {
      // Partial: some input (records, files, rules) was skipped; what was read is committed.
      stderrLine(
        `stance: ${result.events} event(s) read, ${result.skipped} skipped (${result.filesWithProblems} file(s) with problems)${result.rulesSkipped ? `; ${result.rulesSkipped} rule(s) skipped` : ''}${result.ruleFilesSkipped ? `; ${result.ruleFilesSkipped} rule file(s) skipped` : ''}`,
      );
      cli.setExit(result.exitCode);
    }
    printDeliveryErrors(result.deliveryErrors, 'stance: warning: ');
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the JSON keeps its shape
    const { deliveryErrors, exitCode, ...json } = result;
    if (format === 'json') return printJson(json);
    printText(sourceLine(result.source));
    printText(
      `${result.events} event(s) read, ${result.matched} matched a rule, ${result.duplicates} duplicate(s) skipped` +
        `${result.beforeSince ? `, ${result.beforeSince} before --since` : ''}${result.tooLate ? `, ${result.tooLate} too late for windowed rules` : ''}` +
        `${result.skipped ? `, ${result.skipped} bad record(s) skipped` : ''}; ` +
        `${result.newSignals.length} new signal(s), ${result.updatedSignals} updated (${result.rules} rules)\n`,
    );
    if (result.newSignals.length) printText('\n' + signalTable(result.newSignals));
  });
}

async function ruleTestCommand(cli: Cli, flags: { rules?: string[]; format?: string }): Promise<void> {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  const lib = await cli.lib();
  const report = await lib.testDetectionRules({ rulesDirs: flags.rules });
  for (const w of report.warnings) stderrLine(`stance: warning: ${w}`);
  if (format === 'json') printJson({ rules: report.rules, tests: report.tests, failures: report.failures });
  else {
    for (const f of report.failures)
      printLine(field(`FAIL ${f.file ? `${f.file}: ` : ''}${f.ruleId} / ${f.test}: ${f.message}`));
    printText(
      `${report.rules} rule(s), ${report.passed}/${report.tests} test(s) passed${report.loadErrors ? `, ${report.loadErrors} rule(s) failed to load` : ''}${report.unreadable ? `, ${report.unreadable} file(s) could not be read` : ''}\n`,
    );
  }
  if (report.failures.length) cli.setExit(1);
}
