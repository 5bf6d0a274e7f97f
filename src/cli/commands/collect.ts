import type { Command } from 'commander';
import { collectLive } from '../../collect/k8s/live.js';
import { collectManifests } from '../../collect/k8s/manifests.js';
import { writeSnapshot } from '../../collect/snapshot.js';
import type { Collection } from '../../types.js';
import { InputError } from '../../errors.js';
import { checkOutputFile } from '../../util/output-file.js';
import { collectAws } from '../../collect/aws/index.js';
import { addAwsOptions, awsOptionsFrom, hasAwsFlags, type AwsFlags } from '../aws-options.js';
import { printManifestProblems } from './scan.js';
import { stderrLine } from '../output.js';

interface CollectFlags extends AwsFlags {
  out: string;
  manifests?: string[];
  kubeconfig?: string;
  context?: string;
  cluster?: string;
}

export function registerCollect(program: Command, setExit: (code: number) => void): void {
  const command = program
    .command('collect')
    .description(
      'collect an inventory into a snapshot file, without evaluating (scan it later with scan --snapshot)',
    )
    .argument('<target>', 'aws | k8s')
    .requiredOption('--out <file>', 'snapshot file to write')
    .option('--manifests <path...>', 'Kubernetes manifests instead of a live cluster')
    .option('--kubeconfig <file>', 'kubeconfig for a live cluster')
    .option('--context <name>', 'kubeconfig context')
    .option('--cluster <name>', 'cluster name for resource ids');
  addAwsOptions(command).action(async (target: string, flags: CollectFlags) => {
    if (target !== 'k8s' && target !== 'aws') throw new InputError(`collect ${target}: expected aws or k8s`);
    checkOutputFile(flags.out); // before a collection that may take minutes
    if (target === 'k8s' && hasAwsFlags(flags))
      throw new InputError('AWS options (--regions, --role-arn, ...) need collect aws');
    let collection: Collection;
    if (target === 'aws') collection = await collectAws(awsOptionsFrom(flags));
    else if (flags.manifests) {
      const manifests = collectManifests(flags.manifests, { cluster: flags.cluster });
      printManifestProblems(manifests);
      collection = manifests;
    } else
      collection = await collectLive({
        kubeconfig: flags.kubeconfig,
        context: flags.context,
        cluster: flags.cluster,
      });
    writeSnapshot(flags.out, collection);
    const errored = collection.scopes.filter((s) => s.status !== 'ok');
    const count = collection.scopes.reduce((n, s) => n + (s.status === 'ok' ? s.resources.length : 0), 0);
    stderrLine(
      `wrote ${flags.out}: ${count} resources in ${collection.scopes.length} scopes${errored.length ? `, ${errored.length} not listed completely` : ''}`,
    );
    if (errored.length) setExit(3);
  });
}
