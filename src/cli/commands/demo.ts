import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { loadSnapshot } from '../../collect/snapshot.js';
import { demoEnvironmentFile } from '../../paths.js';
import { openStore } from '../../store/index.js';
import { SEVERITIES } from '../../types.js';
import { bundle, type GlobalOptions } from '../context.js';
import { printLine, printTable, printText } from '../output.js';
import { scanCollection } from './scan.js';

export function registerDemo(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  program
    .command('demo')
    .description('scan the bundled sample environment (a fictional AWS account and Kubernetes cluster)')
    .action(async () => {
      const file = demoEnvironmentFile();
      const path = resolve(globals().db ?? process.env.STANCE_DB ?? 'stance-demo.db');
      const collection = loadSnapshot(file);
      const store = await openStore(path);
      try {
        const result = await scanCollection(store, collection, { command: 'demo' });
        const { outcome } = result;
        const rules = new Map(bundle().manifest.rules.map((r) => [r.id, r]));
        const failing = (await store.findings.current({ status: 'fail' })).sort(
          (a, b) =>
            SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
            a.ruleId.localeCompare(b.ruleId),
        );
        const accounts = new Set(
          collection.scopes.filter((s) => s.scope.provider === 'aws').map((s) => s.scope.account),
        );
        const clusters = new Set(
          collection.scopes.filter((s) => s.scope.provider === 'k8s').map((s) => s.scope.account),
        );
        const out: string[] = [
          `Stance demo: scanned the sample environment of "Acme Retail"`,
          `  ${outcome.counts.resources} resources: AWS account(s) ${[...accounts].join(', ')} and Kubernetes cluster(s) ${[...clusters].join(', ')}`,
          `  ${rules.size} rules, ${outcome.counts.pass + outcome.counts.fail + outcome.counts.error} evaluations: ${outcome.counts.pass} pass, ${outcome.counts.fail} fail, ${outcome.counts.error} error`,
          `  scan #${outcome.scanId}` +
            (outcome.scanId > 1
              ? `; ${outcome.scopes.reduce((n, s) => n + s.transitions.length, 0)} status change(s) since the previous demo scan`
              : ''),
          '',
          `Failing (${failing.length}):`,
        ];
        printLine(out.join('\n'));
        printTable(failing, [
          { header: 'severity', value: (f) => f.severity },
          { header: 'rule', value: (f) => f.ruleId },
          { header: 'resource', value: (f) => f.name || f.resourceId, max: 40 },
          { header: 'where', value: (f) => `${f.account}/${f.region}`, max: 30 },
          { header: 'message', value: (f) => f.message, max: 80 },
        ]);
        const db = relative(process.cwd(), path) || path;
        const dbFlag = path === resolve('stance.db') ? '' : ` --db ${db}`;
        printText(
          [
            '',
            `Database: ${path}`,
            'Next:',
            `  npx stance findings --status fail${dbFlag}      # every failing finding`,
            `  npx stance resource '${failing[0]?.resourceId ?? '<id>'}'${dbFlag}`,
            `  npx stance findings --format json${dbFlag}      # for scripts`,
            '',
          ].join('\n'),
        );
        setExit(result.exitCode);
      } finally {
        await store.close();
      }
    });
}
