import type { CollectedScope, Collection } from '../types.js';
import { enrichAws } from './aws.js';
import { writableCopy } from './facts.js';
import { enrichEks } from './eks.js';
import { enrichK8s } from './k8s.js';

/**
 * A join across the resources of a whole collection: every scope, account and cluster at once (a
 * trail's bucket may live in another account of the scan; a live cluster lists each kind as its
 * own scope). It writes the facts it owns on resources copied for it (./facts.ts) and never adds or
 * drops a resource.
 */
export type Enricher = (scopes: CollectedScope[]) => void;

/** Run in this order; an enricher may read what an earlier one wrote. */
const ENRICHERS: readonly Enricher[] = [enrichAws, enrichK8s, enrichEks];

/**
 * The enrichment stage (DESIGN.md "Data flow"), run once by the scan pipeline whatever the source:
 * live collectors, manifests and snapshots all hand over what the APIs said. Returns the collection
 * with the same scopes in the same order and their resources enriched; the input is not changed.
 */
export function enrich(collection: Collection): Collection {
  const scopes = collection.scopes.map((s) => ({ ...s, resources: s.resources.map(writableCopy) }));
  for (const enricher of ENRICHERS) enricher(scopes);
  return { ...collection, scopes };
}
