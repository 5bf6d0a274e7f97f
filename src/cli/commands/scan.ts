import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadSnapshot } from '../../collect/snapshot.js';
import { collectManifests, type ManifestCollection } from '../../collect/k8s/manifests.js';
import { collectLive } from '../../collect/k8s/live.js';
import { collectAws } from '../../collect/aws/index.js';
import { addAwsOptions, awsOptionsFrom, hasAwsFlags, type AwsFlags } from '../aws-options.js';
import { InputError } from '../../errors.js';
import { tagKey } from '../../mutes/match.js';
import { createEngine } from '../../policy/engine.js';
import { runScan, scanExitCode, severityAtLeast, type ScanOutcome } from '../../scan/pipeline.js';
import type { Store } from '../../store/index.js';
import { SEVERITIES, type Collection, type Severity } from '../../types.js';
import { bundle, mutesOf, openStore, type GlobalOptions } from '../context.js';
import { loadConfig, type StanceConfig } from '../../config/load.js';
import { finalizeAlerts, Notifier } from '../../notify/alerts.js';
import { deliverPending } from '../../notify/deliver.js';
import { parseFormat } from '../format.js';
import { field, printJson, printLine, printTable, stderrLine } from '../output.js';
import { TerminalProgress } from '../progress.js';
import { parsePssVersion } from '../../scan/pss-version.js';

/** One line per manifest problem (`stance: FILE[:LINE]: reason`) and notice (`stance: note: ...`). */
export function printManifestProblems(collection: ManifestCollection): void {
  const where = (p: { file: string; line?: number }) =>
    p.line === undefined ? p.file : `${p.file}:${p.line}`;
  for (const p of collection.problems) stderrLine(`stance: ${where(p)}: ${p.reason}`);
  for (const n of collection.notices) stderrLine(`stance: note: ${where(n)}: ${n.reason}`);
}

export function parseSeverity(value: string, flag: string): Severity {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new InputError(`${flag} ${value}: expected one of ${SEVERITIES.join(', ')}`);
}

export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new InputError(`--threads ${value}: expected a whole number from 1 to 64`);
  return n;
}

export interface ScanRunOptions {
  threads?: number;
  failOn?: Severity;
  command: string;
  config?: StanceConfig;
  /** Queue and send alerts for this scan's status changes to the config's channels. */
  notify?: boolean;
  /** false: queue the alerts but leave sending them to the caller (the daemon logs each attempt itself). */
  deliver?: boolean;
  /** (resourceId, ruleId) pairs that fail already and do not trip the gate. */
  baseline?: Set<string>;
  /** Pod Security Standards version for every Kubernetes workload (else each namespace's label). */
  pssVersion?: string;
}

const pairKey = (resourceId: string, ruleId: string) => `${resourceId}\u0000${ruleId}`;

