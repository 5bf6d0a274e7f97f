import { InputError } from '../errors.js';
import type { Resource } from '../types.js';
import { sanitizeTerminalField } from '../util/terminal-text.js';

/**
 * The Pod Security Standards version a workload is checked against, as Pod Security Admission
 * chooses it: the enforce-version label of the workload's namespace, else "latest". The rules get
 * it as `input.context.pss_version` and know which checks and values apply at each version
 * (policies/lib/pss.rego).
 */
export const PSS_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** The values Pod Security Admission accepts for the label: "latest" or "v1.<minor>". */
const VERSION = /^(latest|v1\.([0-9]|[1-9][0-9]*))$/;

export function isPssVersion(value: unknown): value is string {
  return typeof value === 'string' && VERSION.test(value);
}

/** A version given by the user (--pss-version, a daemon target's pssVersion): invalid is an input error. */
export function parsePssVersion(value: string, where: string): string {
  if (!VERSION.test(value))
    throw new InputError(
      `${where} "${sanitizeTerminalField(value.slice(0, 40))}${value.length > 40 ? '…' : ''}": expected "latest" or v1.<minor> such as v1.34`,
    );
  return value;
}

/**
 * The version each namespace pins, keyed by cluster and namespace. A label that is not a valid
 * version counts as "latest", which is what Pod Security Admission enforces for it.
 */
export function namespaceVersions(resources: Iterable<Resource>): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) {
    if (r.provider !== 'k8s' || r.type !== 'k8s.namespace') continue;
    const labels = (r.config as { metadata?: { labels?: Record<string, unknown> } } | null)?.metadata?.labels;
    const value = labels?.[PSS_VERSION_LABEL];
    if (value !== undefined) out.set(key(r.account, r.name), isPssVersion(value) ? value : 'latest');
  }
  return out;
}

/** The version for a Kubernetes resource: the override, else its namespace's label, else "latest". */
export function pssVersionFor(resource: Resource, versions: Map<string, string>, override?: string): string {
  return override ?? versions.get(key(resource.account, resource.region)) ?? 'latest';
}

const key = (cluster: string, namespace: string) => `${cluster}\u0000${namespace}`;
