import type { CollectedScope } from '../types.js';
import { clearFact, configOf, setFact } from './facts.js';

/**
 * Joins across Kubernetes kinds (a live cluster lists each kind as its own scope; a manifest scan
 * has one scope per file). Each fact is recomputed on every run (a snapshot's copy is replaced).
 */

const WORKLOAD_TYPES = new Set([
  'k8s.pod',
  'k8s.deployment',
  'k8s.statefulset',
  'k8s.daemonset',
  'k8s.replicaset',
  'k8s.replicationcontroller',
  'k8s.job',
  'k8s.cronjob',
]);

interface PodSpecLike {
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  serviceAccount?: string;
}

function podSpecOf(object: Record<string, unknown>): PodSpecLike | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (object.kind === 'Pod') return spec as PodSpecLike;
  if (object.kind === 'CronJob') {
    return (
      (spec.jobTemplate as { spec?: { template?: { spec?: PodSpecLike } } } | undefined)?.spec?.template
        ?.spec ?? undefined
    );
  }
  return (spec.template as { spec?: PodSpecLike } | undefined)?.spec;
}

/**
 * Each workload whose pod spec does not decide token automounting itself gets
 * `config.stance.serviceAccount`: the service account it runs as and that account's
 * automountServiceAccountToken, or `{collected: false}` when the account is not among the
 * collected objects (its kind not listed, or a manifest scan without it), so live and manifest
 * scans of the same objects agree.
 */
function serviceAccountTokens(scopes: CollectedScope[]): void {
  const accounts = new Map<string, Record<string, unknown>>();
  const listed = new Set(
    scopes
      .filter((s) => s.scope.service === 'ServiceAccount' && s.status === 'ok')
      .map((s) => s.scope.account),
  );
  const resources = scopes.flatMap((s) => s.resources);
  for (const r of resources) {
    if (r.type === 'k8s.serviceaccount') accounts.set(`${r.account}/${r.region}/${r.name}`, configOf(r));
  }
  for (const r of resources) {
    if (!WORKLOAD_TYPES.has(r.type)) continue;
    const spec = podSpecOf(configOf(r));
    if (!spec || typeof spec.automountServiceAccountToken === 'boolean') {
      clearFact(r, 'serviceAccount'); // the pod decides itself: the account's setting does not matter
      continue;
    }
    const name = spec.serviceAccountName || spec.serviceAccount || 'default';
    const account = accounts.get(`${r.account}/${r.region}/${name}`);
    // Not found: a manifest scan without it, or a listing that lacks it (every real namespace has
    // "default"); either way its setting is unknown, never assumed.
    const serviceAccount = account
      ? {
          collected: true,
          name,
          automount:
            typeof account.automountServiceAccountToken === 'boolean'
              ? account.automountServiceAccountToken
              : null,
        }
      : { collected: false, name, listed: listed.has(r.account) };
    setFact(r, 'serviceAccount', serviceAccount);
  }
}

interface RoleRef {
  kind?: unknown;
  name?: unknown;
}

/**
 * Each RoleBinding and ClusterRoleBinding gets `config.stance.role`: the role its roleRef names,
 * with that role's rules, so a rule can judge what the binding grants whatever the role is called.
 * `{collected: true, kind, name, exists: true, rules}` when the role is among the collected
 * objects; `{collected: true, exists: false}` when a complete live listing of its kind does not
 * have it (it grants nothing); `{collected: false, reason}` when its kind was not listed
 * completely or the scan saw manifests only (the role may live in the cluster).
 */
function bindingRoles(scopes: CollectedScope[]): void {
  const roles = new Map<string, Record<string, unknown>>();
  const resources = scopes.flatMap((s) => s.resources);
  for (const r of resources) {
    if (r.type === 'k8s.role' || r.type === 'k8s.clusterrole') {
      const kind = r.type === 'k8s.role' ? 'Role' : 'ClusterRole';
      roles.set(roleKey(r.account, kind, r.region, r.name), configOf(r));
    }
  }
  const listed = (cluster: string, kind: string) =>
    scopes.some((s) => s.scope.account === cluster && s.scope.service === kind && s.status === 'ok');
  for (const r of resources) {
    if (r.type !== 'k8s.rolebinding' && r.type !== 'k8s.clusterrolebinding') continue;
    const ref = (configOf(r).roleRef ?? {}) as RoleRef;
    const kind = typeof ref.kind === 'string' ? ref.kind : '';
    const name = typeof ref.name === 'string' ? ref.name : '';
    let role: Record<string, unknown>;
    if ((kind !== 'Role' && kind !== 'ClusterRole') || !name) {
      role = { collected: false, kind, name, reason: 'the binding has no valid roleRef' };
    } else {
      // A RoleBinding's Role is in the binding's own namespace; ClusterRoles are cluster-wide.
      const found = roles.get(roleKey(r.account, kind, r.region, name));
      if (found) {
        role = {
          collected: true,
          exists: true,
          kind,
          name,
          rules: Array.isArray(found.rules) ? found.rules : [],
        };
      } else if (listed(r.account, kind)) {
        role = { collected: true, exists: false, kind, name, rules: [] };
      } else {
        role = {
          collected: false,
          kind,
          name,
          reason: `${kind} ${name} is not among the collected objects`,
        };
      }
    }
    setFact(r, 'role', role);
  }
}

function roleKey(cluster: string, kind: string, namespace: string, name: string): string {
  return kind === 'ClusterRole'
    ? `${cluster}\u0000ClusterRole\u0000${name}`
    : `${cluster}\u0000Role\u0000${namespace}\u0000${name}`;
}

export function enrichK8s(scopes: CollectedScope[]): void {
  serviceAccountTokens(scopes);
  bindingRoles(scopes);
  networkPolicies(scopes);
}

/**
 * Each Namespace gets `config.stance.networkPolicies`: the number of NetworkPolicies in it among
 * the collected objects. A live scan counts the cluster's NetworkPolicy listing; a manifest scan
 * counts the NetworkPolicies in the scanned paths, so the same objects give the same verdict both
 * ways. When none were found and the listing is incomplete (the NetworkPolicy scope errored or
 * was not collected, or a manifest file could not be read completely) the fact is
 * `{collected: false, error}` and the rule reports `error` instead of an invented failure.
 */
function networkPolicies(all: CollectedScope[]): void {
  const byCluster = new Map<string, CollectedScope[]>();
  for (const scope of all) {
    if (scope.scope.provider !== 'k8s') continue;
    byCluster.set(scope.scope.account, [...(byCluster.get(scope.scope.account) ?? []), scope]);
  }
  for (const scopes of byCluster.values()) {
    const namespaces = scopes.flatMap((s) => s.resources).filter((r) => r.type === 'k8s.namespace');
    if (namespaces.length === 0) continue;
    const sources = scopes.filter(
      (s) => s.scope.service === 'NetworkPolicy' || s.scope.service === 'manifests',
    );
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
      setFact(ns, 'networkPolicies', count > 0 || !why ? count : { collected: false, error: why });
    }
  }
}
