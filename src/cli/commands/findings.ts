import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { EvalStatus, Finding } from '../../index.js';
import type { Cli } from '../context.js';
import { parseFormat, parseSeverity } from '../options.js';
import { printJson, printLine, printTable, writeMachineOutput } from '../output.js';

interface FindingFlags {
  config?: string;
  status?: string;
  severity?: string;
  rule?: string;
  resource?: string;
  type?: string;
  new?: boolean;
  format?: string;
}

const FORMATS = ['table', 'json', 'csv', 'sarif'] as const;

export function registerFindings(program: Command, cli: Cli): void {
  program
    .command('findings')
    .description('current findings from the last scans')
    .option('--status <status>', 'pass | fail | error (default: all)')
    .option('--severity <severity>', 'only this severity and above')
    .option('--rule <id>', 'only this rule')
    .option('--resource <id>', 'only this resource')
    .option('--type <type>', 'only this resource type')
    .option('--new', 'only findings that changed status in the latest scan')
    .option('--config <file>', 'stance.yaml whose mutes also apply')
    .option('--format <format>', FORMATS.join(' | '), 'table')
    .action((flags: FindingFlags) => findingsCommand(cli, flags));
}

async function findingsCommand(cli: Cli, flags: FindingFlags): Promise<void> {
  const format = parseFormat(flags.format, FORMATS, 'table');
  if (flags.status && !['pass', 'fail', 'error'].includes(flags.status))
    throw new InputError(`--status ${flags.status}: expected one of pass, fail, error`);
  const severity = flags.severity ? parseSeverity(flags.severity, '--severity') : undefined;
  const config = await cli.config(flags.config);
  await cli.withStore({ readonly: true }, async (store, lib) => {
    if (flags.new && !(await store.scans.last())) {
      if (format === 'json') printJson([]);
      else printLine('No scans yet.');
      return;
    }
    const query = {
      status: flags.status as EvalStatus | undefined,
      severity,
      ruleId: flags.rule,
      resourceId: flags.resource,
      resourceType: flags.type,
      newOnly: flags.new,
      config,
      // the table shows no controls: the frameworks are not read
      withControls: format !== 'table',
    };
    const list = await lib.findings(store, query);
    if (format !== 'table') return writeMachineOutput(lib.renderFindings(list, format));
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
