import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Collection, ScanSource } from '../../index.js';
import { addAwsOptions, awsOptionsFrom, hasAwsFlags, type AwsFlags } from '../aws-options.js';
import type { Cli } from '../context.js';
import { parseFormat, parseSeverity, parseThreads } from '../options.js';
import { checkOutputFile, writeOutputFile } from '../../util/output-file.js';
import { stderrLine, writeMachineOutput } from '../output.js';
import { TerminalProgress } from '../progress.js';
import { printDeliveryErrors, printManifestProblems, printScanSummary } from '../scan-output.js';

interface ScanFlags extends AwsFlags {
  baseline?: string;
  kubeconfig?: string;
  context?: string;
  snapshot?: string;
  manifests?: string[];
  cluster?: string;
  config?: string;
  notify?: boolean;
  failOn?: string;
  format?: string;
  threads?: string;
  pssVersion?: string;
  kubeVersion?: string;
  systemNamespaces?: string;
  output?: string;
  policies?: string[];
}

const FORMATS = ['table', 'json', 'csv', 'sarif', 'junit'] as const;

export function registerScan(program: Command, cli: Cli): void {
  const command = program
    .command('scan')
    .description('collect, evaluate every rule and record the results')
    .argument('[target]', 'aws | k8s | all (live collection); use --snapshot to scan a snapshot file')
    .option('--snapshot <file>', 'scan a snapshot file (written by stance collect; - for stdin)')
    .option(
      '--manifests <path...>',
      'Kubernetes manifests: files, directories, - for stdin (multi-document YAML, JSON, List, Helm/Kustomize output)',
    )
    .option(
      '--cluster <name>',
      'cluster name for resource ids (default: the kubeconfig context\'s cluster; manifests: "manifests")',
    )
    .option(
      '--kubeconfig <file>',
      'kubeconfig for a live cluster (default: $KUBECONFIG, ~/.kube/config or in-cluster)',
    )
    .option('--context <name>', 'kubeconfig context to scan')
    .option('--config <file>', 'stance.yaml: notification channels, mutes, owner key')
    .option(
      '--policies <dir...>',
      "user rule directories built by stance policy build, evaluated beside the built-in rules (default: the config's policies)",
    )
    .option(
      '--notify',
      'send alerts for newly failing (and, if configured, resolved) findings to the configured channels',
    )
    .option(
      '--baseline <file>',
      'accepted failures (stance findings --format json): only findings not in it trip --fail-on',
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when failing findings at or above this severity remain in the scanned scopes',
    )
    .option(
      '--threads <n>',
      `worker threads for policy evaluation; 1 evaluates in the main thread (default for large inventories: one per core but the one that records, up to 4; here ${Math.max(1, Math.min(4, availableParallelism() - 1))})`,
    )
    .option(
      '--pss-version <version>',
      "Pod Security Standards version for every workload: latest or v1.<minor> (default: each namespace's pod-security.kubernetes.io/enforce-version label, else latest)",
    )
    .option(
      '--kube-version <version>',
      "Kubernetes version the API version rules check against, e.g. v1.31 (default: the live cluster's, else the newest the rules know)",
    )
    .option(
      '--system-namespaces <names>',
      "comma-separated namespaces the workload hygiene rules skip (default: kube-system,kube-public,kube-node-lease, or the config's kubernetes.systemNamespaces)",
    )
    .option(
      '-f, --format <format>',
      'table | json (the scan summary) | csv | sarif | junit (the findings of the scanned resources)',
      'table',
    )
    .option('-o, --output <file>', 'write the --format output to this file (the summary still prints)');
  addAwsOptions(command, cli.awsServicesHelp).action((target: string | undefined, flags: ScanFlags) =>
    scanCommand(cli, target, flags),
  );
}

/** What to collect, from the target and flags; every contradiction is a usage error. */
function scanSource(target: string | undefined, flags: ScanFlags): { source: ScanSource; command: string } {
  if (flags.snapshot && flags.manifests)
    throw new InputError('scan: give either --snapshot or --manifests, not both');
  if (flags.manifests && target && target !== 'k8s')
    throw new InputError(`scan ${target}: --manifests are Kubernetes objects; use scan k8s --manifests PATH`);
  if (target && !['aws', 'k8s', 'all'].includes(target))
    throw new InputError(`scan ${target}: expected aws, k8s or all`);
  const liveAws = (target === 'aws' || target === 'all') && !flags.snapshot;
  const liveK8s = (target === 'k8s' || target === 'all') && !flags.manifests && !flags.snapshot;
  if (hasAwsFlags(flags) && !liveAws)
    throw new InputError('AWS options (--regions, --role-arn, ...) need scan aws or scan all');
  if (flags.pssVersion && target === 'aws' && !flags.snapshot)
    throw new InputError(
      '--pss-version applies to Kubernetes workloads: scan k8s, all, --manifests or --snapshot',
    );
  for (const [given, flag] of [
    [flags.kubeVersion, '--kube-version'],
    [flags.systemNamespaces, '--system-namespaces'],
  ] as const)
    if (given && target === 'aws' && !flags.snapshot)
      throw new InputError(`${flag} applies to Kubernetes objects: scan k8s, all, --manifests or --snapshot`);
  if (liveAws || liveK8s) {
    const k8s = { kubeconfig: flags.kubeconfig, context: flags.context, cluster: flags.cluster };
    return {
      source: { ...(liveAws ? { aws: awsOptionsFrom(flags) } : {}), ...(liveK8s ? { kubernetes: k8s } : {}) },
      command: `scan ${target}${flags.context ? ` --context ${flags.context}` : ''}${flags.regions ? ` --regions ${flags.regions}` : ''}`,
    };
  }
  if (flags.manifests)
    return {
      source: { manifests: { paths: flags.manifests, cluster: flags.cluster } },
      command: `scan k8s --manifests ${flags.manifests.join(' ')}`,
    };
  if (flags.snapshot)
    return { source: { snapshot: flags.snapshot }, command: `scan --snapshot ${flags.snapshot}` };
  throw new InputError('scan: nothing to scan; give aws, k8s or all, --snapshot FILE or --manifests PATH');
}

