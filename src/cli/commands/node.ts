import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { checkOutputFile } from '../../util/output-file.js';
import type { Cli } from '../context.js';
import { parseFormat, parseSeverity, parseThreads } from '../options.js';
import { printJson, stderrLine, writeMachineOutput } from '../output.js';
import { printScanSummary } from '../scan-output.js';

interface NodeFlags {
  cluster?: string;
  node?: string;
  root: string;
  out?: string;
  failOn?: string;
  format?: string;
  threads?: string;
}

/**
 * `stance node`: run on a Kubernetes node (a Job or DaemonSet pod with the host's filesystem mounted
 * read-only, see deploy/kubernetes/node-check), it reads the files the CIS benchmarks name and
 * records them as the node's k8s.node_files resource: evaluated into the store like any scan, or
 * written as a snapshot (`--out FILE`, `-` for standard output) for `stance scan --snapshot`.
 */
export function registerNode(program: Command, cli: Cli): void {
  program
    .command('node')
    .description(
      'check the files of the Kubernetes node this runs on (CIS 1.1, 4.1): permissions and owners of manifests, kubeconfigs, PKI, kubelet files',
    )
    .option(
      '--cluster <name>',
      'the cluster name the live scan uses (its kubeconfig cluster, or scan k8s --cluster)',
    )
    .option('--node <name>', "the node's Kubernetes name (default: the host's /etc/hostname)")
    .option('--root <dir>', "where the node's filesystem is mounted", '/')
    .option(
      '--out <file>',
      'write a snapshot instead of evaluating (- for standard output); scan it with scan --snapshot',
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when failing findings at or above this severity remain on this node',
    )
    .option('--threads <n>', 'worker threads for policy evaluation')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: NodeFlags) => nodeCommand(cli, flags));
}

async function nodeCommand(cli: Cli, flags: NodeFlags): Promise<void> {
  const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
  if (flags.cluster === undefined)
    throw new InputError(
      'node: give --cluster NAME, the name the live scan of this cluster uses, so that its reports find this node',
    );
  if (flags.out && flags.failOn) throw new InputError('node: --fail-on needs an evaluation; leave out --out');
  const failOn = flags.failOn ? parseSeverity(flags.failOn, '--fail-on') : undefined;
  const threads = parseThreads(flags.threads);
  if (flags.out && flags.out !== '-') checkOutputFile(flags.out);
  const lib = await cli.lib();
  const collection = await lib.collectNode({ root: flags.root, cluster: flags.cluster, node: flags.node });
  const resource = collection.scopes[0]!.resources[0]!;
  if (flags.out) {
    if (flags.out === '-') writeMachineOutput(await lib.snapshotText(collection));
    else {
      await lib.writeSnapshot(flags.out, collection);
      stderrLine(`wrote ${flags.out}: the files of node ${resource.name} (${resource.id})`);
    }
    return;
  }
  await cli.withStore({}, async (store) => {
    const result = await lib.scan(store, collection, {
      threads,
      failOn,
      command: `node --cluster ${flags.cluster} --node ${resource.name}`,
    });
    if (format === 'json') printJson(lib.scanSummary(result));
    else {
      const severities = new Map(lib.rules().map((r) => [r.id, r.severity]));
      printScanSummary(result, (id) => severities.get(id));
    }
    cli.setExit(result.exitCode);
  });
}