/** A baseline is the output of `stance findings --format json`: its failing findings are accepted. */
export function loadBaseline(file: string): Set<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(
      `--baseline ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(error as Error).message})`}`,
    );
  }
  if (!Array.isArray(raw))
    throw new InputError(
      `--baseline ${file}: expected the JSON array written by stance findings --format json`,
    );
  const out = new Set<string>();
  raw.forEach((f: unknown, i) => {
    const r = f as { resourceId?: unknown; ruleId?: unknown; status?: unknown };
    if (typeof r?.resourceId !== 'string' || typeof r.ruleId !== 'string')
      throw new InputError(`--baseline ${file}: [${i}] needs resourceId and ruleId`);
    if (r.status === undefined || r.status === 'fail') out.add(pairKey(r.resourceId, r.ruleId));
  });
  return out;
}

export interface ScanResult {
  outcome: ScanOutcome;
  gateFailures: number;
  exitCode: number;
}

/** Evaluates a collection into the store and works out the exit code. */
export async function scanCollection(
  store: Store,
  collection: Collection,
  opts: ScanRunOptions,
): Promise<ScanResult> {
  const loaded = bundle();
  const channels = opts.notify ? (opts.config?.notify ?? []) : [];
  const notifier = channels.length
    ? new Notifier({
        channels,
        rules: loaded.manifest.rules,
        ownerKey: opts.config!.ownerKey,
        mutes: (await mutesOf(store, new Date(), opts.config)).matcher,
      })
    : undefined;
  const engine = await createEngine({ bundle: loaded, threads: opts.threads });
  let outcome: ScanOutcome;
  try {
    outcome = await runScan({
      store,
      bundle: loaded,
      engine,
      collection,
      command: opts.command,
      progress: new TerminalProgress(),
      notifier,
      pssVersion: opts.pssVersion,
    });
  } finally {
    await engine.close();
  }
  if (notifier) {
    // Alerts never fail a scan: undelivered messages stay in the outbox for the next run or `stance notify flush`.
    await finalizeAlerts(store, channels, new Date(), loaded.manifest.version);
    if (opts.deliver !== false) {
      const delivery = await deliverPending(store, channels, new Date());
      for (const error of delivery.errors) stderrLine(`stance: ${error}`);
    }
  }
  let gateFailures = 0;
  if (opts.failOn) {
    const scanned = new Set(collection.scopes.flatMap((s) => s.resources.map((r) => r.id)));
    const { matcher, tags } = await mutesOf(store, new Date(), opts.config);
    gateFailures = (await store.findings.current({ status: 'fail' })).filter(
      (f) =>
        scanned.has(f.resourceId) &&
        severityAtLeast(f.severity, opts.failOn!) &&
        !opts.baseline?.has(pairKey(f.resourceId, f.ruleId)) &&
        !matcher.match({ ...f, tags: tags?.get(tagKey(f.resourceId, f.sourceFile)) }),
    ).length;
  }
  return { outcome, gateFailures, exitCode: scanExitCode(outcome, gateFailures > 0) };
}

export function scanSummaryJson(result: ScanResult) {
  const { outcome } = result;
  return {
    scanId: outcome.scanId,
    status: outcome.status,
    bundleVersion: outcome.bundleVersion,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: outcome.finishedAt.toISOString(),
    counts: outcome.counts,
    gateFailures: result.gateFailures,
    uncoveredTypes: outcome.uncoveredTypes,
    scopes: outcome.scopes.map((s) => ({
      scope: s.key,
      status: s.status,
      ...(s.error ? { error: s.error } : {}),
      resources: s.resources,
      evaluations: s.evaluations,
      changes: s.transitions.length,
    })),
    // A first scan of a large estate changes every pair: the list is capped (the rest is one
    // query away) so the summary stays small; counts cover all of them.
    transitionCounts: transitionCounts(outcome),
    transitions: outcome.scopes.flatMap((s) => s.transitions).slice(0, MAX_JSON_TRANSITIONS),
    transitionsOmitted: Math.max(
      0,
      outcome.scopes.reduce((n, s) => n + s.transitions.length, 0) - MAX_JSON_TRANSITIONS,
    ),
  };
}

const MAX_JSON_TRANSITIONS = 1000;

function transitionCounts(outcome: ScanOutcome) {
  const counts = { newlyFailing: 0, resolved: 0, total: 0 };
  for (const s of outcome.scopes) {
    for (const t of s.transitions) {
      counts.total++;
      if (t.to === 'fail') counts.newlyFailing++;
      else if (t.from === 'fail') counts.resolved++;
    }
  }
  return counts;
}

export function printScanSummary(
  result: ScanResult,
  severityOf: (ruleId: string) => Severity | undefined,
): void {
  const { outcome } = result;
  const errored = outcome.scopes.filter((s) => s.status !== 'ok');
  const seconds = ((outcome.finishedAt.getTime() - outcome.startedAt.getTime()) / 1000).toFixed(1);
  const out: string[] = [];
  out.push(
    `Scan ${outcome.scanId} (${outcome.status}) in ${seconds}s: ${outcome.counts.resources} resources in ${outcome.scopes.length} scopes` +
      (errored.length ? `, ${errored.length} scope(s) could not be listed` : ''),
  );
  out.push(
    `  evaluations: ${outcome.counts.pass} pass, ${outcome.counts.fail} fail, ${outcome.counts.error} error`,
  );
  const transitions = outcome.scopes.flatMap((s) => s.transitions);
  const newFailures = transitions.filter((t) => t.to === 'fail');
  const resolved = transitions.filter((t) => t.from === 'fail' && t.to !== 'fail');
  if (transitions.length === 0) out.push('  no changes since the previous scan of these scopes');
  else
    out.push(
      `  changes: ${newFailures.length} newly failing, ${resolved.length} resolved, ${transitions.length} status changes in all`,
    );
  printLine(out.join('\n'));
  if (newFailures.length) {
    const shown = 20;
    printLine(
      `\nNewly failing${newFailures.length > shown ? ` (first ${shown} of ${newFailures.length})` : ''}:`,
    );
    const rows = [...newFailures].sort(
      (a, b) =>
        SEVERITIES.indexOf(severityOf(b.ruleId) ?? 'info') -
          SEVERITIES.indexOf(severityOf(a.ruleId) ?? 'info') || a.resourceId.localeCompare(b.resourceId),
    );
    printTable(rows.slice(0, shown), [
      { header: 'severity', value: (t) => severityOf(t.ruleId) ?? '?' },
      { header: 'rule', value: (t) => t.ruleId },
      { header: 'resource', value: (t) => t.resourceId, max: 70 },
      ...(rows.some((t) => t.source)
        ? [
            {
              header: 'location',
              value: (t: (typeof rows)[number]) => (t.source ? `${t.source.file}:${t.source.line}` : ''),
              max: 60,
            },
          ]
        : []),
      { header: 'message', value: (t) => t.message, max: 90 },
    ]);
    if (newFailures.length > shown)
      printLine(`… and ${newFailures.length - shown} more: stance findings --new --status fail`);
  }
  if (errored.length) {
    printLine(
      '\nScopes not listed completely (nothing in them was marked deleted; findings not re-evaluated are kept):',
    );
    printTable(errored, [
      { header: 'scope', value: (s) => s.key },
      { header: 'error', value: (s) => s.error ?? '' },
    ]);
  }
  if (outcome.uncoveredTypes.length) {
    printLine(
      `\nStored without evaluation (no rule covers these types): ${outcome.uncoveredTypes.map(field).join(', ')}`,
    );
  }
  if (result.gateFailures)
    printLine(`\n--fail-on: ${result.gateFailures} failing finding(s) at or above the threshold`);
}

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
}

export function registerScan(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('scan')
    .description('collect, evaluate every rule and record the results')
    .argument('[target]', 'aws | k8s | all (live collection); use --snapshot to scan a snapshot file')
    .option('--snapshot <file>', 'scan a snapshot file (DESIGN.md format; - for stdin)')
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
      `worker threads for policy evaluation (default: up to ${Math.min(4, availableParallelism())} for large inventories)`,
    )
    .option(
      '--pss-version <version>',
      "Pod Security Standards version for every workload: latest or v1.<minor> (default: each namespace's pod-security.kubernetes.io/enforce-version label, else latest)",
    )
    .option('--format <format>', 'table | json', 'table');
  addAwsOptions(command).action(async (target: string | undefined, flags: ScanFlags) => {
    const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
    const baseline = flags.baseline ? loadBaseline(flags.baseline) : undefined;
    // a baseline without a threshold gates on any new failure
    const failOn = flags.failOn ? parseSeverity(flags.failOn, '--fail-on') : baseline ? 'info' : undefined;
    const threads = parseThreads(flags.threads);
    const pssVersion =
      flags.pssVersion === undefined ? undefined : parsePssVersion(flags.pssVersion, '--pss-version');
    if (flags.snapshot && flags.manifests)
      throw new InputError('scan: give either --snapshot or --manifests, not both');
    if (flags.manifests && target && target !== 'k8s')
      throw new InputError(
        `scan ${target}: --manifests are Kubernetes objects; use scan k8s --manifests PATH`,
      );
    if (target && !['aws', 'k8s', 'all'].includes(target))
      throw new InputError(`scan ${target}: expected aws, k8s or all`);
    const liveAws = (target === 'aws' || target === 'all') && !flags.snapshot;
    const live = (target === 'k8s' || target === 'all') && !flags.manifests && !flags.snapshot;
    if (hasAwsFlags(flags) && !liveAws)
      throw new InputError('AWS options (--regions, --role-arn, ...) need scan aws or scan all');
    if (pssVersion && target === 'aws' && !flags.snapshot)
      throw new InputError(
        '--pss-version applies to Kubernetes workloads: scan k8s, all, --manifests or --snapshot',
      );
    if (!flags.snapshot && !flags.manifests && !live && !liveAws)
      throw new InputError(
        'scan: nothing to scan; give aws, k8s or all, --snapshot FILE or --manifests PATH',
      );
    const config = flags.config ? loadConfig(flags.config) : undefined;
    if (flags.notify && !config?.notify.length)
      throw new InputError('--notify: give --config FILE with a notify: section listing channels');
    let collection: Collection;
    if (liveAws || live) {
      const parts: Collection[] = [];
      if (liveAws) parts.push(await collectAws(awsOptionsFrom(flags)));
      if (live)
        parts.push(
          await collectLive({ kubeconfig: flags.kubeconfig, context: flags.context, cluster: flags.cluster }),
        );
      collection = { collectedAt: parts[0]!.collectedAt, scopes: parts.flatMap((p) => p.scopes) };
    } else if (flags.manifests) {
      const manifests = collectManifests(flags.manifests, { cluster: flags.cluster });
      printManifestProblems(manifests);
      collection = manifests;
    } else collection = loadSnapshot(flags.snapshot!);
    const store = await openStore(globals());
    try {
      const command =
        liveAws || live
          ? `scan ${target}${flags.context ? ` --context ${flags.context}` : ''}${flags.regions ? ` --regions ${flags.regions}` : ''}`
          : flags.manifests
            ? `scan k8s --manifests ${flags.manifests.join(' ')}`
            : `scan --snapshot ${flags.snapshot}`;
      const result = await scanCollection(store, collection, {
        threads,
        failOn,
        command,
        config,
        notify: flags.notify,
        baseline,
        pssVersion,
      });
      if (format === 'json') printJson(scanSummaryJson(result));
      else {
        const severities = new Map(bundle().manifest.rules.map((r) => [r.id, r.severity]));
        printScanSummary(result, (id) => severities.get(id));
      }
      setExit(result.exitCode);
    } finally {
      await store.close();
    }
  });
}
