import { NODE_FILES_KIND } from '../model/scopes.js';
import type { AsOfResult, Store } from '../store/index.js';

/**
 * Node checks in reports (docs/decisions/0008-node-checks.md). `stance node` records each node's
 * files in a scope of its own (k8s/<cluster>/NodeFiles/<node>), run on the node at its own time,
 * while the live scan lists the cluster's Nodes. A report joins the two at its instant:
 *
 * - every Node the cluster's live listing had then, but no node check has recorded, is `error`
 *   (not observed) for each node-file rule: a cluster never passes a node-file control for nodes
 *   nobody looked at;
 * - a node check of a node the listing no longer has (scaled in, replaced) does not count: its
 *   results stay in the store, but no longer speak for the cluster.
 *
 * A cluster whose Nodes were never listed (node checks only) counts every node check it has.
 * Nodes that cannot run `stance node` are not expected: EKS Fargate nodes (AWS keeps their files),
 * Windows nodes (the benchmark's files are Linux paths) and virtual kubelets.
 */

type ScopeInfo = AsOfResult['scopes'][number];

export interface MissingNodeCheck {
  cluster: string;
  node: string;
  /** The id the node's k8s.node_files resource will have. */
  resourceId: string;
}

export interface NodeCoverage {
  /** Does a node check in this scope speak for its cluster (false: its node has left)? */
  counts(cluster: string, scopeKey: string): boolean;
  /** Nodes listed in a scope of the report without any node check. */
  missing: MissingNodeCheck[];
}

const nodeOfScope = (key: string): string | undefined => {
  const marker = `/${NODE_FILES_KIND}/`;
  const at = key.lastIndexOf(marker);
  return at < 0 ? undefined : key.slice(at + marker.length);
};

/** Nodes where no node check can run, or where the benchmark's node files are not the user's. */
export function expectsNodeCheck(labels: Record<string, string>): boolean {
  return (
    labels['eks.amazonaws.com/compute-type'] !== 'fargate' &&
    labels['kubernetes.io/os'] !== 'windows' &&
    labels.type !== 'virtual-kubelet'
  );
}

/** `scopes`: the report's scopes (already filtered); Nodes are read from the store at `at`. */
export async function nodeCoverage(store: Store, at: Date, scopes: ScopeInfo[]): Promise<NodeCoverage> {
  const listing = new Map<string, string>(); // cluster → key of its live Node scope
  for (const s of scopes) if (s.provider === 'k8s' && s.service === 'Node') listing.set(s.account, s.key);
  const nodes = new Map<string, Set<string>>(); // cluster → Nodes its listing had at `at`
  for (const cluster of listing.keys()) nodes.set(cluster, new Set());
  const listed = listing.size === 0 ? [] : await store.resources.existedAt(at, 'k8s.node');
  for (const r of listed) {
    if (listing.get(r.account) !== r.scopeKey || !expectsNodeCheck(r.tags)) continue;
    nodes.get(r.account)!.add(r.name);
  }
  const checked = new Map<string, Set<string>>(); // cluster → nodes with a node-check scope
  for (const s of scopes) {
    const node =
      s.provider === 'k8s' && s.service.startsWith(`${NODE_FILES_KIND}/`) ? nodeOfScope(s.key) : undefined;
    if (node === undefined) continue;
    const set = checked.get(s.account) ?? new Set<string>();
    set.add(node);
    checked.set(s.account, set);
  }
  const missing: MissingNodeCheck[] = [];
  for (const [cluster, listed] of nodes) {
    for (const node of [...listed].sort()) {
      if (!checked.get(cluster)?.has(node))
        missing.push({ cluster, node, resourceId: `k8s://${cluster}/_cluster/${NODE_FILES_KIND}/${node}` });
    }
  }
  return {
    counts: (cluster, scopeKey) => {
      const node = nodeOfScope(scopeKey);
      const listed = nodes.get(cluster);
      return node === undefined || listed === undefined || listed.has(node);
    },
    missing,
  };
}