/**
 * CI mode: a manifests or snapshot scan with no database named (no --db, no STANCE_DB) runs on an
 * in-memory store; nothing is kept, "new" is relative to --baseline and alerts have no history.
 */
function ciMode(cli: Cli, flags: ScanFlags): boolean {
  return Boolean(flags.manifests || flags.snapshot) && !cli.globals().db && !process.env.STANCE_DB;
}

async function scanCommand(cli: Cli, target: string | undefined, flags: ScanFlags): Promise<void> {
  const format = parseFormat(flags.format, FORMATS, 'table');
  if (flags.output) {
    if (format === 'table') throw new InputError('--output: give --format json, csv, sarif or junit');
    checkOutputFile(flags.output);
  }
  const lib = await cli.lib();
  const baseline = flags.baseline ? lib.loadBaseline(flags.baseline) : undefined;
  // a baseline without a threshold gates on any new failure
  const failOn = flags.failOn ? parseSeverity(flags.failOn, '--fail-on') : baseline ? 'info' : undefined;
  const threads = parseThreads(flags.threads);
  const pssVersion =
    flags.pssVersion === undefined ? undefined : lib.parsePssVersion(flags.pssVersion, '--pss-version');
  const kubeVersion =
    flags.kubeVersion === undefined ? undefined : lib.parseKubeVersion(flags.kubeVersion, '--kube-version');
  const systemNamespaces =
    flags.systemNamespaces === undefined
      ? undefined
      : lib.parseSystemNamespaces(flags.systemNamespaces, '--system-namespaces');
  const { source, command } = scanSource(target, flags);
  const stateless = ciMode(cli, flags);
  if (flags.notify && stateless)
    throw new InputError(
      '--notify: a manifests or snapshot scan with no database keeps no history to alert on; give --db FILE (or STANCE_DB)',
    );
  const config = await cli.config(flags.config);
  if (flags.notify && !config?.notify.length)
    throw new InputError('--notify: give --config FILE with a notify: section listing channels');
  const startedAt = new Date();
  const progress = new TerminalProgress();
  const collected = await lib.collect(source, { onProgress: progress.report });
  printManifestProblems(collected);
  printClusterNotes(collected.collection, kubeVersion);
  await cli.withStore(stateless ? { location: ':memory:' } : {}, async (store) => {
    const result = await lib.scan(store, collected.collection, {
      command,
      threads,
      failOn,
      baseline,
      config,
      notify: flags.notify,
      pssVersion,
      kubeVersion,
      systemNamespaces,
      startedAt,
      policies: flags.policies,
      onProgress: progress.report,
    });
    printDeliveryErrors(result.deliveryErrors);
    let machine: string | undefined;
    if (format === 'json') machine = JSON.stringify(lib.scanSummary(result), null, 2) + '\n';
    else if (format !== 'table')
      machine = lib.renderFindings(await lib.scanFindings(store, result, { config }), format, {
        rules: lib.rules({ policies: flags.policies ?? config?.policies }),
      });
    if (machine !== undefined && !flags.output) writeMachineOutput(machine);
    else {
      if (machine !== undefined && flags.output) {
        writeOutputFile(flags.output, machine);
        stderrLine(`wrote ${flags.output}`);
      }
      const severities = new Map(
        lib.rules({ policies: flags.policies ?? config?.policies }).map((r) => [r.id, r.severity]),
      );
      printScanSummary(result, (id) => severities.get(id), {
        moreCommand: stateless ? 'the same scan with -f csv (or sarif, junit, json) -o FILE' : undefined,
        scores: await lib.scanScores(store, result, { config }),
      });
    }
    cli.setExit(result.exitCode);
  });
}

/**
 * One note per live cluster whose version could not be read: its API versions are checked against
 * the newest version the rules know (unless --kube-version says which).
 */
function printClusterNotes(collection: Collection, kubeVersion: string | undefined): void {
  if (kubeVersion) return;
  for (const c of collection.clusters ?? [])
    if (c.kubeVersionError)
      stderrLine(
        `stance: note: cluster ${c.name}: the Kubernetes version is not known (${c.kubeVersionError}); API versions are checked against the newest version the rules know (give --kube-version)`,
      );
}
