import { Option, type Command } from 'commander';
import { InputError } from '../../errors.js';
import type { ScanSource } from '../../index.js';
import { checkOutputFile } from '../../util/output-file.js';
import { addAwsOptions, awsOptionsFrom, hasAwsFlags, type AwsFlags } from '../aws-options.js';
import type { Cli } from '../context.js';
import { stderrLine } from '../output.js';
import { TerminalProgress } from '../progress.js';
import { printManifestProblems } from '../scan-output.js';

interface CollectFlags extends AwsFlags {
  output?: string;
  out?: string;
  manifests?: string[];
  kubeconfig?: string;
  context?: string;
  cluster?: string;
}

export function registerCollect(program: Command, cli: Cli): void {
  const command = program
    .command('collect')
    .description(
      'collect an inventory into a snapshot file, without evaluating (scan it later with scan --snapshot)',
    )
    .argument('<target>', 'aws | k8s')
    .option('-o, --output <file>', 'snapshot file to write (required)')
    .addOption(new Option('--out <file>', 'the same as --output').hideHelp())
    .option('--manifests <path...>', 'Kubernetes manifests instead of a live cluster')
    .option('--kubeconfig <file>', 'kubeconfig for a live cluster')
    .option('--context <name>', 'kubeconfig context')
    .option('--cluster <name>', 'cluster name for resource ids');
  addAwsOptions(command, cli.awsServicesHelp).action((target: string, flags: CollectFlags) =>
    collectCommand(cli, target, flags),
  );
}

async function collectCommand(cli: Cli, target: string, flags: CollectFlags): Promise<void> {
  if (target !== 'k8s' && target !== 'aws') throw new InputError(`collect ${target}: expected aws or k8s`);
  const out = flags.output ?? flags.out;
  if (!out) throw new InputError('collect: give -o/--output FILE, the snapshot file to write');
  checkOutputFile(out); // before a collection that may take minutes
  const lib = await cli.lib();
  if (target === 'k8s' && hasAwsFlags(flags))
    throw new InputError('AWS options (--regions, --role-arn, ...) need collect aws');
  const source: ScanSource =
    target === 'aws'
      ? { aws: awsOptionsFrom(flags) }
      : flags.manifests
        ? { manifests: { paths: flags.manifests, cluster: flags.cluster } }
        : { kubernetes: { kubeconfig: flags.kubeconfig, context: flags.context, cluster: flags.cluster } };
  const { collection, ...problems } = await lib.collect(source, {
    onProgress: new TerminalProgress().report,
  });
  printManifestProblems(problems);
  await lib.writeSnapshot(out, collection);
  const errored = collection.scopes.filter((s) => s.status !== 'ok');
  const count = collection.scopes.reduce((n, s) => n + (s.status === 'ok' ? s.resources.length : 0), 0);
  stderrLine(
    `wrote ${out}: ${count} resources in ${collection.scopes.length} scopes${errored.length ? `, ${errored.length} not listed completely` : ''}`,
  );
  if (errored.length) cli.setExit(3);
}
