import { InputError } from '../errors.js';
import type { ClusterFacts, Resource } from '../types.js';
import { sanitizeTerminalField } from '../util/terminal-text.js';

/**
 * The Kubernetes version the API version rules check against (policies/lib/k8s_api.rego), as
 * `input.context.kube_version`: "--kube-version" (or a daemon target's kubeVersion), else the live
 * cluster's own version read with its objects, else "latest" (the newest version the rules know):
 * manifests, and a cluster whose version could not be read.
 */
const MINOR = /^v?1\.(0|[1-9][0-9]{0,2})(\.[0-9]+)?$/;

/** A version given by the user ("v1.31", "1.31" or "v1.31.2"; "latest"), as "v1.31": invalid is an input error. */
export function parseKubeVersion(value: string, where: string): string {
  if (value === 'latest') return value;
  const m = MINOR.exec(value);
  if (!m)
    throw new InputError(
      `${where} "${sanitizeTerminalField(value.slice(0, 40))}${value.length > 40 ? '…' : ''}": expected a Kubernetes version such as v1.31 (or latest)`,
    );
  return `v1.${m[1]}`;
}

/** The "v1.<minor>" of an API server's GET /version answer (gitVersion "v1.31.2-eks-…", or major/minor "1"/"31+"). */
export function serverKubeVersion(info: unknown): string | undefined {
  if (!info || typeof info !== 'object') return undefined;
  const { gitVersion, major, minor } = info as { gitVersion?: unknown; major?: unknown; minor?: unknown };
  const git = typeof gitVersion === 'string' ? /^v(\d{1,3})\.(\d{1,3})(\.|$|-|\+)/.exec(gitVersion) : null;
  if (git) return `v${Number(git[1])}.${Number(git[2])}`;
  const number = (v: unknown) =>
    typeof v === 'string' && /^\d{1,3}\+?$/.test(v) ? Number.parseInt(v, 10) : undefined;
  const maj = number(major);
  const min = number(minor);
  return maj !== undefined && min !== undefined ? `v${maj}.${min}` : undefined;
}

/** The version for a Kubernetes resource: the override, else its cluster's, else "latest". */
export function kubeVersionFor(
  resource: Resource,
  clusters: ClusterFacts[] | undefined,
  override?: string,
): string {
  return override ?? clusters?.find((c) => c.name === resource.account)?.kubeVersion ?? 'latest';
}
