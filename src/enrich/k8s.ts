import type { CollectedScope, Collection } from '../collect/snapshot.js';

/**
 * Joins across Kubernetes kinds, done once after collection (a live cluster lists each kind as its
 * own scope; a manifest scan has one scope per file) and when a snapshot is loaded.
 *
 * Each Namespace gets `config.stance.networkPolicies`: the number of NetworkPolicies in it among
 * the collected objects. A live scan counts the cluster's NetworkPolicy listing; a manifest scan
 * counts the NetworkPolicies in the scanned paths, so the same objects give the same verdict both
 * ways. When none were found and the listing is incomplete (the NetworkPolicy scope errored or
 * was not collected, or a manifest file could not be read completely) the fact is
 * `{collected: false, error}` and the rule reports `error` instead of an invented failure.
 */
export function enrichK8s<C extends Collection>(collection: C): C {
  const byCluster = new Map<string, CollectedScope[]>();
  for (const scope of collection.scopes) {
    if (scope.scope.provider !== 'k8s') continue;
    byCluster.set(scope.scope.account, [...(byCluster.get(scope.scope.account) ?? []), scope]);
  }
  for (const scopes of byCluster.values()) {
    const namespaces = scopes.flatMap((s) => s.resources).filter((r) => r.type === 'k8s.namespace');
    if (namespaces.length === 0) continue;
    const sources = scopes.filter((s) => s.scope.service === 'NetworkPolicy' || s.scope.service === 'manifests');
    const incomplete = sources.filter((s) => s.status !== 'ok');
    const why =
      sources.length === 0
        ? 'NetworkPolicies were not collected'
        : incomplete.length > 0
          ? `NetworkPolicies were not listed completely (${incomplete.map((s) => `${s.scope.key}: ${s.error ?? s.status}`).join('; ')})`
          : undefined;
    const counts = new Map<string, number>();
    for (const r of sources.flatMap((s) => s.resources)) {
      if (r.type === 'k8s.networkpolicy') counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
    }
    for (const ns of namespaces) {
      const count = counts.get(ns.name) ?? 0;
      const config = ns.config as Record<string, unknown>;
      const stance = (config.stance ?? {}) as Record<string, unknown>;
      if (stance.networkPolicies !== undefined) continue; // a snapshot that carries the join already
      const networkPolicies = count > 0 || !why ? count : { collected: false, error: why };
      ns.config = { ...config, stance: { ...stance, networkPolicies } };
    }
  }
  return collection;
}
