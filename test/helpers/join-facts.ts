import type { Resource } from '../../src/types.js';

/**
 * The facts the joins of src/enrich write under `config.stance` (listed here on their own, not
 * read from the code under test). A collector or a snapshot written by `stance collect` holds none.
 */
export const JOIN_FACTS = [
  'networkPolicies',
  'role',
  'serviceAccount',
  'services',
  'podDisruptionBudgets',
  'autoscaler',
  'limitRange',
  'dataEvents',
  'monitoring',
  'bucketLogging',
  'networkInterfaces',
  'peerings',
  'kubernetesCluster',
  'eksCluster',
];

/** `<id>: config.stance.<fact>` for every join result among the resources. */
export function joinFactsIn(resources: Pick<Resource, 'id' | 'config'>[]): string[] {
  return resources.flatMap((r) => {
    const stance = (r.config as { stance?: Record<string, unknown> } | null)?.stance ?? {};
    return JOIN_FACTS.filter((f) => f in stance).map((f) => `${r.id}: config.stance.${f}`);
  });
}
