import type { Resource } from '../types.js';

/**
 * A join across the resources of one scope, applied once before evaluation.
 * Enrichers add facts under `config.stance` and must not drop resources.
 */
export type Enricher = (resources: Resource[]) => Resource[];

const enrichers: Enricher[] = [];

export function registerEnricher(enricher: Enricher): void {
  enrichers.push(enricher);
}

export function enrich(resources: Resource[]): Resource[] {
  return enrichers.reduce((current, enricher) => enricher(current), resources);
}
