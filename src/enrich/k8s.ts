import type { CollectedScope, Resource } from '../types.js';
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
  workloadJoins(scopes);
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

/**
 * Whether the objects of a kind were collected completely for a cluster: a live listing of the
 * kind that succeeded, or a manifest scan whose every file was read (a manifest scan is the set of
 * objects it was given: what is not in the scanned paths does not exist for it, as with
 * NetworkPolicies). `reason` says why not.
 */
export function kindListing(
  scopes: CollectedScope[],
  cluster: string,
  kind: string,
  plural: string,
): { complete: boolean; reason?: string } {
  const sources = scopes.filter(
    (s) =>
      s.scope.provider === 'k8s' &&
      s.scope.account === cluster &&
      (s.scope.service === kind || s.scope.service === 'manifests'),
  );
  if (sources.length === 0) return { complete: false, reason: `${plural} were not collected` };
  const incomplete = sources.filter((s) => s.status !== 'ok');
  if (incomplete.length === 0) return { complete: true };
  return {
    complete: false,
    reason: `${plural} were not listed completely (${incomplete.map((s) => `${s.scope.key}: ${s.error ?? s.status}`).join('; ')})`,
  };
}

type Labels = Record<string, string>;

interface LabelSelector {
  matchLabels?: Record<string, unknown>;
  matchExpressions?: { key?: unknown; operator?: unknown; values?: unknown }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function labelsOf(value: unknown): Labels {
  if (!isRecord(value)) return {};
  const out: Labels = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Whether a label selector (matchLabels and matchExpressions, ANDed) selects these labels, as the
 * API defines it: an empty selector selects everything, an absent (null) one nothing.
 */
export function selectorMatches(selector: unknown, labels: Labels): boolean {
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector as LabelSelector;
  if (isRecord(matchLabels))
    for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of Array.isArray(matchExpressions) ? matchExpressions : []) {
    if (!isRecord(e) || typeof e.key !== 'string') return false;
    const values = Array.isArray(e.values) ? e.values : [];
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service's selector (a plain label map) selects these labels; one without a selector selects nothing. */
function serviceSelects(service: Record<string, unknown>, labels: Labels): boolean {
  const spec = isRecord(service.spec) ? service.spec : {};
  if (spec.type === 'ExternalName' || !isRecord(spec.selector)) return false;
  const entries = Object.entries(spec.selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

const SCALED_TYPES = new Set(['k8s.deployment', 'k8s.statefulset']);

const SERVED_TYPES = new Set([
  'k8s.pod',
  'k8s.deployment',
  'k8s.statefulset',
  'k8s.daemonset',
  'k8s.replicaset',
  'k8s.replicationcontroller',
]);

/** The labels of the Pods a workload runs (a Pod's own). */
function podLabels(config: Record<string, unknown>): Labels {
  if (config.kind === 'Pod')
    return labelsOf((config.metadata as Record<string, unknown> | undefined)?.labels);
  const spec = isRecord(config.spec) ? config.spec : {};
  const template = isRecord(spec.template) ? spec.template : {};
  return labelsOf((template.metadata as Record<string, unknown> | undefined)?.labels);
}

/** A namespaced join source: the objects of one kind by cluster and namespace, and its completeness. */
function byNamespace(scopes: CollectedScope[], type: string): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const s of scopes)
    for (const r of s.resources) {
      if (r.type !== type) continue;
      const key = `${r.account}\u0000${r.region}`;
      const list = out.get(key);
      if (list) list.push(r);
      else out.set(key, [r]);
    }
  return out;
}

/** `{collected: true, names}` when found or complete, else `{collected: false, reason}`. */
function namesFact(
  names: string[],
  listing: { complete: boolean; reason?: string },
): Record<string, unknown> {
  return names.length > 0 || listing.complete
    ? { collected: true, names: names.sort() }
    : { collected: false, reason: listing.reason };
}

const RESOURCE_NAMES = ['cpu', 'memory'] as const;

/** The container defaults of a namespace's LimitRanges: defaultRequest, which defaults to default. */
function limitRangeDefaults(ranges: Resource[]): { requests: string[]; limits: string[] } {
  const requests = new Set<string>();
  const limits = new Set<string>();
  for (const r of ranges) {
    const spec = configOf(r).spec;
    const items = isRecord(spec) && Array.isArray(spec.limits) ? spec.limits : [];
    for (const item of items) {
      if (!isRecord(item) || item.type !== 'Container') continue;
      const defaults = isRecord(item.default) ? item.default : {};
      const defaultRequests = isRecord(item.defaultRequest) ? item.defaultRequest : {};
      for (const name of RESOURCE_NAMES) {
        if (defaults[name] !== undefined && defaults[name] !== null) {
          limits.add(name);
          requests.add(name);
        }
        if (defaultRequests[name] !== undefined && defaultRequests[name] !== null) requests.add(name);
      }
    }
  }
  return { requests: [...requests].sort(), limits: [...limits].sort() };
}

/**
 * Joins a workload to the objects of its namespace that decide workload hygiene rules, each
 * `{collected: false, reason}` when its kind was not collected completely (never a guess):
 * - `config.stance.services` (Pods and long-running workloads): the Services whose selector
 *   matches the Pods' labels;
 * - `config.stance.podDisruptionBudgets` (Deployments, StatefulSets): the budgets whose selector
 *   matches the Pods' labels;
 * - `config.stance.autoscaler` (Deployments, StatefulSets): the HorizontalPodAutoscaler whose
 *   scaleTargetRef names it, with its minReplicas;
 * - `config.stance.limitRange` (every workload): the container resources the namespace's
 *   LimitRanges give defaults for.
 */
function workloadJoins(scopes: CollectedScope[]): void {
  const services = byNamespace(scopes, 'k8s.service');
  const budgets = byNamespace(scopes, 'k8s.poddisruptionbudget');
  const autoscalers = byNamespace(scopes, 'k8s.horizontalpodautoscaler');
  const limitRanges = byNamespace(scopes, 'k8s.limitrange');
  const listings = new Map<string, { complete: boolean; reason?: string }>();
  const listing = (cluster: string, kind: string, plural: string) => {
    const key = `${cluster}\u0000${kind}`;
    let found = listings.get(key);
    if (!found) listings.set(key, (found = kindListing(scopes, cluster, kind, plural)));
    return found;
  };
  for (const r of scopes.flatMap((s) => s.resources)) {
    const workload = WORKLOAD_TYPES.has(r.type);
    if (!workload) continue;
    const config = configOf(r);
    const key = `${r.account}\u0000${r.region}`;
    const labels = podLabels(config);

    if (SERVED_TYPES.has(r.type)) {
      const names = (services.get(key) ?? [])
        .filter((s) => serviceSelects(configOf(s), labels))
        .map((s) => s.name);
      setFact(r, 'services', namesFact(names, listing(r.account, 'Service', 'Services')));
    } else clearFact(r, 'services');

    if (SCALED_TYPES.has(r.type)) {
      const names = (budgets.get(key) ?? [])
        .filter((b) => {
          const spec = configOf(b).spec;
          return isRecord(spec) && selectorMatches(spec.selector, labels);
        })
        .map((b) => b.name);
      setFact(
        r,
        'podDisruptionBudgets',
        namesFact(names, listing(r.account, 'PodDisruptionBudget', 'PodDisruptionBudgets')),
      );
      const kind = config.kind;
      const hpa = (autoscalers.get(key) ?? [])
        .filter((a) => {
          const spec = configOf(a).spec;
          const ref = isRecord(spec) && isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
          return ref.kind === kind && ref.name === r.name;
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1))[0];
      const hpaListing = listing(r.account, 'HorizontalPodAutoscaler', 'HorizontalPodAutoscalers');
      if (hpa) {
        const spec = configOf(hpa).spec as Record<string, unknown>;
        const min = spec.minReplicas;
        setFact(r, 'autoscaler', {
          collected: true,
          found: true,
          name: hpa.name,
          ...(typeof min === 'number' ? { minReplicas: min } : {}),
        });
      } else
        setFact(
          r,
          'autoscaler',
          hpaListing.complete
            ? { collected: true, found: false }
            : { collected: false, reason: hpaListing.reason },
        );
    } else {
      clearFact(r, 'podDisruptionBudgets');
      clearFact(r, 'autoscaler');
    }

    const rangesListing = listing(r.account, 'LimitRange', 'LimitRanges');
    if (rangesListing.complete) {
      const defaults = limitRangeDefaults(limitRanges.get(key) ?? []);
      setFact(r, 'limitRange', {
        collected: true,
        defaultRequests: defaults.requests,
        defaultLimits: defaults.limits,
      });
    } else setFact(r, 'limitRange', { collected: false, reason: rangesListing.reason });
  }
}
