import { Option, type Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Report } from '../../index.js';
import { parseEndOfDay } from '../../mutes/match.js';
import { checkOutputFile, writeOutputFile } from '../../util/output-file.js';
import type { Cli } from '../context.js';
import {
  addFilterOptions,
  parseFormat,
  parseSeverity,
  parseStatus,
  repeatable,
  type FilterFlags,
} from '../options.js';
import { field, printText, stderrLine, terminalTableWidth, writeMachineOutput } from '../output.js';
import { renderTable } from '../table.js';

interface ReportFlags extends FilterFlags {
  framework: string;
  asOf?: string;
  format?: string;
  account?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
  out?: string;
  output?: string;
  staleAfter?: string;
  frameworks?: string[];
  config?: string;
}

const FORMATS = ['table', 'json', 'csv', 'html', 'ocsf'] as const;

export function parseDate(value: string, flag: string): Date {
  const date = parseEndOfDay(value);
  if (!date) throw new InputError(`${flag} ${value}: expected a date (2026-03-31) or an ISO date-time`);
  return date;
}

function parseHours(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(h|d)$/.exec(value);
  if (!m) throw new InputError(`--stale-after ${value}: expected hours or days, e.g. 48h or 3d`);
  return Number(m[1]) * (m[2] === 'd' ? 24 : 1) * 3600_000;
}

const CONTROL_STATUSES = ['pass', 'fail', 'manual', 'not_applicable', 'error'] as const;

export function registerReport(program: Command, cli: Cli): void {
  const command = program
    .command('report')
    .description('status of every control of a framework, now or as of a past date')
    .requiredOption('--framework <id>', 'framework id (see stance frameworks)')
    .option('--as-of <date>', 'the state at this date (end of day UTC) or ISO date-time')
    .option(
      '--stale-after <hours>',
      'with --as-of: a scope not scanned successfully within this window before the date reads "error"',
      '48h',
    )
    .option('--frameworks <dir>', 'also load your frameworks from this directory (repeatable)', repeatable);
  addFilterOptions(
    command,
    ['account', 'region', 'cluster', 'namespace', 'severity', 'rule', 'status'],
    CONTROL_STATUSES,
  )
    .option(
      '--config <file>',
      'stance.yaml whose mutes and frameworks: directories also apply (default: ./stance.yaml if present)',
    )
    .option('-f, --format <format>', FORMATS.join(' | '), 'table')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addOption(new Option('--out <file>', 'the same as --output').hideHelp())
    .action((flags: ReportFlags) => reportCommand(cli, flags));
}

function reportTable(report: Report, width: number | undefined): string {
  const s = report.summary;
  return (
    renderTable(
      report.controls,
      [
        { header: 'control', value: (c) => c.id },
        { header: 'status', value: (c) => (c.coverage === 'partial' ? `${c.status} (partial)` : c.status) },
        { header: 'failing', value: (c) => (c.failing.length ? String(c.failing.length) : '') },
        { header: 'title', value: (c) => c.title, max: 90 },
      ],
      { width },
    ) +
    `\n${field(report.framework.name)}, as of ${report.asOf}: score ${s.score.toFixed(1)} — ` +
    `${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.manual} manual, ${s.not_applicable} not applicable\n`
  );
}

async function reportCommand(cli: Cli, flags: ReportFlags): Promise<void> {
  const format = parseFormat(flags.format, FORMATS, 'table');
  const out = flags.output ?? flags.out;
  if (out) checkOutputFile(out);
  const asOf = flags.asOf ? parseDate(flags.asOf, '--as-of') : undefined;
  if (asOf && asOf.getTime() > Date.now())
    throw new InputError(`--as-of ${flags.asOf}: the date is in the future`);
  const lib = await cli.lib();
  const config = await cli.config(flags.config);
  const frameworksDirs = await cli.frameworkDirs(flags.frameworks, flags.config);
  // an unknown framework is a usage error before the database is opened
  const known = await lib.frameworks({ dirs: frameworksDirs, policies: config?.policies });
  if (!known.some((f) => f.id === flags.framework))
    throw new InputError(
      `--framework ${flags.framework}: unknown framework (known: ${known.map((f) => f.id).join(', ')})`,
    );
  await cli.withStore({ readonly: true }, async (store) => {
    const report = await lib.frameworkReport(store, {
      framework: flags.framework,
      asOf,
      staleAfterMs: asOf ? parseHours(flags.staleAfter) : undefined,
      account: flags.account,
      region: flags.region,
      cluster: flags.cluster,
      namespace: flags.namespace,
      severity: flags.severity ? parseSeverity(flags.severity, '--severity') : undefined,
      ruleId: flags.rule,
      status: parseStatus(flags.status, CONTROL_STATUSES),
      frameworksDirs,
      config,
    });
    const text =
      format === 'table'
        ? reportTable(report, out ? undefined : terminalTableWidth())
        : lib.reportRenderers[format](
            await lib.reportModel(store, report, format, { policies: config?.policies }),
          );
    if (out) {
      writeOutputFile(out, text);
      stderrLine(`wrote ${out}`);
    } else if (format === 'table') printText(text);
    else writeMachineOutput(text);
  });
}
