import type { Provider, Resource, ScopeRef } from '../types.js';

/** Scope references: the unit listed completely or not at all (DESIGN.md "Scopes"). */

export function awsScope(account: string, region: string, service: string): ScopeRef {
  return { key: `aws/${account}/${region}/${service}`, provider: 'aws', account, region, service };
}

export function k8sScope(cluster: string, kind: string): ScopeRef {
  return {
    key: `k8s/${cluster}/${kind}`,
    provider: 'k8s',
    account: cluster,
    region: '_cluster',
    service: kind,
  };
}

/**
 * The files of one node, as `stance node` read them on it: a scope per node, so a node check never
 * marks another node's results deleted.
 */
export function nodeFilesScope(cluster: string, node: string): ScopeRef {
  return k8sScope(cluster, `${NODE_FILES_KIND}/${node}`);
}

/** The kind of the resource `stance node` records (type k8s.node_files). */
export const NODE_FILES_KIND = 'NodeFiles';
export const NODE_FILES_TYPE = 'k8s.node_files';

export function manifestScope(cluster: string, path: string): ScopeRef {
  return {
    key: `manifests/${cluster}/${path}`,
    provider: 'k8s',
    account: cluster,
    region: '_cluster',
    service: 'manifests',
  };
}

/** "aws.ec2.security_group" → "ec2"; "aws.account" → "account". */
export function awsServiceOf(type: string): string {
  const parts = type.split('.');
  return parts[1] ?? type;
}

/** The Kubernetes kind of a resource: the object's own `kind`, else derived from the type. */
export function k8sKindOf(resource: Resource): string {
  const kind = (resource.config as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && kind) return kind;
  const suffix = resource.type.split('.').slice(1).join('');
  return suffix.charAt(0).toUpperCase() + suffix.slice(1);
}

export function isProvider(value: unknown): value is Provider {
  return value === 'aws' || value === 'k8s';
}
