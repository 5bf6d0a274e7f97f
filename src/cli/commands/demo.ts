import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { isDatabaseUrl } from '../../store/index.js';
import { SEVERITIES } from '../../types.js';
import type { Cli } from '../context.js';
import { printFrameworkScores, printSeverityCounts } from '../scan-output.js';
import { printLine, printTable, printText } from '../output.js';

/** Failing findings listed after the demo; the rest are one command away. */
const SHOWN = 15;

export function registerDemo(program: Command, cli: Cli): void {
  program
    .command('demo')
    .description('scan the bundled sample environment (a fictional AWS account and Kubernetes cluster)')
    .action(() => demoCommand(cli));
}

async function demoCommand(cli: Cli): Promise<void> {
  const path = cli.dbLocation('stance-demo.db');
  await cli.withStore({ location: path }, async (store, lib) => {
    const { scan: result, accounts, clusters } = await lib.demo(store);
    const { outcome } = result;
    const failing = (await store.findings.current({ status: 'fail' })).sort(
      (a, b) =>
        SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.ruleId.localeCompare(b.ruleId),
    );
    const out: string[] = [
      `Stance demo: scanned the sample environment of "Acme Retail"`,
      `  ${outcome.counts.resources} resources: AWS account(s) ${accounts.join(', ')} and Kubernetes cluster(s) ${clusters.join(', ')}`,
      `  ${lib.rules().length} rules, ${outcome.counts.pass + outcome.counts.fail + outcome.counts.error} evaluations: ${outcome.counts.pass} pass, ${outcome.counts.fail} fail, ${outcome.counts.error} error`,
      `  scan #${outcome.scanId}` +
        (outcome.scanId > 1
          ? `; ${outcome.scopes.reduce((n, s) => n + s.transitions.length, 0)} status change(s) since the previous demo scan`
          : ''),
    ];
    printLine(out.join('\n'));
    printSeverityCounts('  failing: ', result.failingBySeverity);
    printFrameworkScores(await lib.scanScores(store, result));
    const list: string[] = [
      '',
      failing.length > SHOWN
        ? `Failing (${failing.length}), the ${SHOWN} most severe:`
        : `Failing (${failing.length}):`,
    ];
    printLine(list.join('\n'));
    printTable(failing.slice(0, SHOWN), [
      { header: 'severity', value: (f) => f.severity },
      { header: 'rule', value: (f) => f.ruleId },
      { header: 'resource', value: (f) => f.name || f.resourceId, max: 40 },
      { header: 'where', value: (f) => `${f.account}/${f.region}`, max: 30 },
      { header: 'message', value: (f) => f.message, max: 80 },
    ]);
    // a database URL is shown by scheme and host only: it may carry a password
    const url = isDatabaseUrl(path);
    const db = url ? "'<the same postgres:// URL>'" : relative(process.cwd(), path) || path;
    const dbFlag =
      path === resolve('stance.db') || (url && cli.globals().db === undefined) ? '' : ` --db ${db}`;
    printText(
      [
        ...(failing.length > SHOWN
          ? [`… and ${failing.length - SHOWN} more: npx stance findings --status fail${dbFlag}`]
          : []),
        '',
        `Database: ${url ? store.location : path}`,
        'Next:',
        `  npx stance findings --status fail${dbFlag}      # every failing finding`,
        `  npx stance resource '${failing[0]?.resourceId ?? '<id>'}'${dbFlag}`,
        `  npx stance findings --format json${dbFlag}      # for scripts`,
        '',
      ].join('\n'),
    );
    cli.setExit(result.exitCode);
  });
}
