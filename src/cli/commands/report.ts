import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { checkOutputFile, writeOutputFile } from '../../util/output-file.js';
import { parseEndOfDay } from '../../mutes/match.js';
import { loadConfig } from '../../config/load.js';
import { renderCsv } from '../../report/csv.js';
import { htmlExtras } from '../../report/extras.js';
import { renderHtml } from '../../report/html.js';
import { renderOcsf } from '../../report/ocsf.js';
import { packageVersion } from '../../paths.js';
import { buildReport } from '../../report/model.js';
import {
  bundle,
  collectValues,
  frameworks,
  mutesOf,
  openStore,
  useFrameworkDirs,
  type GlobalOptions,
} from '../context.js';
import { parseFormat } from '../format.js';
import { field, printJson, printTable, printText, stderrLine, writeMachineOutput } from '../output.js';
import { renderTable } from '../table.js';

interface ReportFlags {
  framework?: string;
  asOf?: string;
  format?: string;
  account?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
  out?: string;
  staleAfter?: string;
  frameworks?: string[];
  config?: string;
}

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

export function registerReport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('frameworks')
    .description('compliance frameworks with their control counts and rule coverage')
    .option('--frameworks <dir>', 'also load your frameworks from this directory (repeatable)', collectValues)
    .option('--config <file>', 'stance.yaml whose frameworks: directories also load')
    .option('--format <format>', 'table | json', 'table')
    .action((flags: { format?: string; frameworks?: string[]; config?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      useFrameworkDirs(flags.frameworks, flags.config ? loadConfig(flags.config) : undefined);
      const list = frameworks().map((f) => ({
        id: f.id,
        name: f.name,
        version: f.version,
        complete: f.complete,
        controls: f.controls.length,
        automated: f.controls.filter((c) => c.assessment === 'automated').length,
        withRules: f.controls.filter((c) => c.rules.length > 0).length,
      }));
      if (format === 'json') return printJson(list);
      printTable(list, [
        { header: 'id', value: (f) => f.id },
        { header: 'name', value: (f) => f.name, max: 60 },
        { header: 'controls', value: (f) => String(f.controls) },
        { header: 'automated', value: (f) => String(f.automated) },
        {
          header: 'with rules',
          value: (f) => `${f.withRules} (${Math.round((100 * f.withRules) / f.controls)}%)`,
        },
        { header: 'complete', value: (f) => (f.complete ? 'yes' : 'no') },
      ]);
    });

  program
    .command('report')
    .description('status of every control of a framework, now or as of a past date')
    .requiredOption('--framework <id>', 'framework id (see stance frameworks)')
    .option('--as-of <date>', 'the state at this date (end of day UTC) or ISO date-time')
    .option(
      '--stale-after <hours>',
      'with --as-of: a scope not scanned successfully within this window before the date reads "error"',
      '48h',
    )
    .option('--account <id>', 'only this AWS account')
    .option('--region <region>', 'only this AWS region (global resources included)')
    .option('--cluster <name>', 'only this Kubernetes cluster')
    .option('--namespace <ns>', 'only this Kubernetes namespace (cluster-scoped objects included)')
    .option('--frameworks <dir>', 'also load your frameworks from this directory (repeatable)', collectValues)
    .option('--config <file>', 'stance.yaml whose mutes and frameworks: directories also apply')
    .option('--format <format>', 'table | json | csv | html | ocsf', 'table')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (flags: ReportFlags) => {
      const format = parseFormat(flags.format, ['table', 'json', 'csv', 'html', 'ocsf'] as const, 'table');
      if (flags.out) checkOutputFile(flags.out);
      const config = flags.config ? loadConfig(flags.config) : undefined;
      useFrameworkDirs(flags.frameworks, config);
      const all = frameworks();
      const framework = all.find((f) => f.id === flags.framework);
      if (!framework)
        throw new InputError(
          `--framework ${flags.framework}: unknown framework (known: ${all.map((f) => f.id).join(', ')})`,
        );
      const asOf = flags.asOf ? parseDate(flags.asOf, '--as-of') : undefined;
      const now = new Date();
      if (asOf && asOf.getTime() > now.getTime())
        throw new InputError(`--as-of ${flags.asOf}: the date is in the future`);
      const loaded = bundle();
      const store = await openStore(globals(), true);
      try {
        const { matcher, tags } = await mutesOf(store, asOf ?? now, config);
        const report = await buildReport({
          store,
          mutes: matcher,
          tags,
          framework,
          rules: loaded.manifest.rules,
          bundleVersion: loaded.manifest.version,
          asOf,
          staleAfterMs: asOf ? parseHours(flags.staleAfter) : undefined,
          filters: {
            account: flags.account,
            region: flags.region,
            cluster: flags.cluster,
            namespace: flags.namespace,
          },
          now,
        });
        const extras = format === 'html' ? await htmlExtras(store, report, loaded.manifest.rules) : undefined;
        const text =
          format === 'json'
            ? JSON.stringify(report, null, 2) + '\n'
            : format === 'csv'
              ? renderCsv(report)
              : format === 'html'
                ? renderHtml(report, extras!)
                : format === 'ocsf'
                  ? JSON.stringify(renderOcsf(report, loaded.manifest.rules, packageVersion()), null, 2) +
                    '\n'
                  : renderTable(report.controls, [
                      { header: 'control', value: (c) => c.id },
                      {
                        header: 'status',
                        value: (c) => (c.coverage === 'partial' ? `${c.status} (partial)` : c.status),
                      },
                      { header: 'failing', value: (c) => (c.failing.length ? String(c.failing.length) : '') },
                      { header: 'title', value: (c) => c.title, max: 90 },
                    ]) +
                    `\n${field(report.framework.name)}, as of ${report.asOf}: score ${report.summary.score.toFixed(1)} — ` +
                    `${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.error} error, ` +
                    `${report.summary.manual} manual, ${report.summary.not_applicable} not applicable\n`;
        if (flags.out) {
          writeOutputFile(flags.out, text);
          stderrLine(`wrote ${flags.out}`);
        } else if (format === 'json') printJson(report);
        else if (format === 'table') printText(text);
        else writeMachineOutput(text);
      } finally {
        await store.close();
      }
    });
}
