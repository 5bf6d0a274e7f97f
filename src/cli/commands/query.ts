import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { tagKey } from '../../mutes/match.js';
import type { FindingRow, ResourceDetail } from '../../store/index.js';
import {
  bundle,
  collectValues,
  mutesOf,
  openStore,
  ruleControls,
  useFrameworkDirs,
  type GlobalOptions,
} from '../context.js';
import type { Store } from '../../store/index.js';
import { loadConfig, type StanceConfig } from '../../config/load.js';
import { parseFormat } from '../format.js';
import { field, printJson, printLine, printTable, printText, writeMachineOutput } from '../output.js';
import { csvCell } from '../../report/csv.js';
import { renderSarif } from '../../report/sarif.js';
import { packageVersion } from '../../paths.js';
import { parseSeverity } from './scan.js';
import { signalTable } from './detect.js';
import { renderTable } from '../table.js';

/** The `stance findings --format json` contract (../shared/schemas/findings.schema.json). */
export async function findingsJson(rows: FindingRow[], store: Store, config?: StanceConfig) {
  const controls = ruleControls();
  const { matcher, tags } = await mutesOf(store, new Date(), config);
  return rows.map((f) => {
    const mute =
      f.status === 'fail'
        ? matcher.match({ ...f, tags: tags?.get(tagKey(f.resourceId, f.sourceFile)) })
        : undefined;
    return {
      resourceId: f.resourceId,
      resourceType: f.resourceType,
      ruleId: f.ruleId,
      severity: f.severity,
      status: f.status,
      message: f.message,
      since: f.since,
      ...(f.lastEvaluated ? { lastEvaluated: f.lastEvaluated } : {}),
      controls: controls.get(f.ruleId) ?? [],
      muted: mute !== undefined,
      ...(mute
        ? { mute: { id: mute.id, reason: mute.reason, author: mute.author, expiresAt: mute.expiresAt } }
        : {}),
      account: f.account,
      region: f.region,
      ...(f.sourceFile ? { source: { file: f.sourceFile, line: f.sourceLine ?? 1 } } : {}),
    };
  });
}

