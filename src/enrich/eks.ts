import { NODE_FILES_TYPE } from '../model/scopes.js';
import type { CollectedScope, Resource } from '../types.js';
import { clearFact, configOf, setFact } from './facts.js';

/**
 * An EKS cluster and the Kubernetes cluster scanned through its API, when one scan (or snapshot)
 * holds both: `stance scan all` with the cluster's kubeconfig (docs/decisions/0009-eks.md).
 *
 * The Kubernetes cluster is found by its name, the one the live scan gives it: the EKS cluster's
 * ARN (what `aws eks update-kubeconfig` names it), its name, or eksctl's `<name>.<region>.eksctl.io`.
 * A name that fits several EKS clusters (the same name in two regions) joins none of them.
 *
 * - aws.eks.cluster gets `stance.kubernetesCluster`: the Kubernetes cluster's name, how many Nodes
 *   its listing has, and how many of them a node check (k8s.node_files) of the same scan covers.
 * - k8s.node and k8s.node_files of that cluster get `stance.eksCluster`: the EKS cluster's ARN,
 *   name, account, region and version, and for a Node of a managed node group the node group's ARN.
 *
 * Both are recomputed on every run: removed where the other side is not in the scan.
 */

const CLUSTER_SIDE_TYPES = new Set(['k8s.node', NODE_FILES_TYPE]);

interface EksCluster {
  resource: Resource;
  arn: string;
  name: string;
  account: string;
  region: string;
  version: string | null;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The names a kubeconfig gives an EKS cluster. */
function namesOf(c: EksCluster): string[] {
  return [c.arn, c.name, `${c.name}.${c.region}.eksctl.io`];
}

export function enrichEks(scopes: CollectedScope[]): void {
  const resources = scopes.flatMap((s) => s.resources);
  const clusters: EksCluster[] = [];
  const groups = new Map<string, string>(); // "<cluster arn>\0<node group name>" → node group ARN
  for (const r of resources) {
    const config = configOf(r);
    if (r.type === 'aws.eks.cluster') {
      const arn = text(config.arn) ?? r.id;
      clusters.push({
        resource: r,
        arn,
        name: text(config.name) ?? r.name,
        account: r.account,
        region: r.region,
        version: text(config.version) ?? null,
      });
    }
  }
  for (const r of resources) {
    if (r.type !== 'aws.eks.nodegroup') continue;
    const config = configOf(r);
    const owner = clusters.find(
      (c) => c.account === r.account && c.region === r.region && c.name === text(config.clusterName),
    );
    const group = text(config.nodegroupName);
    if (owner && group) groups.set(`${owner.arn}\u0000${group}`, r.id);
  }

  // Kubernetes cluster name → the one EKS cluster it names (undefined when several do)
  const byName = new Map<string, EksCluster | undefined>();
  for (const c of clusters)
    for (const name of namesOf(c))
      byName.set(name, byName.has(name) && byName.get(name) !== c ? undefined : c);
  const k8sClusters = new Set(scopes.filter((s) => s.scope.provider === 'k8s').map((s) => s.scope.account));
  const joined = new Map<string, EksCluster>(); // Kubernetes cluster name → EKS cluster
  for (const name of k8sClusters) {
    const c = byName.get(name);
    if (c) joined.set(name, c);
  }

  for (const c of clusters) {
    const k8s = [...joined].find(([, e]) => e === c)?.[0];
    if (k8s === undefined) {
      clearFact(c.resource, 'kubernetesCluster');
      continue;
    }
    const of = (type: string) => resources.filter((r) => r.type === type && r.account === k8s);
    setFact(c.resource, 'kubernetesCluster', {
      cluster: k8s,
      nodes: of('k8s.node').length,
      nodeChecks: of(NODE_FILES_TYPE).length,
    });
  }

  for (const r of resources) {
    if (!CLUSTER_SIDE_TYPES.has(r.type)) continue;
    const c = joined.get(r.account);
    if (!c) {
      clearFact(r, 'eksCluster');
      continue;
    }
    const labels = r.tags ?? {};
    const group = labels['eks.amazonaws.com/nodegroup'];
    const groupArn = group ? groups.get(`${c.arn}\u0000${group}`) : undefined;
    setFact(r, 'eksCluster', {
      arn: c.arn,
      name: c.name,
      account: c.account,
      region: c.region,
      version: c.version,
      ...(groupArn ? { nodegroup: groupArn } : {}),
    });
  }
}
