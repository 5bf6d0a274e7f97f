import { InputError } from '../errors.js';
import { sanitizeTerminalField } from '../util/terminal-text.js';

/**
 * Namespaces whose workloads belong to the cluster itself (its provider or operator): the workload
 * hygiene rules (image tags, resources, probes, replicas, Services, ...) skip them; security rules
 * (Pod Security Standards, CIS, RBAC, credentials) do not. Rules get the list as
 * `input.context.system_namespaces`; stance.yaml `kubernetes.systemNamespaces` or
 * `--system-namespaces` replace it.
 */
export const DEFAULT_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/** A namespace name as the API accepts it (an RFC 1123 label). */
export const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `--system-namespaces a,b,c` ("" for none): each must be a namespace name. */
export function parseSystemNamespaces(value: string, where: string): string[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const bad = names.find((n) => !NAMESPACE_NAME.test(n));
  if (bad !== undefined)
    throw new InputError(
      `${where} "${sanitizeTerminalField(bad.slice(0, 70))}": not a namespace name (lower-case letters, digits and "-", at most 63)`,
    );
  return [...new Set(names)];
}