function findingsCsv(rows: Awaited<ReturnType<typeof findingsJson>>): string {
  const header = [
    'resource_id',
    'resource_type',
    'rule_id',
    'severity',
    'status',
    'message',
    'since',
    'account',
    'region',
    'controls',
    'muted',
  ];
  const lines = rows.map((r) =>
    [
      r.resourceId,
      r.resourceType,
      r.ruleId,
      r.severity,
      r.status,
      r.message,
      r.since,
      r.account,
      r.region,
      r.controls.join(' '),
      r.muted ? 'yes' : 'no',
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

interface FindingFlags {
  config?: string;
  frameworks?: string[];
  status?: string;
  severity?: string;
  rule?: string;
  resource?: string;
  type?: string;
  new?: boolean;
  format?: string;
}

interface ResourceFlags {
  type?: string;
  includeDeleted?: boolean;
  format?: string;
}

function printResourceDetail(detail: ResourceDetail): void {
  const r = detail.resource;
  const lines = [
    field(r.resourceId),
    `  type ${field(r.type)}   account ${field(r.account)}   region ${field(r.region)}   name ${field(r.name)}`,
    `  first seen ${r.firstSeen}${r.deletedAt ? `   deleted ${r.deletedAt}` : ''}`,
  ];
  if (r.sourceFile) lines.push(`  source ${field(r.sourceFile)}:${r.sourceLine ?? ''}`);
  printText(lines.join('\n') + '\n\nFindings:\n');
  printText(
    detail.findings.length
      ? renderTable(detail.findings, [
          { header: 'status', value: (f) => f.status },
          { header: 'severity', value: (f) => f.severity },
          { header: 'rule', value: (f) => f.ruleId },
          { header: 'since', value: (f) => f.since.slice(0, 16).replace('T', ' ') },
          { header: 'message', value: (f) => f.message, max: 90 },
        ])
      : '  none\n',
  );
  printText('\nHistory:\n');
  printText(
    detail.history.length
      ? renderTable(detail.history, [
          { header: 'rule', value: (h) => h.ruleId },
          { header: 'status', value: (h) => h.status },
          { header: 'from', value: (h) => h.validFrom.slice(0, 16).replace('T', ' ') },
          {
            header: 'to',
            value: (h) => (h.validTo ? h.validTo.slice(0, 16).replace('T', ' ') : 'now'),
          },
          { header: 'cause', value: (h) => h.cause },
        ])
      : '  none\n',
  );
  // JSON escapes C0 controls; printText escapes what JSON leaves raw (C1, bidi).
  printText('\nConfiguration:\n' + JSON.stringify(detail.config, null, 2) + '\n');
}

export function registerQueries(program: Command, globals: () => GlobalOptions): void {
  program
    .command('findings')
    .description('current findings from the last scans')
    .option('--status <status>', 'pass | fail | error (default: all)')
    .option('--severity <severity>', 'only this severity and above')
    .option('--rule <id>', 'only this rule')
    .option('--resource <id>', 'only this resource')
    .option('--type <type>', 'only this resource type')
    .option('--new', 'only findings that changed status in the latest scan')
    .option('--config <file>', 'stance.yaml whose mutes and frameworks: directories also apply')
    .option(
      '--frameworks <dir>',
      "also map findings to your frameworks' controls (repeatable)",
      collectValues,
    )
    .option('--format <format>', 'table | json | csv | sarif', 'table')
    .action(async (flags: FindingFlags) => {
      const format = parseFormat(flags.format, ['table', 'json', 'csv', 'sarif'] as const, 'table');
      if (flags.status && !['pass', 'fail', 'error'].includes(flags.status)) {
        throw new InputError(`--status ${flags.status}: expected one of pass, fail, error`);
      }
      const minSeverity = flags.severity ? parseSeverity(flags.severity, '--severity') : undefined;
      const config = flags.config ? loadConfig(flags.config) : undefined;
      useFrameworkDirs(flags.frameworks, config);
      ruleControls(); // a bad framework directory fails before the database is opened
      const store = await openStore(globals(), true);
      try {
        const newSinceScan = flags.new ? (await store.scans.last())?.id : undefined;
        if (flags.new && newSinceScan === undefined) {
          if (format === 'json') printJson([]);
          else printLine('No scans yet.');
          return;
        }
        const rows = await store.findings.current({
          status: flags.status as FindingRow['status'] | undefined,
          severity: minSeverity,
          ruleId: flags.rule,
          resourceId: flags.resource,
          resourceType: flags.type,
          newSinceScan,
        });
        if (format === 'json') return printJson(await findingsJson(rows, store, config));
        if (format === 'sarif')
          return printJson(renderSarif(rows, bundle().manifest.rules, packageVersion()));
        if (format === 'csv') return writeMachineOutput(findingsCsv(await findingsJson(rows, store, config)));
        if (rows.length === 0) return printLine('No findings match.');
        const shown = await findingsJson(rows, store, config);
        printTable(shown, [
          { header: 'status', value: (f) => (f.muted ? 'muted' : f.status) },
          { header: 'severity', value: (f) => f.severity },
          { header: 'rule', value: (f) => f.ruleId },
          { header: 'resource', value: (f) => f.resourceId, max: 70 },
          { header: 'since', value: (f) => f.since.slice(0, 16).replace('T', ' ') },
          { header: 'message', value: (f) => (f.mute ? `muted: ${f.mute.reason}` : f.message), max: 80 },
        ]);
        const failing = shown.filter((r) => r.status === 'fail' && !r.muted).length;
        const muted = shown.filter((r) => r.muted).length;
        printLine(`\n${rows.length} finding(s), ${failing} failing${muted ? `, ${muted} muted` : ''}`);
      } finally {
        await store.close();
      }
    });

  program
    .command('resources')
    .description('resources in the inventory')
    .option('--type <type>', 'only this resource type, e.g. aws.ec2.security_group')
    .option('--include-deleted', 'also list resources that are gone')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: ResourceFlags) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const store = await openStore(globals(), true);
      try {
        const rows = await store.resources.list({ type: flags.type, includeDeleted: flags.includeDeleted });
        if (format === 'json') return printJson(rows);
        if (rows.length === 0) return printLine('No resources match.');
        printTable(rows, [
          { header: 'type', value: (r) => r.type },
          { header: 'account', value: (r) => r.account },
          { header: 'region', value: (r) => r.region },
          { header: 'name', value: (r) => r.name, max: 40 },
          { header: 'id', value: (r) => r.resourceId, max: 80 },
          { header: 'failing', value: (r) => String(r.failing ?? 0) },
        ]);
        printLine(`\n${rows.length} resource(s)`);
      } finally {
        await store.close();
      }
    });

  program
    .command('resource')
    .description('one resource: its configuration, findings, history and detection signals')
    .argument('<id>', 'resource id (ARN, aws://..., k8s://...)')
    .option('--format <format>', 'table | json', 'table')
    .action(async (id: string, flags: { format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const store = await openStore(globals(), true);
      try {
        const definitions = await store.resources.definitions(id);
        const detail = definitions[0];
        const signals = store.outdated ? [] : await store.signals.list({ resourceId: id });
        if (!detail && signals.length === 0)
          throw new InputError(`resource ${id}: not in the database (see stance resources)`);
        // several definitions (manifest overlays): the first at the top level, as for one, and all of them listed
        if (format === 'json')
          return printJson({ ...detail, ...(definitions.length > 1 ? { definitions } : {}), signals });
        if (!detail)
          return printText(
            `${field(id)}\n  not in the inventory (no scan lists it)\n\nSignals:\n${signalTable(signals)}`,
          );
        definitions.forEach((definition, i) => {
          if (definitions.length > 1)
            printText(`${i ? '\n' : ''}Definition ${i + 1} of ${definitions.length}:\n`);
          printResourceDetail(definition);
        });
        printText('\nSignals:\n' + (signals.length ? signalTable(signals) : '  none\n'));
      } finally {
        await store.close();
      }
    });

  program
    .command('rules')
    .description('the rules in the policy bundle')
    .option(
      '--frameworks <dir>',
      "also list your frameworks' controls of each rule (repeatable)",
      collectValues,
    )
    .option('--config <file>', 'stance.yaml whose frameworks: directories also load')
    .option('--format <format>', 'table | json', 'table')
    .action((flags: { format?: string; frameworks?: string[]; config?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      useFrameworkDirs(flags.frameworks, flags.config ? loadConfig(flags.config) : undefined);
      const loaded = bundle();
      const controls = ruleControls();
      const rules = [...loaded.manifest.rules].sort((a, b) => a.id.localeCompare(b.id));
      if (format === 'json')
        return printJson(rules.map((r) => ({ ...r, controls: controls.get(r.id) ?? [] })));
      printTable(rules, [
        { header: 'id', value: (r) => r.id },
        { header: 'severity', value: (r) => r.severity },
        { header: 'resource types', value: (r) => r.resourceTypes.join(','), max: 50 },
        { header: 'title', value: (r) => r.title, max: 70 },
      ]);
      printLine(`\n${rules.length} rule(s), bundle ${field(loaded.manifest.version)}`);
    });
}
