import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Finding } from '../../index.js';
import { parseSince } from '../../util/time.js';
import { checkOutputFile, writeOutputFile } from '../../util/output-file.js';
import type { Cli } from '../context.js';
import { parseDate } from './report.js';
import {
  addFilterOptions,
  parseFormat,
  parseSeverity,
  parseStatus,
  repeatable,
  scopeFiltersOf,
  type FilterFlags,
} from '../options.js';
import { printJson, printLine, printTable, stderrLine, writeMachineOutput } from '../output.js';

interface FindingFlags extends FilterFlags {
  config?: string;
  frameworks?: string[];
  resource?: string;
  type?: string;
  new?: boolean;
  asOf?: string;
  format?: string;
  output?: string;
}

const FORMATS = ['table', 'json', 'csv', 'sarif', 'junit'] as const;
const STATUSES = ['pass', 'fail', 'error'] as const;

export function registerFindings(program: Command, cli: Cli): void {
  const command = program.command('findings').description('current findings from the last scans');
  addFilterOptions(
    command,
    ['status', 'severity', 'rule', 'account', 'region', 'cluster', 'namespace', 'since'],
    STATUSES,
  )
    .option('--resource <id>', 'only this resource')
    .option('--type <type>', 'only this resource type')
    .option('--new', 'only findings that changed status in the latest scan')
    .option('--as-of <date>', 'the findings as they stood at this date (end of day UTC) or ISO date-time')
    .option(
      '--config <file>',
      'stance.yaml whose mutes and frameworks: directories also apply (default: ./stance.yaml if present)',
    )
    .option('--frameworks <dir>', "also map findings to your frameworks' controls (repeatable)", repeatable)
    .option('-f, --format <format>', FORMATS.join(' | '), 'table')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((flags: FindingFlags) => findingsCommand(cli, flags));
}

async function findingsCommand(cli: Cli, flags: FindingFlags): Promise<void> {
  const format = parseFormat(flags.format, FORMATS, 'table');
  const status = parseStatus(flags.status, STATUSES);
  const severity = flags.severity ? parseSeverity(flags.severity, '--severity') : undefined;
  const since = flags.since ? parseSince(flags.since) : undefined;
  const asOf = flags.asOf ? parseDate(flags.asOf, '--as-of') : undefined;
  if (asOf && asOf.getTime() > Date.now())
    throw new InputError(`--as-of ${flags.asOf}: the date is in the future`);
  if (asOf && flags.new) throw new InputError('--new cannot be combined with --as-of');
  if (flags.output) checkOutputFile(flags.output);
  const config = await cli.config(flags.config);
  const frameworksDirs = await cli.frameworkDirs(flags.frameworks, flags.config);
  // the user's frameworks are checked (unknown rule ids, bad files) before the database is opened
  if (frameworksDirs.length)
    await (await cli.lib()).frameworks({ dirs: frameworksDirs, policies: config?.policies });
  await cli.withStore({ readonly: true }, async (store, lib) => {
    const write = (text: string) => {
      if (!flags.output) return writeMachineOutput(text);
      writeOutputFile(flags.output, text);
      stderrLine(`wrote ${flags.output}`);
    };
    if (flags.new && !(await store.scans.last())) {
      if (format === 'json') return flags.output ? write('[]\n') : printJson([]);
      if (format === 'table') return printLine('No scans yet.');
    }
    const query = {
      ...scopeFiltersOf(flags),
      status,
      severity,
      ruleId: flags.rule,
      resourceId: flags.resource,
      resourceType: flags.type,
      newOnly: flags.new,
      since,
      asOf,
      config,
      // the table shows no controls: the frameworks are not read
      withControls: format !== 'table',
      frameworksDirs,
    };
    const list = await lib.findings(store, query);
    // user rules (the config's policies) get their titles and remediation in SARIF and JUnit too
    if (format !== 'table')
      return write(lib.renderFindings(list, format, { rules: lib.rules({ policies: config?.policies }) }));
    if (list.length === 0) return printLine('No findings match.');
    printFindingsTable(list);
  });
}

function printFindingsTable(list: Finding[]): void {
  printTable(list, [
    { header: 'status', value: (f) => (f.muted ? 'muted' : f.status) },
    { header: 'severity', value: (f) => f.severity },
    { header: 'rule', value: (f) => f.ruleId },
    { header: 'resource', value: (f) => f.resourceId, max: 70 },
    { header: 'since', value: (f) => f.since.slice(0, 16).replace('T', ' ') },
    { header: 'message', value: (f) => (f.mute ? `muted: ${f.mute.reason}` : f.message), max: 80 },
  ]);
  const failing = list.filter((r) => r.status === 'fail' && !r.muted).length;
  const muted = list.filter((r) => r.muted).length;
  printLine(`\n${list.length} finding(s), ${failing} failing${muted ? `, ${muted} muted` : ''}`);
}
