import type { Command } from 'commander';
import type { ResourceDetail } from '../../index.js';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { field, printJson, printText, terminalTableWidth } from '../output.js';
import { signalTable } from '../signal-table.js';
import { renderTable } from '../table.js';

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

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
      ? renderTable(
          detail.findings,
          [
            { header: 'status', value: (f) => f.status },
            { header: 'severity', value: (f) => f.severity },
            { header: 'rule', value: (f) => f.ruleId },
            { header: 'since', value: (f) => minute(f.since) },
            { header: 'message', value: (f) => f.message, max: 90 },
          ],
          { width: terminalTableWidth() },
        )
      : '  none\n',
  );
  printText('\nHistory:\n');
  printText(
    detail.history.length
      ? renderTable(
          detail.history,
          [
            { header: 'rule', value: (h) => h.ruleId },
            { header: 'status', value: (h) => h.status },
            { header: 'from', value: (h) => minute(h.validFrom) },
            { header: 'to', value: (h) => (h.validTo ? minute(h.validTo) : 'now') },
            { header: 'cause', value: (h) => h.cause },
          ],
          { width: terminalTableWidth() },
        )
      : '  none\n',
  );
  // JSON escapes C0 controls; printText escapes what JSON leaves raw (C1, bidi).
  printText('\nConfiguration:\n' + JSON.stringify(detail.config, null, 2) + '\n');
}

export function registerResource(program: Command, cli: Cli): void {
  program
    .command('resource')
    .description('one resource: its configuration, findings, history and detection signals')
    .argument('<id>', 'resource id (ARN, aws://..., k8s://...)')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((id: string, flags: { format?: string }) =>
      cli.withStore({ readonly: true }, async (store, lib) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const { detail, definitions, signals } = await lib.resource(store, id);
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
      }),
    );
}
